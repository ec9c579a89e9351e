import type { Eip, Vpc } from '../domain/entities.js';
import { compareCidr, formatCidr, type Cidr } from '../net/index.js';
import { addressOf, blockOf } from './parse.js';
import type { EipNat, Internet } from './types.js';
import { cmp } from './order.js';

/** One 1:1 NAT per EIP bound to a port of the router, by public address. */
export function compileNat(bound: ReadonlyArray<{ eip: Eip; portId: string; privateIp: string }>): EipNat[] {
  return bound
    .filter((b) => addressOf(b.eip.publicIpAddress) !== null)
    .map((b) => ({ eipId: b.eip.id, publicIp: b.eip.publicIpAddress, portId: b.portId, privateIp: b.privateIp }))
    .sort((a, b) => addressOf(a.publicIp)! - addressOf(b.publicIp)! || cmp(a.eipId, b.eipId));
}

/**
 * The Internet is everything outside every VPC CIDR of the region: an address inside
 * some VPC is never sent out of an EIP, even when no peering leads there.
 */
export function compileInternet(vpcs: readonly Vpc[]): Internet {
  const seen = new Map<string, Cidr>();
  for (const vpc of vpcs) {
    const block = blockOf(vpc.cidr);
    if (block) seen.set(`${block.network}/${block.prefix}`, block);
  }
  return { excludes: [...seen.values()].sort(compareCidr).map(formatCidr) };
}
