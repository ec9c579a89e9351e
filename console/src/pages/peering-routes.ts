import type { Cloud } from '../api/cloud';
import type { Peering, Vpc } from '../api/types';

/** A route whose next hop is a peering, from whichever API showed it. */
export interface RouteUsingPeering {
  vpcId: string;
  destination: string;
  /** The route table it sits in, when the caller can see it. */
  routeTableId?: string;
  /** The id of the v2.0 route, when the v2.0 API listed it. */
  routeId?: string;
}

/**
 * The routes that use a peering, on both sides that the caller can see: the route tables of
 * its own VPCs at either end, plus whatever the v2.0 route list shows.
 */
export async function routesUsingPeering(cloud: Cloud, peering: Peering, myVpcs: Vpc[]): Promise<RouteUsingPeering[]> {
  const ends = [peering.request_vpc_info.vpc_id, peering.accept_vpc_info.vpc_id].filter((id, i, a) => a.indexOf(id) === i);
  const mine = ends.filter((id) => myVpcs.some((v) => v.id === id));
  const [tables, v2] = await Promise.all([
    Promise.all(mine.map((id) => cloud.listRouteTables(id).catch(() => []))).then((x) => x.flat()),
    cloud.listPeeringRoutes().catch(() => []),
  ]);
  const out = new Map<string, RouteUsingPeering>();
  for (const t of tables) {
    for (const r of t.routes) {
      if (r.type === 'peering' && r.nexthop === peering.id) {
        out.set(`${t.vpc_id} ${r.destination}`, { vpcId: t.vpc_id, destination: r.destination, routeTableId: t.id });
      }
    }
  }
  for (const r of v2) {
    if (r.nexthop !== peering.id) continue;
    const key = `${r.vpc_id} ${r.destination}`;
    out.set(key, { ...out.get(key), vpcId: r.vpc_id, destination: r.destination, routeId: r.id });
  }
  return [...out.values()].sort((a, b) => a.vpcId.localeCompare(b.vpcId) || a.destination.localeCompare(b.destination));
}
