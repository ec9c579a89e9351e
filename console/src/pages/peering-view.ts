import type { Peering, Vpc } from '../api/types';
import { isIncoming, shortId } from '../topology/derive';

export type Direction = 'incoming' | 'outgoing' | 'local';

/** How a peering looks from this project: which side is mine and who the peer is. */
export function describePeering(p: Peering, projectId: string, myVpcs: Vpc[]) {
  const req = p.request_vpc_info;
  const acc = p.accept_vpc_info;
  const sameProject = (req.tenant_id ?? projectId) === (acc.tenant_id ?? projectId);
  const iAmRequester = myVpcs.some((v) => v.id === req.vpc_id) || req.tenant_id === projectId;
  const local = iAmRequester ? req : acc;
  const peer = iAmRequester ? acc : req;
  const direction: Direction = sameProject ? 'local' : iAmRequester ? 'outgoing' : 'incoming';
  const vpcLabel = (info: { vpc_id: string; tenant_id?: string }) => {
    const v = myVpcs.find((x) => x.id === info.vpc_id);
    if (v) return `${v.name} (${v.cidr})`;
    return `VPC ${shortId(info.vpc_id)}`;
  };
  return {
    direction,
    incoming: isIncoming(p, projectId),
    localLabel: vpcLabel(local),
    peerLabel: vpcLabel(peer),
    peerProject: sameProject ? undefined : peer.tenant_id,
    localVpcId: local.vpc_id,
    peerVpcId: peer.vpc_id,
  };
}

export const DIRECTION_LABEL: Record<Direction, string> = {
  incoming: 'Incoming (other account)',
  outgoing: 'Outgoing (other account)',
  local: 'Within this project',
};
