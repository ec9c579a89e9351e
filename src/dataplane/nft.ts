import { createHash } from 'node:crypto';
import type { Router } from '../plan/types.js';
import type { NftSpec } from './model.js';
import type { Names } from './naming.js';

export interface GuardInputs {
  readonly router: Router;
  readonly names: Names;
  /** Per ACTIVE link of the router: our end's interface and the sources allowed on it. */
  readonly peerSources: readonly { readonly ifname: string; readonly sources: readonly string[] }[];
  /** The router's uplink to the Internet namespace, when it has EIPs. */
  readonly uplink: string | null;
  /** Every VPC CIDR of the region, merged so that none contains another. */
  readonly vpcCidrs: readonly string[];
}

/**
 * The router's one nftables table: the peering guard (DATAPLANE.md, "nftables guard") and
 * the stateless 1:1 NAT of its EIPs. No rule uses connection tracking: NAT rewrites
 * addresses in both directions with payload statements (the kernel fixes the checksums),
 * so the forwarding path of peered traffic stays as fast as a plain router.
 */
export function renderGuard(inputs: GuardInputs): NftSpec {
  const { router, names, uplink } = inputs;
  const pcx = names.peeringGlob;
  const upl = names.uplinkGlob;
  const filter = router.filter;
  const peerSrc = inputs.peerSources.flatMap((p) => p.sources.map((s) => `"${p.ifname}" . ${s}`));
  const eipPrivate = [...new Set(router.nat.map((n) => n.privateIp))].sort();
  const lines: string[] = [
    set('own_dst', 'ipv4_addr', true, filter.peerDestinations),
    set('protected', 'ipv4_addr', false, filter.protectedAddresses),
    set('peer_src', 'ifname . ipv4_addr', true, peerSrc),
    set('eip_private', 'ipv4_addr', false, eipPrivate),
    set('vpc_cidrs', 'ipv4_addr', true, inputs.vpcCidrs),
    // Hooks cost on every packet, so the NAT chains exist only where there is NAT, and
    // forwarded traffic pays two interface-name tests unless it touches a peering or uplink.
    ...(uplink && router.nat.length > 0 ? [
      'chain prerouting { type filter hook prerouting priority raw; policy accept;',
      ...router.nat.map((n) => `  iifname "${uplink}" ip daddr ${n.publicIp} ip daddr set ${n.privateIp} comment "EIP in"`),
      '}',
      'chain postrouting { type filter hook postrouting priority 100; policy accept;',
      ...router.nat.map((n) => `  oifname "${uplink}" ip saddr ${n.privateIp} ip saddr set ${n.publicIp} comment "EIP out"`),
      '}',
    ] : []),
    'chain from_peer {',
    `  oifname "${pcx}" counter drop comment "no transit between peerings"`,
    `  oifname "${upl}" counter drop comment "no edge-to-edge"`,
    '  ip daddr != @own_dst counter drop comment "peers reach only our subnets"',
    // Per-peering source check as plain comparisons (a concatenated interval set costs
    // more per packet than a handful of rules): a peer's own block is accepted, all else dropped.
    ...inputs.peerSources.flatMap((p) => p.sources.map((src) => `  iifname "${p.ifname}" ip saddr ${src} accept`)),
    '  counter drop comment "per-peering source check"',
    '}',
    'chain to_internet {',
    '  ip saddr != @eip_private counter drop comment "Internet only through an EIP"',
    '  ip daddr @vpc_cidrs counter drop comment "VPC addresses are never the Internet"',
    '}',
    'chain forward { type filter hook forward priority filter; policy accept;',
    `  iifname "${pcx}" jump from_peer`,
    `  oifname "${upl}" jump to_internet`,
    '}',
    'chain input { type filter hook input priority filter; policy accept;',
    `  iifname "${pcx}" counter drop comment "router and EIP addresses unreachable from peers"`,
    '}',
  ];
  const body = lines.map((l) => `  ${l}`).join('\n');
  const digest = createHash('sha1').update(body).digest('hex').slice(0, 12);
  const text = `table inet ${names.nftTable} {\n  comment "isthmus ${digest}"\n${body}\n}\n`;
  return { family: 'inet', table: names.nftTable, text, digest };
}

function set(name: string, type: string, interval: boolean, elements: readonly string[]): string {
  const flags = interval ? ' flags interval;' : '';
  const elems = elements.length > 0 ? ` elements = { ${elements.join(', ')} }` : '';
  return `set ${name} { type ${type};${flags}${elems} }`;
}

/** The `nft -f` script that replaces the table atomically (create if missing, delete, define). */
export function replaceScript(spec: NftSpec): string {
  return `table inet ${spec.table}\ndelete table inet ${spec.table}\n${spec.text}`;
}
