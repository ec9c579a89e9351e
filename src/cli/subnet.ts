/** `isthmus subnet create|list|show|update|delete` over /v1/{project_id}/subnets. */
import { Command } from 'commander';
import { UsageError } from './errors.js';
import { clientOf, printDone, printList, printResource, run, withClientFlags, type CommonFlags } from './kit.js';
import { resolveId } from './resolve.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export const subnetColumns = [
  { header: 'ID', value: (s: any) => s.id },
  { header: 'NAME', value: (s: any) => s.name },
  { header: 'CIDR', value: (s: any) => s.cidr },
  { header: 'GATEWAY_IP', value: (s: any) => s.gateway_ip },
  { header: 'VPC_ID', value: (s: any) => s.vpc_id },
  { header: 'STATUS', value: (s: any) => s.status },
];

/** The first host address of an IPv4 CIDR, the usual gateway. */
export function firstHost(cidr: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new UsageError(`${JSON.stringify(cidr)} is not an IPv4 CIDR such as 192.168.1.0/24`);
  const prefix = Number(m[5]);
  const base = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const gw = ((base & mask) + 1) >>> 0;
  return [gw >>> 24, (gw >>> 16) & 255, (gw >>> 8) & 255, gw & 255].join('.');
}

type SubnetFlags = CommonFlags & {
  vpc?: string; cidr?: string; gatewayIp?: string; description?: string; name?: string;
  dhcp?: boolean; primaryDns?: string; secondaryDns?: string; availabilityZone?: string;
};

export function subnetCommand(): Command {
  const subnet = new Command('subnet').description('subnets of a VPC (/v1/{project_id}/subnets)');

  withClientFlags(subnet.command('create <name>').description('create a subnet in a VPC')
    .requiredOption('--vpc <vpc>', 'VPC (id or name)')
    .requiredOption('--cidr <cidr>', 'address range inside the VPC, e.g. 192.168.1.0/24')
    .option('--gateway-ip <ip>', 'gateway address (default: the first host of the CIDR)')
    .option('--description <text>', 'description')
    .option('--no-dhcp', 'disable DHCP (dhcp_enable false)')
    .option('--primary-dns <ip>', 'primary DNS server')
    .option('--secondary-dns <ip>', 'secondary DNS server')
    .option('--availability-zone <az>', 'availability zone'))
    .action(run(async (name: string, o: SubnetFlags) => {
      const c = clientOf(o);
      const vpcId = await resolveId(c, 'vpc', o.vpc!);
      const { body } = await c.post(c.v1('/subnets'), {
        subnet: {
          name, cidr: o.cidr, gateway_ip: o.gatewayIp ?? firstHost(o.cidr!), vpc_id: vpcId,
          ...(o.description !== undefined ? { description: o.description } : {}),
          ...(o.dhcp === false ? { dhcp_enable: false } : {}),
          ...(o.primaryDns ? { primary_dns: o.primaryDns } : {}),
          ...(o.secondaryDns ? { secondary_dns: o.secondaryDns } : {}),
          ...(o.availabilityZone ? { availability_zone: o.availabilityZone } : {}),
        },
      });
      printResource(o.output, body, body.subnet);
    }));

  withClientFlags(subnet.command('list').description('list subnets, optionally of one VPC')
    .option('--vpc <vpc>', 'only this VPC\'s (id or name)'))
    .action(run(async (o: SubnetFlags) => {
      const c = clientOf(o);
      const vpcId = o.vpc ? await resolveId(c, 'vpc', o.vpc) : undefined;
      const { body } = await c.get(c.v1('/subnets'), { vpc_id: vpcId });
      printList(o.output, body, body.subnets, subnetColumns);
    }));

  withClientFlags(subnet.command('show <subnet>').description('show a subnet (id or name)'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const { body } = await c.get(c.v1(`/subnets/${await resolveId(c, 'subnet', ref)}`));
      printResource(o.output, body, body.subnet);
    }));

  withClientFlags(subnet.command('update <subnet>').description('rename or re-describe a subnet, or change its DHCP/DNS settings')
    .option('--name <name>', 'new name')
    .option('--description <text>', 'new description')
    .option('--dhcp', 'enable DHCP')
    .option('--no-dhcp', 'disable DHCP')
    .option('--primary-dns <ip>', 'primary DNS server')
    .option('--secondary-dns <ip>', 'secondary DNS server'))
    .action(run(async (ref: string, o: SubnetFlags) => {
      const c = clientOf(o);
      const id = await resolveId(c, 'subnet', ref);
      const current = (await c.get(c.v1(`/subnets/${id}`))).body.subnet;
      const { body } = await c.put(c.v1(`/vpcs/${current.vpc_id}/subnets/${id}`), {
        subnet: {
          name: o.name ?? current.name, // the API requires the name
          ...(o.description !== undefined ? { description: o.description } : {}),
          ...(o.dhcp !== undefined ? { dhcp_enable: o.dhcp } : {}),
          ...(o.primaryDns ? { primary_dns: o.primaryDns } : {}),
          ...(o.secondaryDns ? { secondary_dns: o.secondaryDns } : {}),
        },
      });
      printResource(o.output, body, body.subnet);
    }));

  withClientFlags(subnet.command('delete <subnet>').description('delete a subnet (it must have no ports)'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const id = await resolveId(c, 'subnet', ref);
      const current = (await c.get(c.v1(`/subnets/${id}`))).body.subnet;
      await c.delete(c.v1(`/vpcs/${current.vpc_id}/subnets/${id}`));
      printDone(o.output, `deleted subnet ${id}`);
    }));
  return subnet;
}
