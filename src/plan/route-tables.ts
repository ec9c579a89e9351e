import type { Peering, Route, RouteTable } from '../domain/entities.js';
import { PeeringStatus, RouteType } from '../domain/statuses.js';
import { cidr, containsCidr, formatCidr, type Cidr } from '../net/index.js';
import { cmp } from './order.js';
import { blockOf, blockText } from './parse.js';
import type { NotInstalledBecause, RouteEntry, RouteTablePlan } from './types.js';
import { SYSTEM_ROUTES } from './types.js';

/** A subnet already validated by the router stage: its block parsed once. */
export interface ParsedSubnet {
  readonly id: string;
  readonly block: Cidr;
  readonly routeTableId: string;
}

export interface RouteTableInputs {
  readonly vpcId: string;
  readonly vpcCidr: Cidr | null;
  /** Sorted by block. */
  readonly subnets: readonly ParsedSubnet[];
  readonly routeTables: readonly RouteTable[];
  readonly routes: readonly Route[];
  readonly peerings: ReadonlyMap<string, Peering>;
}

export interface CompiledRouteTables {
  /** Default table first, then by id. */
  readonly tables: RouteTablePlan[];
  /** The table each subnet uses. */
  readonly tableOfSubnet: Map<string, string>;
}

// Rows identical in every table are built once and shared: the plan is read-only data.
const SYSTEM_ROWS: ReadonlyArray<{ block: Cidr; entry: RouteEntry }> = SYSTEM_ROUTES.map((text) => ({
  block: cidr(text), entry: { kind: 'system', destination: text, installed: true },
}));
const INTERNET_ROW: RouteEntry = { kind: 'internet', destination: '0.0.0.0/0', installed: true };

/** Sorting rank of rows sharing one block: the winning custom route, its duplicates, then the VPC blackhole. */
interface Ranked {
  readonly block: Cidr;
  readonly rank: number;
  readonly tie: string;
  readonly entry: RouteEntry;
}

export function compileRouteTables(inputs: RouteTableInputs): CompiledRouteTables {
  const own = [...inputs.routeTables].filter((t) => t.vpcId === inputs.vpcId).sort((a, b) => cmp(a.id, b.id));
  const defaultTable = own.find((t) => t.isDefault);
  // Every subnet must have a table; a VPC without a stored default table gets a stand-in.
  const defaultId = defaultTable?.id ?? `default:${inputs.vpcId}`;
  const known = new Set(own.map((t) => t.id));
  const tableFor = (id: string) => (known.has(id) ? id : defaultId);

  const tableOfSubnet = new Map<string, string>();
  const subnetsOf = new Map<string, string[]>();
  for (const subnet of [...inputs.subnets].sort((a, b) => cmp(a.id, b.id))) {
    const tableId = tableFor(subnet.routeTableId);
    tableOfSubnet.set(subnet.id, tableId);
    push(subnetsOf, tableId, subnet.id);
  }
  const routesOf = new Map<string, Route[]>();
  for (const route of inputs.routes) push(routesOf, tableFor(route.routeTableId), route);

  const locals = localEntries(inputs.subnets);
  const headers = [
    { id: defaultId, name: defaultTable?.name ?? 'default', isDefault: true, synthetic: !defaultTable },
    ...own.filter((t) => t !== defaultTable).map((t) => ({ id: t.id, name: t.name, isDefault: false, synthetic: false })),
  ];
  const tables = headers.map((h): RouteTablePlan => ({
    routeTableId: h.id,
    name: h.name,
    isDefault: h.isDefault,
    synthetic: h.synthetic,
    subnetIds: subnetsOf.get(h.id) ?? [],
    entries: [...locals, ...customEntries(inputs, routesOf.get(h.id) ?? [])],
  }));
  return { tables, tableOfSubnet };
}

