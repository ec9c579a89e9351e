import type { Peering } from '../domain/entities.js';
import { PeeringStatus } from '../domain/statuses.js';
import { formatIpv4, type Cidr, type Ipv4 } from '../net/index.js';
import { blockText } from './parse.js';
import type { RouterFilter } from './types.js';
import { cmp } from './order.js';

export interface FilterInputs {
  readonly vpcId: string;
  /** Sorted by block. */
  readonly subnetBlocks: readonly Cidr[];
  readonly gatewayIps: readonly Ipv4[];
  readonly eipIps: readonly Ipv4[];
  readonly peerings: ReadonlyMap<string, Peering>;
  readonly peerCidrs: ReadonlyMap<string, string>;
}

/**
 * The peering guard of one router. Plain routers forward A→C through B and NAT a peer's
 * traffic out of B's EIP; these rules are what make peering non-transitive and keep
 * peers off the VPC's Internet edge (DATAPLANE.md, "nftables guard").
 */
export function compileFilter(inputs: FilterInputs): RouterFilter {
  const peerSources = [...inputs.peerings.values()]
    .filter((p) => p.status === PeeringStatus.Active && (p.requestVpcId === inputs.vpcId || p.acceptVpcId === inputs.vpcId))
    .sort((a, b) => cmp(a.id, b.id))
    .map((p) => {
      const peerVpcId = p.requestVpcId === inputs.vpcId ? p.acceptVpcId : p.requestVpcId;
      const block = blockText(inputs.peerCidrs.get(peerVpcId) ?? '');
      // A peer without a CIDR has no address that may legitimately arrive from it.
      return { peeringId: p.id, peerVpcId, sources: block ? [block] : [] };
    });
  const protectedAddresses = [...new Set([...inputs.gatewayIps, ...inputs.eipIps])].sort((a, b) => a - b).map(formatIpv4);
  return {
    peerSources,
    peerDestinations: inputs.subnetBlocks.map((b) => `${formatIpv4(b.network)}/${b.prefix}`),
    protectedAddresses,
  };
}
