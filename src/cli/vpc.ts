/** `isthmus vpc create|list|show|update|delete` over /v1/{project_id}/vpcs. */
import { Command } from 'commander';
import { clientOf, printDone, printList, printResource, run, withClientFlags, type CommonFlags } from './kit.js';
import { resolveId } from './resolve.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export const vpcColumns = [
  { header: 'ID', value: (v: any) => v.id },
  { header: 'NAME', value: (v: any) => v.name },
  { header: 'CIDR', value: (v: any) => v.cidr },
  { header: 'STATUS', value: (v: any) => v.status },
  { header: 'DESCRIPTION', value: (v: any) => v.description },
];

type VpcFlags = CommonFlags & { cidr?: string; description?: string; name?: string; enterpriseProjectId?: string };

export function vpcCommand(): Command {
  const vpc = new Command('vpc').description('virtual private clouds (VPC, /v1/{project_id}/vpcs)');

  withClientFlags(vpc.command('create <name>').description('create a VPC')
    .option('--cidr <cidr>', 'address range, e.g. 192.168.0.0/16')
    .option('--description <text>', 'description')
    .option('--enterprise-project-id <id>', 'enterprise project'))
    .action(run(async (name: string, o: VpcFlags) => {
      const c = clientOf(o);
      const { body } = await c.post(c.v1('/vpcs'), {
        vpc: { name, ...(o.cidr ? { cidr: o.cidr } : {}), ...(o.description !== undefined ? { description: o.description } : {}),
          ...(o.enterpriseProjectId ? { enterprise_project_id: o.enterpriseProjectId } : {}) },
      });
      printResource(o.output, body, body.vpc);
    }));

  withClientFlags(vpc.command('list').description('list the VPCs of the project'))
    .action(run(async (o: CommonFlags) => {
      const c = clientOf(o);
      const { body } = await c.get(c.v1('/vpcs'));
      printList(o.output, body, body.vpcs, vpcColumns);
    }));

  withClientFlags(vpc.command('show <vpc>').description('show a VPC (id or name)'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const { body } = await c.get(c.v1(`/vpcs/${await resolveId(c, 'vpc', ref)}`));
      printResource(o.output, body, body.vpc);
    }));

  withClientFlags(vpc.command('update <vpc>').description('rename, re-describe or change the CIDR of a VPC')
    .option('--name <name>', 'new name')
    .option('--cidr <cidr>', 'new CIDR (must contain every subnet)')
    .option('--description <text>', 'new description'))
    .action(run(async (ref: string, o: VpcFlags) => {
      const c = clientOf(o);
      const id = await resolveId(c, 'vpc', ref);
      const { body } = await c.put(c.v1(`/vpcs/${id}`), {
        vpc: { ...(o.name !== undefined ? { name: o.name } : {}), ...(o.cidr ? { cidr: o.cidr } : {}),
          ...(o.description !== undefined ? { description: o.description } : {}) },
      });
      printResource(o.output, body, body.vpc);
    }));

  withClientFlags(vpc.command('delete <vpc>').description('delete a VPC (it must have no subnets, peerings or routes)'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const id = await resolveId(c, 'vpc', ref);
      await c.delete(c.v1(`/vpcs/${id}`));
      printDone(o.output, `deleted vpc ${id}`);
    }));
  return vpc;
}
