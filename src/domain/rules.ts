import { containsCidr, containsIp, formatIpv4, lastAddress, overlaps, parseCidr, parseIpv4, type Cidr } from '../net/index.js';

/**
 * Field rules of the Huawei VPC API (huawei-api.md §1, §3 rules 24-30). Each returns an
 * error detail string, or null when the value is acceptable; services pick the code.
 */

const NAME = /^[A-Za-z0-9_.\-]+$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** VPC, subnet and route-table names: at most 64 of letters, digits, `_`, `-`, `.`. */
export function checkName(name: string, { required }: { required: boolean }): string | null {
  if (name === '') return required ? 'name must not be empty' : null;
  if (name.length > 64) return 'name must be at most 64 characters';
  if (!NAME.test(name)) return 'name may contain only letters, digits, underscores (_), hyphens (-) and periods (.)';
  return null;
}

/** Peering names: 1-64 characters (the API page gives no character set; huawei-api.md §5 item 8). */
export function checkPeeringName(name: string): string | null {
  if (name.length < 1 || name.length > 64) return 'name must be 1 to 64 characters';
  if (/[<>]/.test(name)) return "name must not contain '<' or '>'";
  return null;
}

export function checkDescription(description: string): string | null {
  if (description.length > 255) return 'description must be at most 255 characters';
  if (/[<>]/.test(description)) return "description must not contain '<' or '>'";
  return null;
}

/** The blocks a VPC CIDR may come from, with the allowed prefix lengths (rule 25). */
export const VPC_CIDR_RANGES: ReadonlyArray<{ block: Cidr; text: string; minPrefix: number; maxPrefix: number }> = [
  { block: parseCidr('10.0.0.0/8')!, text: '10.0.0.0/8', minPrefix: 8, maxPrefix: 24 },
  { block: parseCidr('172.16.0.0/12')!, text: '172.16.0.0/12', minPrefix: 12, maxPrefix: 24 },
  { block: parseCidr('192.168.0.0/16')!, text: '192.168.0.0/16', minPrefix: 16, maxPrefix: 24 },
];

export function checkVpcCidr(text: string): string | null {
  const block = parseCidr(text);
  if (!block) return `cidr ${JSON.stringify(text)} is not an IPv4 CIDR block`;
  if (!block.canonical) return `cidr ${text} has host bits set; use ${formatIpv4(block.network)}/${block.prefix}`;
  const range = VPC_CIDR_RANGES.find((r) => containsCidr(r.block, block));
  if (!range || block.prefix < range.minPrefix || block.prefix > range.maxPrefix) {
    return `cidr ${text} must lie in 10.0.0.0/8-24, 172.16.0.0/12-24 or 192.168.0.0/16-24`;
  }
  return null;
}

/** Smallest subnet allowed: /28 per the API page (the FAQ says /29; huawei-api.md §5 item 10). */
export const MAX_SUBNET_PREFIX = 28;

/**
 * Addresses a subnet reserves (rule 28): the network address, the gateway (first host),
 * the two DHCP/system addresses before broadcast, and broadcast.
 */
export function reservedAddresses(block: Cidr): Set<number> {
  const last = lastAddress(block);
  return new Set([block.network, block.network + 1, last - 2, last - 1, last]);
}

export function checkSubnetCidr(subnet: string, vpcCidr: string): { error: 'cidr' | 'range' | null; detail: string } {
  const block = parseCidr(subnet);
  if (!block || !block.canonical) return { error: 'cidr', detail: `${subnet} is not a canonical IPv4 CIDR block` };
  if (block.prefix > MAX_SUBNET_PREFIX) return { error: 'cidr', detail: `the mask of ${subnet} must be /${MAX_SUBNET_PREFIX} or shorter` };
  const vpc = parseCidr(vpcCidr);
  if (!vpc || !containsCidr(vpc, block)) return { error: 'range', detail: `${subnet} is not inside the VPC CIDR ${vpcCidr}` };
  return { error: null, detail: '' };
}

/** The gateway must be a usable host address of the subnet (not network or broadcast). */
export function checkGateway(gateway: string, subnet: string): string | null {
  const ip = parseIpv4(gateway);
  const block = parseCidr(subnet);
  if (ip === null || !block) return `gateway_ip ${JSON.stringify(gateway)} is not an IPv4 address`;
  if (!containsIp(block, ip)) return `gateway_ip ${gateway} is not inside the subnet ${subnet}`;
  if (ip === block.network || ip === lastAddress(block)) return `gateway_ip ${gateway} must be a host address of ${subnet}`;
  return null;
}

/** A route destination: a canonical IPv4 CIDR (TF validates it as a network CIDR). */
export function checkRouteDestination(text: string): string | null {
  const block = parseCidr(text);
  if (!block) return `destination ${JSON.stringify(text)} is not an IPv4 CIDR block`;
  if (!block.canonical) return `destination ${text} has host bits set; use ${formatIpv4(block.network)}/${block.prefix}`;
  return null;
}

/**
 * Rule 18 from a new subnet's side: the route of `routes` its CIDR takes in (the same
 * destination, or a route inside it), if any. A broader route (0.0.0.0/0 to a NAT gateway)
 * is no conflict: the subnet's local route is more specific and wins (longest prefix).
 * New routes are held to the stricter overlappingSubnet, as huawei-api.md words the rule.
 */
export function routeInsideSubnet<T extends { destination: string }>(cidr: string, routes: readonly T[]): T | undefined {
  const block = parseCidr(cidr);
  if (!block) return undefined;
  return routes.find((r) => {
    const destination = parseCidr(r.destination);
    return destination !== null && containsCidr(block, destination);
  });
}

/** The subnet of `subnets` that `destination` overlaps, if any (rule 18). */
export function overlappingSubnet<T extends { cidr: string }>(destination: string, subnets: readonly T[]): T | undefined {
  const block = parseCidr(destination);
  if (!block) return undefined;
  return subnets.find((s) => {
    const other = parseCidr(s.cidr);
    return other !== null && overlaps(block, other);
  });
}
