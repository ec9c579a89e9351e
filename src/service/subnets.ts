import { createHash } from 'node:crypto';
import { Errors } from '../domain/errors.js';
import type { Subnet } from '../domain/entities.js';
import { newId } from '../domain/ids.js';
import { checkDescription, checkGateway, checkName, checkSubnetCidr, reservedAddresses, routeInsideSubnet } from '../domain/rules.js';
import { SubnetStatus } from '../domain/statuses.js';
import { overlaps, parseCidr, parseIpv4, isIpv4 } from '../net/index.js';
import type { PageRequest } from '../store/repos/page.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, type Caller, type ServiceDeps } from './context.js';
import { ownVpc } from './vpcs.js';

export interface SubnetCreate {
  name: string;
  description?: string;
  cidr: string;
  gatewayIp: string;
  vpcId: string;
  dhcpEnable?: boolean;
  primaryDns?: string;
  secondaryDns?: string;
  dnsList?: string[];
  availabilityZone?: string;
  extraDhcpOpts?: Array<{ opt_name: string; opt_value?: string }>;
  ipv6Enable?: boolean;
}

export interface SubnetUpdate {
  name: string;
  description?: string;
  dhcpEnable?: boolean;
  primaryDns?: string;
  secondaryDns?: string;
  dnsList?: string[];
  extraDhcpOpts?: Array<{ opt_name: string; opt_value?: string }>;
}

/** Huawei's internal DNS servers, the default when a subnet names none. */
const DEFAULT_DNS = ['100.125.4.25', '100.125.129.199'];

export async function ownSubnet(tx: StoreTx, caller: Caller, id: string): Promise<Subnet> {
  const subnet = await tx.subnets.get(id);
  if (!subnet || subnet.projectId !== caller.projectId) throw Errors.subnetNotFound(id);
  return subnet;
}

