// Small IPv4 helpers for form validation. The console checks what the API will check so
// that a user learns about a mistake before submitting, not after.

export interface Cidr {
  network: number;
  prefix: number;
  /** The address as typed, before masking. */
  address: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIp(s: string): number | null {
  const parts = s.trim().split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function parseCidr(s: string): Cidr | null {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s.trim());
  if (!m) return null;
  const address = parseIp(m[1]);
  const prefix = Number(m[2]);
  if (address === null || prefix > 32) return null;
  return { address, prefix, network: (address & mask(prefix)) >>> 0 };
}

export function formatCidr(c: { network: number; prefix: number }): string {
  return `${formatIp(c.network)}/${c.prefix}`;
}

export function size(c: { prefix: number }): number {
  return 2 ** (32 - c.prefix);
}

export function broadcast(c: Cidr): number {
  return (c.network + size(c) - 1) >>> 0;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && ((inner.network & mask(outer.prefix)) >>> 0) === outer.network;
}

export function ipInCidr(ip: number, c: Cidr): boolean {
  return ((ip & mask(c.prefix)) >>> 0) === c.network;
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** The private blocks a VPC may use, with the prefix lengths the API allows in each. */
export const VPC_RANGES = [
  { block: '10.0.0.0/8', minPrefix: 8, maxPrefix: 24 },
  { block: '172.16.0.0/12', minPrefix: 12, maxPrefix: 24 },
  { block: '192.168.0.0/16', minPrefix: 16, maxPrefix: 24 },
] as const;
