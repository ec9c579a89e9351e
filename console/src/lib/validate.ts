import {
  VPC_RANGES,
  broadcast,
  cidrContains,
  cidrOverlaps,
  formatCidr,
  formatIp,
  ipInCidr,
  mask,
  parseCidr,
  parseIp,
} from './cidr';

/** Field name to message; an empty object means the form is valid. */
export type Errors<K extends string> = Partial<Record<K, string>>;

const NAME_RE = /^[A-Za-z0-9_.-]+$/;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PROJECT_ID_RE = /^[0-9a-zA-Z-]{1,64}$/;

export const NAME_HELP = '1 to 64 characters: letters, digits, underscores (_), hyphens (-) and periods (.).';
export const VPC_CIDR_HELP =
  'Use a private block: 10.0.0.0/8 to /24, 172.16.0.0/12 to /24, or 192.168.0.0/16 to /24.';

export function validateName(name: string, what = 'Name'): string | undefined {
  if (name.length === 0) return `${what} is required.`;
  if (name.length > 64) return `${what} must be 64 characters or fewer (it has ${name.length}).`;
  if (!NAME_RE.test(name)) return `${what} may contain only letters, digits, _ - and . (no spaces).`;
  return undefined;
}

export function validateDescription(d: string): string | undefined {
  if (d.length > 255) return `Description must be 255 characters or fewer (it has ${d.length}).`;
  if (/[<>]/.test(d)) return 'Description must not contain < or >.';
  return undefined;
}

/** A VPC CIDR as the API accepts it: canonical, inside one of the three private blocks. */
export function validateVpcCidr(text: string): string | undefined {
  if (text.trim() === '') return 'CIDR block is required.';
  const c = parseCidr(text);
  if (!c) return 'Enter a CIDR block such as 192.168.0.0/16.';
  if (c.address !== c.network) return `Host bits are set: did you mean ${formatCidr(c)}?`;
  for (const r of VPC_RANGES) {
    const block = parseCidr(r.block)!;
    if (((c.network & mask(block.prefix)) >>> 0) !== block.network) continue;
    if (c.prefix < r.minPrefix || c.prefix > r.maxPrefix)
      return `Inside ${r.block} the prefix length must be /${r.minPrefix} to /${r.maxPrefix}.`;
    return undefined;
  }
  return `${formatCidr(c)} is not a private block a VPC can use. ${VPC_CIDR_HELP}`;
}

export interface SubnetForm {
  name: string;
  cidr: string;
  gatewayIp: string;
  description?: string;
}

/** A subnet as the API accepts it: inside the VPC, /28 at most, no overlap, gateway inside. */
export function validateSubnet(
  f: SubnetForm,
  vpcCidr: string,
  siblings: { name: string; cidr: string }[] = [],
): Errors<'name' | 'cidr' | 'gatewayIp' | 'description'> {
  const errors: Errors<'name' | 'cidr' | 'gatewayIp' | 'description'> = {};
  const name = validateName(f.name);
  if (name) errors.name = name;
  const desc = validateDescription(f.description ?? '');
  if (desc) errors.description = desc;
  const vpc = parseCidr(vpcCidr);
  const c = parseCidr(f.cidr);
  if (f.cidr.trim() === '') errors.cidr = 'CIDR block is required.';
  else if (!c) errors.cidr = 'Enter a CIDR block such as 192.168.1.0/24.';
  else if (c.address !== c.network) errors.cidr = `Host bits are set: did you mean ${formatCidr(c)}?`;
  else if (vpc && !cidrContains(vpc, c)) errors.cidr = `The subnet must lie inside the VPC's block ${vpcCidr}.`;
  else if (c.prefix > 28) errors.cidr = 'The mask can be at most /28 (16 addresses).';
  else {
    const clash = siblings.find((s) => {
      const o = parseCidr(s.cidr);
      return o !== null && cidrOverlaps(o, c);
    });
    if (clash) errors.cidr = `Overlaps subnet ${clash.name} (${clash.cidr}).`;
  }
  if (f.gatewayIp.trim() === '') errors.gatewayIp = 'Gateway is required.';
  else {
    const gw = parseIp(f.gatewayIp);
    if (gw === null) errors.gatewayIp = 'Enter an IPv4 address such as 192.168.1.1.';
    else if (c && !errors.cidr) {
      if (!ipInCidr(gw, c)) errors.gatewayIp = `The gateway must be an address inside ${formatCidr(c)}.`;
      else if (gw === c.network || gw === broadcast(c))
        errors.gatewayIp = 'The gateway cannot be the network or the broadcast address.';
    }
  }
  return errors;
}

