// The topology as plain data, derived from the resource lists the API returns: VPCs as
// groups holding subnets and instances, peerings as edges between VPCs, peer VPCs of
// other projects as external nodes. Pure, so it is tested without a browser; layout and
// drawing come after it.
import type { Peering, Port, PublicIp, Subnet, Vpc } from '../api/types';

export type TopoNodeKind = 'vpc' | 'subnet' | 'instance' | 'external' | 'internet';

export interface TopoNode {
  id: string;
  kind: TopoNodeKind;
  /** The enclosing group: a VPC for a subnet, a subnet for an instance. */
  parentId?: string;
  label: string;
  sublabel?: string;
  /** The API's own id of the resource behind the node (VPC, subnet or port id). */
  resourceId?: string;
  /** Extra words shown on an instance: its EIP. */
  badge?: string;
  /** Project of an external VPC. */
  projectId?: string;
  /** Addresses a reachability hop may name (an instance's fixed and public IPs). */
  addresses?: string[];
}

export type TopoEdgeKind = 'peering' | 'eip';

export interface TopoEdge {
  id: string;
  kind: TopoEdgeKind;
  source: string;
  target: string;
  label: string;
  status?: string;
  resourceId?: string;
  /** True when the caller's project is the accepter of a pending request. */
  incoming?: boolean;
}

export interface Topology {
  nodes: TopoNode[];
  edges: TopoEdge[];
}

export interface TopologyInput {
  projectId: string;
  vpcs: Vpc[];
  subnets: Subnet[];
  ports: Port[];
  publicIps: PublicIp[];
  peerings: Peering[];
}

export const vpcNodeId = (vpcId: string) => `vpc:${vpcId}`;
export const externalNodeId = (vpcId: string) => `ext:${vpcId}`;
export const subnetNodeId = (subnetId: string) => `subnet:${subnetId}`;
export const portNodeId = (portId: string) => `port:${portId}`;
export const peeringEdgeId = (peeringId: string) => `peering:${peeringId}`;
export const INTERNET_NODE_ID = 'internet';

/** A port with a device owner is an instance (an ECS, an RDS database, ...). */
export function isInstance(p: Port): boolean {
  return typeof p.device_owner === 'string' && p.device_owner !== '';
}

export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

export function deriveTopology(input: TopologyInput): Topology {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const vpcIds = new Set(input.vpcs.map((v) => v.id));
  const subnetIds = new Set<string>();

  const vpcs = [...input.vpcs].sort(byName);
  for (const v of vpcs) {
    nodes.push({ id: vpcNodeId(v.id), kind: 'vpc', label: v.name || shortId(v.id), sublabel: v.cidr, resourceId: v.id });
  }
  const subnets = input.subnets.filter((s) => vpcIds.has(s.vpc_id)).sort(byName);
  for (const s of subnets) {
    subnetIds.add(s.id);
    nodes.push({
      id: subnetNodeId(s.id),
      kind: 'subnet',
      parentId: vpcNodeId(s.vpc_id),
      label: s.name || shortId(s.id),
      sublabel: s.cidr,
      resourceId: s.id,
    });
  }

  const eipByPort = new Map<string, PublicIp>();
  for (const e of input.publicIps) if (e.port_id) eipByPort.set(e.port_id, e);

  const instances = input.ports.filter(isInstance).sort(byName);
  for (const p of instances) {
    const subnetId = p.fixed_ips?.[0]?.subnet_id ?? p.network_id;
    if (!subnetIds.has(subnetId)) continue;
    const ip = p.fixed_ips?.[0]?.ip_address ?? '';
    const eip = eipByPort.get(p.id);
    nodes.push({
      id: portNodeId(p.id),
      kind: 'instance',
      parentId: subnetNodeId(subnetId),
      label: p.name || shortId(p.id),
      sublabel: ip,
      badge: eip ? `EIP ${eip.public_ip_address}` : undefined,
      resourceId: p.id,
      addresses: [ip, eip?.public_ip_address].filter((a): a is string => !!a),
    });
    if (eip) {
      edges.push({
        id: `eip:${eip.id}`,
        kind: 'eip',
        source: portNodeId(p.id),
        target: INTERNET_NODE_ID,
        label: eip.public_ip_address,
        resourceId: eip.id,
      });
    }
  }
  if (edges.some((e) => e.kind === 'eip')) {
    nodes.push({ id: INTERNET_NODE_ID, kind: 'internet', label: 'Internet', sublabel: 'through EIPs' });
  }

  const externals = new Map<string, TopoNode>();
  const endpoint = (vpcId: string, tenantId: string | undefined): string => {
    if (vpcIds.has(vpcId)) return vpcNodeId(vpcId);
    const id = externalNodeId(vpcId);
    if (!externals.has(id)) {
      const other = tenantId && tenantId !== input.projectId;
      externals.set(id, {
        id,
        kind: 'external',
        label: `VPC ${shortId(vpcId)}`,
        sublabel: other ? `project ${shortId(tenantId!)} (another account)` : 'not in this project',
        resourceId: vpcId,
        projectId: tenantId,
      });
    }
    return id;
  };
  const peerings = input.peerings.filter((p) => p.status !== 'DELETED').sort(byName);
  for (const p of peerings) {
    const source = endpoint(p.request_vpc_info.vpc_id, p.request_vpc_info.tenant_id);
    const target = endpoint(p.accept_vpc_info.vpc_id, p.accept_vpc_info.tenant_id);
    edges.push({
      id: peeringEdgeId(p.id),
      kind: 'peering',
      source,
      target,
      label: p.name,
      status: p.status,
      resourceId: p.id,
      incoming: isIncoming(p, input.projectId),
    });
  }
  nodes.push(...[...externals.values()].sort((a, b) => a.id.localeCompare(b.id)));
  return { nodes, edges };
}