/** The Neutron subnet id Huawei shows beside the v1 subnet (which is the Neutron network). */
export function neutronSubnetId(subnetId: string): string {
  const h = createHash('sha256').update(`neutron-subnet:${subnetId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function checkDns(fields: { primaryDns?: string; secondaryDns?: string; dnsList?: string[] }): void {
  for (const ip of [fields.primaryDns, fields.secondaryDns, ...(fields.dnsList ?? [])]) {
    if (ip !== undefined && ip !== '' && !isIpv4(ip)) throw Errors.subnetInvalid(`${JSON.stringify(ip)} is not an IPv4 address`);
  }
}

function checkDhcpOpts(opts: SubnetCreate['extraDhcpOpts']): void {
  for (const opt of opts ?? []) {
    if (!['ntp', 'addresstime', 'ipv6_addresstime'].includes(opt.opt_name)) {
      throw Errors.subnetInvalid(`extra_dhcp_opts opt_name must be ntp, addresstime or ipv6_addresstime, got ${JSON.stringify(opt.opt_name)}`);
    }
    if (opt.opt_name === 'ntp' && opt.opt_value !== undefined && opt.opt_value !== '') {
      const ips = opt.opt_value.split(',');
      if (ips.length > 4 || ips.some((ip) => !isIpv4(ip.trim()))) {
        throw Errors.subnetInvalid('ntp opt_value must be up to 4 comma-separated IPv4 addresses');
      }
    }
  }
}

/** Resolves DNS settings as Huawei does: a lone secondary becomes the primary. */
function dnsOf(input: { primaryDns?: string; secondaryDns?: string; dnsList?: string[] }, dhcp: boolean) {
  let primary = input.primaryDns ?? '';
  let secondary = input.secondaryDns ?? '';
  if (primary === '' && secondary !== '') [primary, secondary] = [secondary, ''];
  if (primary === '' && !input.dnsList?.length && dhcp) [primary, secondary] = [DEFAULT_DNS[0]!, DEFAULT_DNS[1]!];
  const list = input.dnsList?.length ? input.dnsList : [primary, secondary].filter((d) => d !== '');
  return { primary, secondary, list };
}

export class SubnetService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(caller: Caller, input: SubnetCreate): Promise<Subnet> {
    const nameProblem = checkName(input.name, { required: true }) ?? checkDescription(input.description ?? '');
    if (nameProblem) throw Errors.subnetInvalid(nameProblem);
    if (input.ipv6Enable) throw Errors.subnetInvalid('IPv6 subnets are not supported by this endpoint');
    checkDns(input);
    checkDhcpOpts(input.extraDhcpOpts);
    const now = nowIso(this.deps);
    return this.deps.store.audited(caller).write(async (tx) => {
      await tx.lockProjects(caller.projectId);
      const vpc = await ownVpc(tx, caller, input.vpcId);
      if (vpc.cidr === '') throw Errors.subnetOutsideVpc();
      const cidrCheck = checkSubnetCidr(input.cidr, vpc.cidr);
      if (cidrCheck.error === 'cidr') throw Errors.subnetCidrInvalid(cidrCheck.detail);
      if (cidrCheck.error === 'range') throw Errors.subnetOutsideVpc();
      const gatewayProblem = checkGateway(input.gatewayIp, input.cidr);
      if (gatewayProblem) throw Errors.subnetInvalid(gatewayProblem);
      const block = parseCidr(input.cidr)!;
      const reserved = reservedAddresses(block);
      const gw = parseIpv4(input.gatewayIp)!;
      if (gw !== block.network + 1 && reserved.has(gw)) throw Errors.subnetInvalid(`gateway_ip ${input.gatewayIp} is a reserved address of the subnet`);
      const siblings = await tx.subnets.ofVpc(vpc.id);
      if (siblings.some((s) => overlaps(parseCidr(s.cidr)!, block))) throw Errors.subnetConflict();
      // Rule 18 holds whichever came first, the route or the subnet (domain/rules.ts).
      const tables = await tx.routeTables.ofVpc(vpc.id);
      const routed = routeInsideSubnet(input.cidr, await tx.routeTables.routesOfTables(tables.map((t) => t.id)));
      if (routed) throw Errors.subnetOverlapsRoute(input.cidr, routed.destination, routed.type);
      await this.deps.quotas.ensureRoom(tx, caller.projectId, 'subnet', () => tx.subnets.countInProject(caller.projectId), Errors.subnetQuota);
      const table = await tx.routeTables.defaultOf(vpc.id);
      const dhcp = input.dhcpEnable ?? true;
      const dns = dnsOf(input, dhcp);
      const subnet: Subnet = {
        id: newId(), projectId: caller.projectId, vpcId: vpc.id, name: input.name, description: input.description ?? '',
        cidr: input.cidr, gatewayIp: input.gatewayIp, dhcpEnable: dhcp, primaryDns: dns.primary, secondaryDns: dns.secondary,
        dnsList: dns.list, availabilityZone: input.availabilityZone ?? '', extraDhcpOpts: input.extraDhcpOpts ?? [],
        routeTableId: table!.id, status: this.deps.config.realisedOnCommit ? SubnetStatus.Active : SubnetStatus.Unknown,
        createdAt: now, updatedAt: now,
      };
      await tx.subnets.insert(subnet);
      return subnet;
    });
  }

  show(caller: Caller, id: string): Promise<Subnet> {
    return ownSubnet(this.deps.store.read, caller, id);
  }

  list(caller: Caller, filter: { vpcId?: string }, page: PageRequest) {
    return this.deps.store.read.subnets.list(caller.projectId, filter, page);
  }

  async update(caller: Caller, vpcId: string, id: string, input: SubnetUpdate): Promise<Subnet> {
    const problem = checkName(input.name, { required: true }) ?? checkDescription(input.description ?? '');
    if (problem) throw Errors.subnetInvalid(problem);
    checkDns(input);
    checkDhcpOpts(input.extraDhcpOpts);
    return this.deps.store.audited(caller).write(async (tx) => {
      await ownVpc(tx, caller, vpcId);
      const subnet = await ownSubnet(tx, caller, id);
      if (subnet.vpcId !== vpcId) throw Errors.subnetNotInVpc();
      const dnsGiven = input.primaryDns !== undefined || input.secondaryDns !== undefined || input.dnsList !== undefined;
      const dhcp = input.dhcpEnable ?? subnet.dhcpEnable;
      const dns = dnsGiven ? dnsOf(input, dhcp) : { primary: subnet.primaryDns, secondary: subnet.secondaryDns, list: subnet.dnsList };
      const updated: Subnet = {
        ...subnet, name: input.name, description: input.description ?? subnet.description, dhcpEnable: dhcp,
        primaryDns: dns.primary, secondaryDns: dns.secondary, dnsList: dns.list,
        extraDhcpOpts: input.extraDhcpOpts ?? subnet.extraDhcpOpts, updatedAt: nowIso(this.deps),
      };
      await tx.subnets.update(updated);
      return updated;
    });
  }

  async delete(caller: Caller, vpcId: string, id: string): Promise<void> {
    await this.deps.store.audited(caller).write(async (tx) => {
      await tx.lockProjects(caller.projectId); // serialised with port creation (no orphan port)
      await ownVpc(tx, caller, vpcId);
      const subnet = await ownSubnet(tx, caller, id);
      if (subnet.vpcId !== vpcId) throw Errors.subnetNotInVpc();
      if (await tx.ports.countInSubnet(id) > 0) throw Errors.subnetHasPorts();
      if (!(await tx.subnets.delete(id))) throw Errors.subnetNotFound(id);
    });
  }
}