/** The usual gateway for a subnet: its first host address. */
export function defaultGateway(cidr: string): string {
  const c = parseCidr(cidr);
  if (!c || c.address !== c.network || c.prefix > 30) return '';
  return formatIp(c.network + 1);
}

export type PeerKind = 'same' | 'other';

export interface PeeringForm {
  name: string;
  description: string;
  localVpcId: string;
  peerKind: PeerKind;
  /** For a VPC in my project. */
  peerVpcId: string;
  /** For a VPC in another account. */
  peerProjectId: string;
  peerVpcIdOther: string;
}

export function validatePeering(
  f: PeeringForm,
  myProjectId: string,
): Errors<'name' | 'description' | 'localVpcId' | 'peerVpcId' | 'peerProjectId' | 'peerVpcIdOther'> {
  const errors: Errors<'name' | 'description' | 'localVpcId' | 'peerVpcId' | 'peerProjectId' | 'peerVpcIdOther'> = {};
  const name = validateName(f.name);
  if (name) errors.name = name;
  const desc = validateDescription(f.description);
  if (desc) errors.description = desc;
  if (!f.localVpcId) errors.localVpcId = 'Choose the local VPC.';
  if (f.peerKind === 'same') {
    if (!f.peerVpcId) errors.peerVpcId = 'Choose the peer VPC.';
    else if (f.peerVpcId === f.localVpcId) errors.peerVpcId = 'The peer VPC must differ from the local VPC.';
  } else {
    const pid = f.peerProjectId.trim();
    if (!pid) errors.peerProjectId = 'Peer project ID is required.';
    else if (!PROJECT_ID_RE.test(pid)) errors.peerProjectId = 'A project ID has only letters, digits and hyphens.';
    else if (pid === myProjectId)
      errors.peerProjectId = 'That is your own project: choose "A VPC in my project" instead.';
    const vid = f.peerVpcIdOther.trim();
    if (!vid) errors.peerVpcIdOther = 'Peer VPC ID is required.';
    else if (!UUID_RE.test(vid)) errors.peerVpcIdOther = 'A VPC ID is a UUID such as 3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85.';
  }
  return errors;
}

/** A destination of a peering route: a CIDR that does not fall inside the VPC's subnets. */
export function validateRouteDestination(
  destination: string,
  localSubnets: { name: string; cidr: string }[],
  existing: { destination: string }[],
): string | undefined {
  if (destination.trim() === '') return 'Destination is required.';
  const c = parseCidr(destination);
  if (!c) return 'Enter a CIDR block such as 172.16.0.0/16 (use /32 for a single address).';
  if (c.address !== c.network) return `Host bits are set: did you mean ${formatCidr(c)}?`;
  const clash = localSubnets.find((s) => {
    const o = parseCidr(s.cidr);
    return o !== null && cidrOverlaps(o, c);
  });
  if (clash) return `Overlaps local subnet ${clash.name} (${clash.cidr}): the local route would win.`;
  if (existing.some((r) => r.destination === formatCidr(c))) return 'This route table already has a route to that destination.';
  return undefined;
}

export function validateIp(text: string): string | undefined {
  if (text.trim() === '') return 'Address is required.';
  return parseIp(text) === null ? 'Enter an IPv4 address such as 192.168.1.10.' : undefined;
}

export function isValid(errors: object): boolean {
  return Object.values(errors).every((v) => v === undefined);
}