/** A request another project sent to one of mine, still waiting for my answer. */
export function isIncoming(p: Peering, projectId: string): boolean {
  return (
    p.status === 'PENDING_ACCEPTANCE' &&
    p.accept_vpc_info.tenant_id === projectId &&
    p.request_vpc_info.tenant_id !== projectId
  );
}

function byName<T extends { name?: string; id: string }>(a: T, b: T): number {
  return (a.name ?? '').localeCompare(b.name ?? '') || a.id.localeCompare(b.id);
}

/** The colour language of peering status, shared by badges and edges. */
export const STATUS_STYLE: Record<string, { color: string; label: string; dashed: boolean }> = {
  ACTIVE: { color: '#1a7f37', label: 'Active', dashed: false },
  PENDING_ACCEPTANCE: { color: '#b35900', label: 'Pending acceptance', dashed: true },
  REJECTED: { color: '#c62828', label: 'Rejected', dashed: true },
  EXPIRED: { color: '#6b7280', label: 'Expired', dashed: true },
  DELETED: { color: '#6b7280', label: 'Deleted', dashed: true },
};

export function statusStyle(status: string | undefined) {
  return STATUS_STYLE[status ?? ''] ?? { color: '#6b7280', label: status ?? 'Unknown', dashed: true };
}

export type HopLike = { at: string; action?: string; detail: string };

export interface PathHighlight {
  nodes: Set<string>;
  edges: Set<string>;
  /** Where the trace stopped when the answer is "not reachable". */
  blockedAt?: string;
}

/**
 * Finds the nodes and edges a reachability trace passes through. Hops name resources by
 * id, name or address; a hop matches a node when its `at` names the node, or when its
 * text carries the node's id or one of its addresses.
 */
