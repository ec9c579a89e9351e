/**
 * `isthmus port create|list|show|update|delete` over /v1/{project_id}/ports. A port with
 * a device_owner is an instance (an ECS server, an RDS database, ...).
 */
import { Command } from 'commander';
import { clientOf, printDone, printList, printResource, run, withClientFlags, type CommonFlags } from './kit.js';
import { resolveId } from './resolve.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export const portColumns = [
  { header: 'ID', value: (p: any) => p.id },
  { header: 'NAME', value: (p: any) => p.name },
  { header: 'IP_ADDRESS', value: (p: any) => p.fixed_ips?.map((f: any) => f.ip_address) },
  { header: 'NETWORK_ID', value: (p: any) => p.network_id },
  { header: 'DEVICE_OWNER', value: (p: any) => p.device_owner },
  { header: 'STATUS', value: (p: any) => p.status },
];

type PortFlags = CommonFlags & {
  subnet?: string; ipAddress?: string; deviceOwner?: string; deviceId?: string; name?: string; status?: string;
};

export function portCommand(): Command {
  const port = new Command('port').description('ports and instances (/v1/{project_id}/ports)');

  withClientFlags(port.command('create <name>').description('create a port in a subnet; with --device-owner it is an instance')
    .requiredOption('--subnet <subnet>', 'subnet (network_id; id or name)')
    .option('--ip-address <ip>', 'fixed IP to take (default: the next free one)')
    .option('--device-owner <owner>', 'e.g. compute:eu-de-01 (an ECS server) or database:rds')
    .option('--device-id <id>', 'device id'))
    .action(run(async (name: string, o: PortFlags) => {
      const c = clientOf(o);
      const subnetId = await resolveId(c, 'subnet', o.subnet!);
      const { body } = await c.post(c.v1('/ports'), {
        port: {
          name, network_id: subnetId,
          ...(o.ipAddress ? { fixed_ips: [{ subnet_id: subnetId, ip_address: o.ipAddress }] } : {}),
          ...(o.deviceOwner ? { device_owner: o.deviceOwner } : {}),
          ...(o.deviceId ? { device_id: o.deviceId } : {}),
        },
      });
      printResource(o.output, body, body.port);
    }));

  withClientFlags(port.command('list').description('list ports, with filters')
    .option('--subnet <subnet>', 'network_id (id or name)')
    .option('--name <name>', 'port name')
    .option('--device-owner <owner>', 'device_owner')
    .option('--device-id <id>', 'device_id')
    .option('--ip-address <ip>', 'fixed_ips=ip_address=IP')
    .option('--status <status>', 'ACTIVE | DOWN'))
    .action(run(async (o: PortFlags) => {
      const c = clientOf(o);
      const networkId = o.subnet ? await resolveId(c, 'subnet', o.subnet) : undefined;
      const { body } = await c.get(c.v1('/ports'), {
        network_id: networkId, name: o.name, device_owner: o.deviceOwner, device_id: o.deviceId, status: o.status,
        fixed_ips: o.ipAddress ? `ip_address=${o.ipAddress}` : undefined,
      });
      printList(o.output, body, body.ports, portColumns);
    }));

  withClientFlags(port.command('show <port>').description('show a port (id or name)'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const { body } = await c.get(c.v1(`/ports/${await resolveId(c, 'port', ref)}`));
      printResource(o.output, body, body.port);
    }));

  withClientFlags(port.command('update <port>').description('rename a port')
    .requiredOption('--name <name>', 'new name'))
    .action(run(async (ref: string, o: PortFlags) => {
      const c = clientOf(o);
      const id = await resolveId(c, 'port', ref);
      const { body } = await c.put(c.v1(`/ports/${id}`), { port: { name: o.name } });
      printResource(o.output, body, body.port);
    }));

  withClientFlags(port.command('delete <port>').description('delete a port (an EIP bound to it is unbound)'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const id = await resolveId(c, 'port', ref);
      await c.delete(c.v1(`/ports/${id}`));
      printDone(o.output, `deleted port ${id}`);
    }));
  return port;
}
