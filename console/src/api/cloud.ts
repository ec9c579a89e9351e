import type { ApiError } from './errors';
import { http } from './http';
import type { Session } from './auth';
import type {
  Peering,
  PeeringRoute,
  Port,
  PublicIp,
  ReachabilityRequest,
  ReachabilityResult,
  RouteTable,
  Subnet,
  Vpc,
} from './types';

/** The calls the console makes, bound to one session. */
export function createCloud(session: Session, onUnauthorized?: (err: ApiError) => void) {
  const pid = encodeURIComponent(session.projectId);
  const token = session.token;
  const get = async <T>(path: string) => (await http<T>(path, { token, onUnauthorized })).body;
  const send = async <T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
    (await http<T>(path, { method, body, token, onUnauthorized })).body;
  const q = (params: Record<string, string | undefined>) => {
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) s.set(k, v);
    const str = s.toString();
    return str ? `?${str}` : '';
  };
  const id = encodeURIComponent;

  return {
    projectId: session.projectId,

    listVpcs: async () => (await get<{ vpcs: Vpc[] }>(`/v1/${pid}/vpcs`)).vpcs ?? [],
    getVpc: async (vpcId: string) => (await get<{ vpc: Vpc }>(`/v1/${pid}/vpcs/${id(vpcId)}`)).vpc,
    createVpc: async (vpc: { name: string; cidr: string; description?: string }) =>
      (await send<{ vpc: Vpc }>('POST', `/v1/${pid}/vpcs`, { vpc })).vpc,
    updateVpc: async (vpcId: string, vpc: { name?: string; description?: string }) =>
      (await send<{ vpc: Vpc }>('PUT', `/v1/${pid}/vpcs/${id(vpcId)}`, { vpc })).vpc,
    deleteVpc: async (vpcId: string) => {
      await send('DELETE', `/v1/${pid}/vpcs/${id(vpcId)}`);
    },

    listSubnets: async (vpcId?: string) =>
      (await get<{ subnets: Subnet[] }>(`/v1/${pid}/subnets${q({ vpc_id: vpcId })}`)).subnets ?? [],
    createSubnet: async (subnet: { name: string; cidr: string; gateway_ip: string; vpc_id: string; description?: string }) =>
      (await send<{ subnet: Subnet }>('POST', `/v1/${pid}/subnets`, { subnet })).subnet,
    deleteSubnet: async (vpcId: string, subnetId: string) => {
      await send('DELETE', `/v1/${pid}/vpcs/${id(vpcId)}/subnets/${id(subnetId)}`);
    },

    listRouteTables: async (vpcId?: string) =>
      (await get<{ routetables: RouteTable[] }>(`/v1/${pid}/routetables${q({ vpc_id: vpcId })}`)).routetables ?? [],
    getRouteTable: async (rtId: string) =>
      (await get<{ routetable: RouteTable }>(`/v1/${pid}/routetables/${id(rtId)}`)).routetable,
    addPeeringRoute: async (rtId: string, route: { destination: string; nexthop: string; description?: string }) =>
      (
        await send<{ routetable: RouteTable }>('PUT', `/v1/${pid}/routetables/${id(rtId)}`, {
          routetable: { routes: { add: [{ type: 'peering', ...route }] } },
        })
      ).routetable,
    deleteRoute: async (rtId: string, destination: string) =>
      (
        await send<{ routetable: RouteTable }>('PUT', `/v1/${pid}/routetables/${id(rtId)}`, {
          routetable: { routes: { del: [{ destination }] } },
        })
      ).routetable,

    listPeerings: async (filters: { status?: string; vpc_id?: string; name?: string } = {}) =>
      (await get<{ peerings: Peering[] }>(`/v2.0/vpc/peerings${q(filters)}`)).peerings ?? [],
    getPeering: async (peeringId: string) =>
      (await get<{ peering: Peering }>(`/v2.0/vpc/peerings/${id(peeringId)}`)).peering,
    createPeering: async (p: {
      name: string;
      description?: string;
      request_vpc_info: { vpc_id: string };
      accept_vpc_info: { vpc_id: string; tenant_id?: string };
    }) => (await send<{ peering: Peering }>('POST', '/v2.0/vpc/peerings', { peering: p })).peering,
    renamePeering: async (peeringId: string, name: string, description?: string) =>
      (
        await send<{ peering: Peering }>('PUT', `/v2.0/vpc/peerings/${id(peeringId)}`, {
          peering: description === undefined ? { name } : { name, description },
        })
      ).peering,
    // Accept and reject answer the bare peering, not wrapped (Huawei's own quirk).
    acceptPeering: async (peeringId: string) =>
      unwrap(await send<Peering | { peering: Peering }>('PUT', `/v2.0/vpc/peerings/${id(peeringId)}/accept`)),
    rejectPeering: async (peeringId: string) =>
      unwrap(await send<Peering | { peering: Peering }>('PUT', `/v2.0/vpc/peerings/${id(peeringId)}/reject`)),
    deletePeering: async (peeringId: string) => {
      await send('DELETE', `/v2.0/vpc/peerings/${id(peeringId)}`);
    },

    listPeeringRoutes: async (vpcId?: string) =>
      (await get<{ routes: PeeringRoute[] }>(`/v2.0/vpc/routes${q({ vpc_id: vpcId })}`)).routes ?? [],
    createPeeringRoute: async (route: { destination: string; nexthop: string; vpc_id: string }) =>
      (await send<{ route: PeeringRoute }>('POST', '/v2.0/vpc/routes', { route: { ...route, type: 'peering' } })).route,
    deletePeeringRoute: async (routeId: string) => {
      await send('DELETE', `/v2.0/vpc/routes/${id(routeId)}`);
    },

    listPorts: async () => (await get<{ ports: Port[] }>(`/v1/${pid}/ports`)).ports ?? [],
    createInstance: async (p: { name: string; subnetId: string; deviceOwner: string }) =>
      (
        await send<{ port: Port }>('POST', `/v1/${pid}/ports`, {
          port: { name: p.name, network_id: p.subnetId, device_owner: p.deviceOwner },
        })
      ).port,
    deletePort: async (portId: string) => {
      await send('DELETE', `/v1/${pid}/ports/${id(portId)}`);
    },

    listPublicIps: async () => (await get<{ publicips: PublicIp[] }>(`/v1/${pid}/publicips`)).publicips ?? [],
    assignPublicIp: async (size = 10) =>
      (
        await send<{ publicip: PublicIp }>('POST', `/v1/${pid}/publicips`, {
          publicip: { type: '5_bgp' },
          bandwidth: { share_type: 'PER', name: 'bw', size },
        })
      ).publicip,
    bindPublicIp: async (eipId: string, portId: string) =>
      (await send<{ publicip: PublicIp }>('PUT', `/v1/${pid}/publicips/${id(eipId)}`, { publicip: { port_id: portId } }))
        .publicip,
    unbindPublicIp: async (eipId: string) =>
      (await send<{ publicip: PublicIp }>('PUT', `/v1/${pid}/publicips/${id(eipId)}`, { publicip: { port_id: '' } }))
        .publicip,
    releasePublicIp: async (eipId: string) => {
      await send('DELETE', `/v1/${pid}/publicips/${id(eipId)}`);
    },

    reachability: async (req: ReachabilityRequest) =>
      normalizeTrace(await send<ReachabilityResult>('POST', `/isthmus/v1/${pid}/reachability`, req)),
  };
}

export type Cloud = ReturnType<typeof createCloud>;

function unwrap(body: Peering | { peering: Peering }): Peering {
  return 'peering' in body && body.peering ? body.peering : (body as Peering);
}

/** Hops are `{at, action, detail}` strings by contract; tolerate a server that sends the plan's
 * references (`{kind, id, name}`) instead, so the panel and the path highlight still work. */
export function normalizeTrace(r: ReachabilityResult): ReachabilityResult {
  const text = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'object') {
      const o = v as { kind?: string; id?: string; name?: string };
      if (o.id || o.name) return `${o.name ?? ''}${o.id ? ` (${o.kind ? `${o.kind} ` : ''}${o.id})` : ''}`.trim();
      return JSON.stringify(v);
    }
    return String(v);
  };
  const hops = (list: unknown) =>
    Array.isArray(list) ? list.map((h) => ({ at: text(h?.at), action: text(h?.action), detail: text(h?.detail) })) : [];
  return { ...r, forward: hops(r.forward), return: hops(r.return) };
}