export function highlightPath(
  topo: Topology,
  trace: { reachable: boolean; forward: HopLike[]; return: HopLike[] },
  endpoints: { sourcePortId?: string; destinationPortId?: string; destinationIp?: string } = {},
): PathHighlight {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  let blockedAt: string | undefined;

  // A hop's `at` says where the packet is; its detail may name places it has not reached
  // (the destination, a missing route), so nodes are matched on `at` alone.
  const matchNode = (hop: { at: string; detail: string }): string[] => {
    const at = hop.at.trim();
    if (at === '') return [];
    return topo.nodes
      .filter((n) => {
        if (n.resourceId && at.includes(n.resourceId)) return true;
        if (n.kind === 'internet') return /\binternet\b/i.test(at);
        if (at === n.label || wordIn(at, n.label)) return true;
        if (n.addresses?.some((a) => wordIn(at, a))) return true;
        if (n.kind === 'subnet' && n.sublabel && wordIn(at, n.sublabel)) return true;
        return false;
      })
      .map((n) => n.id);
  };
  const matchEdge = (hop: { at: string; detail: string }): string[] => {
    const text = `${hop.at} ${hop.detail}`;
    return topo.edges
      .filter((e) => (e.resourceId && text.includes(e.resourceId)) || (e.kind === 'peering' && wordIn(text, e.label)) ||
        (e.kind === 'eip' && wordIn(text, e.label)))
      .map((e) => e.id);
  };

  const walk = (hops: { at: string; detail: string }[]) => {
    let last: string | undefined;
    for (const hop of hops) {
      const ns = matchNode(hop);
      ns.forEach((n) => nodes.add(n));
      matchEdge(hop).forEach((e) => edges.add(e));
      if (ns.length) last = mostSpecific(topo, ns);
    }
    return last;
  };
  const lastForward = walk(trace.forward);
  const lastReturn = walk(trace.return);

  // Edges between two highlighted VPCs (or a VPC and a highlighted external peer) that the
  // trace crossed, when the hops only named the VPCs: the only peering joining them.
  for (const e of topo.edges) {
    if (e.kind !== 'peering' || edges.has(e.id)) continue;
    const a = groupOf(topo, nodes, e.source);
    const b = groupOf(topo, nodes, e.target);
    if (a && b) {
      const parallel = topo.edges.filter(
        (o) => o.kind === 'peering' && ((o.source === e.source && o.target === e.target) || (o.source === e.target && o.target === e.source)),
      );
      if (parallel.length === 1) edges.add(e.id);
    }
  }
  if (endpoints.sourcePortId) nodes.add(portNodeId(endpoints.sourcePortId));
  if (endpoints.destinationPortId) nodes.add(portNodeId(endpoints.destinationPortId));
  if (endpoints.destinationIp) {
    // Only an instance of this project holding the address is marked; an address in a
    // peer account's VPC or on the Internet is lit only where the hops name it.
    const holder = topo.nodes.find((n) => n.kind === 'instance' && n.addresses?.includes(endpoints.destinationIp!));
    if (holder) nodes.add(holder.id);
  }
  if (!trace.reachable) blockedAt = trace.return.length ? lastReturn ?? lastForward : lastForward;
  return { nodes, edges, blockedAt };
}

/** True when `needle` appears in `hay` as a whole token (not inside a longer name). */
function wordIn(hay: string, needle: string): boolean {
  if (!needle) return false;
  let from = 0;
  for (;;) {
    const i = hay.indexOf(needle, from);
    if (i < 0) return false;
    const before = i === 0 ? '' : hay[i - 1];
    const after = hay[i + needle.length] ?? '';
    if (!/[A-Za-z0-9_.-]/.test(before) && !/[A-Za-z0-9_-]/.test(after) && !/^\.\d/.test(hay.slice(i + needle.length)))
      return true;
    from = i + 1;
  }
}

function depth(topo: Topology, id: string): number {
  let d = 0;
  let n = topo.nodes.find((x) => x.id === id);
  while (n?.parentId) {
    d++;
    n = topo.nodes.find((x) => x.id === n!.parentId);
  }
  return d;
}

function mostSpecific(topo: Topology, ids: string[]): string {
  return [...ids].sort((a, b) => depth(topo, b) - depth(topo, a))[0];
}

/** True when the VPC node, or something inside it, is highlighted. */
function groupOf(topo: Topology, highlighted: Set<string>, vpcNode: string): boolean {
  if (highlighted.has(vpcNode)) return true;
  return topo.nodes.some((n) => {
    if (!highlighted.has(n.id)) return false;
    let p = n.parentId;
    while (p) {
      if (p === vpcNode) return true;
      p = topo.nodes.find((x) => x.id === p)?.parentId;
    }
    return false;
  });
}