/** Subnets and system routes: they never overlap, so their order is only cosmetic. */
function localEntries(subnets: readonly ParsedSubnet[]): RouteEntry[] {
  const rows: Array<{ block: Cidr; entry: RouteEntry }> = [
    ...subnets.map((s) => ({ block: s.block, entry: { kind: 'local', destination: formatCidr(s.block), subnetId: s.id, installed: true } as const })),
    ...SYSTEM_ROWS,
  ];
  return rows.sort((a, b) => a.block.network - b.block.network || a.block.prefix - b.block.prefix).map((r) => r.entry);
}

/** Custom routes, the VPC blackhole and the Internet, in longest-prefix-match order. */
function customEntries(inputs: RouteTableInputs, routes: readonly Route[]): RouteEntry[] {
  const ranked: Ranked[] = [];
  // Per destination, the route with the lowest id is the one that counts.
  const winners = new Map<string, Route>();
  const parsed: Array<{ route: Route; block: Cidr; key: string }> = [];
  for (const route of routes) {
    const key = blockText(route.destination);
    if (key === null) continue;
    // A route through a peering that no longer exists is as if it had never been made.
    if (route.type === RouteType.Peering && !inputs.peerings.has(route.nexthop)) continue;
    const current = winners.get(key);
    if (!current || route.id < current.id) winners.set(key, route);
    parsed.push({ route, block: blockOf(key)!, key });
  }

  let vpcCidrTaken = false;
  for (const { route, block, key } of parsed) {
    const winner = winners.get(key) === route;
    const because = winner ? blockedBy(inputs, route, block) : 'DUPLICATE_DESTINATION';
    const entry = customEntry(inputs, route, key, because);
    if (entry.installed && inputs.vpcCidr && block.network === inputs.vpcCidr.network && block.prefix === inputs.vpcCidr.prefix) {
      vpcCidrTaken = true;
    }
    ranked.push({ block, rank: winner ? 0 : 1, tie: route.id, entry });
  }
  if (inputs.vpcCidr && !vpcCidrTaken) {
    ranked.push({ block: inputs.vpcCidr, rank: 2, tie: '', entry: { kind: 'blackhole', destination: formatCidr(inputs.vpcCidr), installed: true } });
  }
  ranked.sort((a, b) => b.block.prefix - a.block.prefix || a.block.network - b.block.network || a.rank - b.rank || cmp(a.tie, b.tie));
  const entries = ranked.map((r) => r.entry);
  entries.push(INTERNET_ROW);
  return entries;
}

function blockedBy(inputs: RouteTableInputs, route: Route, block: Cidr): NotInstalledBecause | null {
  if (inputs.subnets.some((s) => containsCidr(s.block, block))) return 'SHADOWED_BY_LOCAL';
  if (route.type !== RouteType.Peering) return 'NEXT_HOP_NOT_REALISED';
  const peering = inputs.peerings.get(route.nexthop)!;
  if (peering.requestVpcId !== route.vpcId && peering.acceptVpcId !== route.vpcId) return 'PEERING_NOT_OF_THIS_VPC';
  if (peering.status !== PeeringStatus.Active) return 'PEERING_NOT_ACTIVE';
  return null;
}

function customEntry(inputs: RouteTableInputs, route: Route, destination: string, because: NotInstalledBecause | null): RouteEntry {
  if (route.type !== RouteType.Peering) {
    return {
      kind: 'unrealised', destination, routeId: route.id, description: route.description,
      type: route.type, nexthop: route.nexthop, installed: false,
      notInstalledBecause: because ?? 'NEXT_HOP_NOT_REALISED',
    };
  }
  const peering = inputs.peerings.get(route.nexthop)!;
  const isRequester = peering.requestVpcId === route.vpcId;
  const isAccepter = peering.acceptVpcId === route.vpcId;
  return {
    kind: 'peering', destination, routeId: route.id, description: route.description,
    peeringId: peering.id, peeringName: peering.name, peeringStatus: peering.status,
    peerVpcId: isRequester ? peering.acceptVpcId : isAccepter ? peering.requestVpcId : null,
    peerProjectId: isRequester ? peering.acceptProjectId : isAccepter ? peering.requestProjectId : null,
    installed: because === null,
    notInstalledBecause: because,
  };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
