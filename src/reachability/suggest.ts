import { containsIp, formatCidr, formatIpv4, overlaps } from '../net/index.js';
import type { RouterIndex } from '../plan/plan-index.js';

/**
 * The destination to suggest for a missing route in `from` toward `dst` in `to`,
 * following Huawei's usage matrix: the peer's whole CIDR when the VPCs do not overlap,
 * else the peer subnet when it overlaps none of ours, else the single address. A route
 * may never overlap one of `from`'s own subnets (huawei-api.md rule 18).
 */
export function suggestDestination(from: RouterIndex, to: RouterIndex, dst: number): string {
  const clear = (block: { network: number; prefix: number }) => !from.segments.some((s) => overlaps(s.block, block));
  if (to.cidr && (!from.cidr || !overlaps(from.cidr, to.cidr))) return formatCidr(to.cidr);
  const subnet = to.segments.find((s) => containsIp(s.block, dst));
  if (subnet && clear(subnet.block)) return formatCidr(subnet.block);
  return `${formatIpv4(dst)}/32`;
}
