import { createHash } from 'node:crypto';

/**
 * Deterministic, owned kernel names. Every object carries the server's prefix and a short
 * hash of the cloud id it realises, so that two servers with different prefixes never
 * touch each other's objects and `gc` can tell ours from everything else. Interface names
 * are at most 15 characters (IFNAMSIZ - 1); the prefix is at most 4 (config.ts).
 *
 * | object | name | example (prefix ist) |
 * |---|---|---|
 * | VPC router namespace | `<p>-r<h8>` | `ist-r1a2b3c4d` |
 * | instance namespace | `<p>-i<h8>` | `ist-i5e6f7a8b` |
 * | Internet namespace | `<p>-inet` | `ist-inet` |
 * | subnet bridge (router ns) | `<p>b<h8>` | `istb0011aabb` |
 * | instance veth, instance end | `<p>i<h8>` | `isti5e6f7a8b` |
 * | instance veth, bridge end | `<p>v<h8>` | `istv5e6f7a8b` |
 * | peering veth, requester/accepter end | `<p>p<h8>a` / `b` | `istp99887766a` |
 * | uplink veth, router end / Internet end | `<p>u<h8>` / `<p>n<h8>` | `istu1a2b3c4d` |
 * | nftables table (router ns) | `inet <p>_vpc` | `inet ist_vpc` |
 */
export const MAX_IFNAME = 15;
export const MAX_PREFIX = 4;
const PREFIX_RE = /^[a-z][a-z0-9]{0,3}$/;

/** The first 8 hex digits of SHA-1 of the id: 32 bits, plenty for one host's objects. */
export function shortHash(id: string): string {
  return createHash('sha1').update(id).digest('hex').slice(0, 8);
}

export function assertPrefix(prefix: string): void {
  if (!PREFIX_RE.test(prefix)) throw new Error(`data plane prefix must match ${PREFIX_RE}, got ${JSON.stringify(prefix)}`);
}

export interface Names {
  readonly prefix: string;
  routerNs(vpcId: string): string;
  instanceNs(portId: string): string;
  readonly internetNs: string;
  bridge(subnetId: string): string;
  instanceIf(portId: string): string;
  bridgePort(portId: string): string;
  peeringIf(peeringId: string, end: 0 | 1): string;
  uplinkIf(vpcId: string): string;
  internetIf(vpcId: string): string;
  readonly nftTable: string;
  /** Wildcards for the guard: every peering end, every uplink. */
  readonly peeringGlob: string;
  readonly uplinkGlob: string;
  /** True for a namespace name this prefix owns. */
  ownsNamespace(name: string): boolean;
  /** True for an interface name this prefix owns (inside our namespaces). */
  ownsInterface(name: string): boolean;
}

export function names(prefix: string): Names {
  assertPrefix(prefix);
  const nsRe = new RegExp(`^${prefix}-(?:[ri][0-9a-f]{8}|inet)$`);
  const ifRe = new RegExp(`^${prefix}(?:[bivun][0-9a-f]{8}|p[0-9a-f]{8}[ab])$`);
  const ifname = (name: string) => {
    if (name.length > MAX_IFNAME) throw new Error(`interface name too long: ${name}`);
    return name;
  };
  return {
    prefix,
    routerNs: (id) => `${prefix}-r${shortHash(id)}`,
    instanceNs: (id) => `${prefix}-i${shortHash(id)}`,
    internetNs: `${prefix}-inet`,
    bridge: (id) => ifname(`${prefix}b${shortHash(id)}`),
    instanceIf: (id) => ifname(`${prefix}i${shortHash(id)}`),
    bridgePort: (id) => ifname(`${prefix}v${shortHash(id)}`),
    peeringIf: (id, end) => ifname(`${prefix}p${shortHash(id)}${end === 0 ? 'a' : 'b'}`),
    uplinkIf: (id) => ifname(`${prefix}u${shortHash(id)}`),
    internetIf: (id) => ifname(`${prefix}n${shortHash(id)}`),
    nftTable: `${prefix}_vpc`,
    peeringGlob: `${prefix}p*`,
    uplinkGlob: `${prefix}u*`,
    ownsNamespace: (name) => nsRe.test(name),
    ownsInterface: (name) => ifRe.test(name),
  };
}
