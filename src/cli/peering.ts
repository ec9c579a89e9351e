/** `isthmus peering create|list|show|accept|reject|rename|update|delete` over /v2.0/vpc/peerings. */
import { Command, Option } from 'commander';
import { clientOf, printDone, printList, printResource, run, withClientFlags, type CommonFlags } from './kit.js';
import { resolveId } from './resolve.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export const peeringColumns = [
  { header: 'ID', value: (p: any) => p.id },
  { header: 'NAME', value: (p: any) => p.name },
  { header: 'STATUS', value: (p: any) => p.status },
  { header: 'REQUEST_VPC', value: (p: any) => p.request_vpc_info?.vpc_id },
  { header: 'REQUEST_TENANT', value: (p: any) => p.request_vpc_info?.tenant_id },
  { header: 'ACCEPT_VPC', value: (p: any) => p.accept_vpc_info?.vpc_id },
  { header: 'ACCEPT_TENANT', value: (p: any) => p.accept_vpc_info?.tenant_id },
];

type PeeringFlags = CommonFlags & {
  requestVpc?: string; acceptVpc?: string; acceptTenantId?: string; description?: string; name?: string;
  status?: string; vpc?: string;
};

export function peeringCommand(): Command {
  const peering = new Command('peering').description('VPC peering connections (/v2.0/vpc/peerings)');

  withClientFlags(peering.command('create <name>').description(
    'request a peering: ACTIVE at once within the project, PENDING_ACCEPTANCE toward another project')
    .requiredOption('--request-vpc <vpc>', 'your VPC (request_vpc_info.vpc_id; id or name)')
    .requiredOption('--accept-vpc <vpc>', 'the peer VPC (accept_vpc_info.vpc_id; a name only for your own VPCs)')
    .option('--accept-tenant-id <project>', 'the peer VPC\'s project (accept_vpc_info.tenant_id; default: yours)')
    .option('--description <text>', 'description'))
    .action(run(async (name: string, o: PeeringFlags) => {
      const c = clientOf(o);
      const requestVpcId = await resolveId(c, 'vpc', o.requestVpc!);
      const foreign = o.acceptTenantId !== undefined && o.acceptTenantId !== c.projectId;
      // Another project's VPCs cannot be listed, so they are named by id.
      const acceptVpcId = foreign ? o.acceptVpc! : await resolveId(c, 'vpc', o.acceptVpc!);
      const { body } = await c.post('/v2.0/vpc/peerings', {
        peering: {
          name, ...(o.description !== undefined ? { description: o.description } : {}),
          request_vpc_info: { vpc_id: requestVpcId, tenant_id: c.projectId },
          accept_vpc_info: { vpc_id: acceptVpcId, tenant_id: o.acceptTenantId ?? c.projectId },
        },
      });
      printResource(o.output, body, body.peering);
    }));

  withClientFlags(peering.command('list').description('list the peerings the project is a party to')
    .option('--name <name>', 'name')
    .addOption(new Option('--status <status>', 'status').choices(['PENDING_ACCEPTANCE', 'REJECTED', 'EXPIRED', 'DELETED', 'ACTIVE']))
    .option('--vpc <vpc>', 'either end (vpc_id; id or name)'))
    .action(run(async (o: PeeringFlags) => {
      const c = clientOf(o);
      const vpcId = o.vpc ? await resolveId(c, 'vpc', o.vpc) : undefined;
      const { body } = await c.get('/v2.0/vpc/peerings', { name: o.name, status: o.status, vpc_id: vpcId });
      printList(o.output, body, body.peerings, peeringColumns);
    }));

  withClientFlags(peering.command('show <peering>').description('show a peering (id or name)'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const { body } = await c.get(`/v2.0/vpc/peerings/${await resolveId(c, 'peering', ref)}`);
      printResource(o.output, body, body.peering);
    }));

  for (const verb of ['accept', 'reject'] as const) {
    withClientFlags(peering.command(`${verb} <peering>`).description(`${verb} a pending request (the accepting project only)`))
      .action(run(async (ref: string, o: CommonFlags) => {
        const c = clientOf(o);
        const { body } = await c.put(`/v2.0/vpc/peerings/${await resolveId(c, 'peering', ref)}/${verb}`);
        printResource(o.output, body, body); // these answer the bare peering
      }));
  }

  withClientFlags(peering.command('rename <peering> <new-name>').description('rename a peering (either party)'))
    .action(run(async (ref: string, newName: string, o: CommonFlags) => {
      const c = clientOf(o);
      const { body } = await c.put(`/v2.0/vpc/peerings/${await resolveId(c, 'peering', ref)}`, { peering: { name: newName } });
      printResource(o.output, body, body.peering);
    }));

  withClientFlags(peering.command('update <peering>').description('rename or re-describe a peering')
    .option('--name <name>', 'new name')
    .option('--description <text>', 'new description'))
    .action(run(async (ref: string, o: PeeringFlags) => {
      const c = clientOf(o);
      const { body } = await c.put(`/v2.0/vpc/peerings/${await resolveId(c, 'peering', ref)}`, {
        peering: { ...(o.name !== undefined ? { name: o.name } : {}), ...(o.description !== undefined ? { description: o.description } : {}) },
      });
      printResource(o.output, body, body.peering);
    }));

  withClientFlags(peering.command('delete <peering>').description('delete a peering (either party); its routes go with it'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const id = await resolveId(c, 'peering', ref);
      await c.delete(`/v2.0/vpc/peerings/${id}`);
      printDone(o.output, `deleted peering ${id}`);
    }));
  return peering;
}
