import { formatIpv4, parseIpv4, type Ipv4 } from './ipv4.js';

/**
 * An IPv4 block. `network` always has its host bits cleared; `canonical` records whether
 * the text it came from was already written that way (the API refuses "10.0.0.5/24").
 */
export interface Cidr {
  readonly network: Ipv4;
  readonly prefix: number;
}

export interface ParsedCidr extends Cidr {
  readonly canonical: boolean;
}

/** The netmask of a prefix length as an unsigned integer (/0 -> 0, /32 -> 0xffffffff). */
export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function parseCidr(text: string): ParsedCidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === null || !/^(3[0-2]|[12]?\d)$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  const network = (address & prefixMask(prefix)) >>> 0;
  return { network, prefix, canonical: network === address };
}

/** Parses a CIDR that the caller already validated (stored intent); throws on garbage. */
export function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`not an IPv4 CIDR: ${text}`);
  return { network: parsed.network, prefix: parsed.prefix };
}

export function formatCidr(block: Cidr): string {
  return `${formatIpv4(block.network)}/${block.prefix}`;
}

export function cidrSize(block: Cidr): number {
  return 2 ** (32 - block.prefix);
}

export function lastAddress(block: Cidr): Ipv4 {
  return (block.network + cidrSize(block) - 1) >>> 0;
}

export function containsIp(block: Cidr, ip: Ipv4): boolean {
  return ((ip & prefixMask(block.prefix)) >>> 0) === block.network;
}

/** True when every address of `inner` lies in `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && containsIp(outer, inner.network);
}

/** Two blocks overlap exactly when one contains the other. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return containsCidr(a, b) || containsCidr(b, a);
}

export function sameCidr(a: Cidr, b: Cidr): boolean {
  return a.network === b.network && a.prefix === b.prefix;
}

/** Orders blocks by network address, then from the widest to the narrowest. */
export function compareCidr(a: Cidr, b: Cidr): number {
  return a.network - b.network || a.prefix - b.prefix;
}
