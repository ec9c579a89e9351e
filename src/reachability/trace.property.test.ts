import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Peering, Port, Route, Subnet, Vpc } from '../domain/entities.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { topology } from '../plan/arbitrary.js';
import { compile } from '../plan/compile.js';
import { trace } from './trace.js';
import type { Flow, Reason } from './types.js';

/*
 * An INDEPENDENT reference evaluator: it reads the IntentSnapshot directly and applies
 * the rules by brute force (no plan, no LpmTable, no shared helper). Where it and
 * trace() disagree, one of them misreads the rules.
 */

// ---- tiny IPv4 arithmetic, on purpose not shared with src/net --------------------------
type Block = { lo: number; hi: number; len: number };
const ip = (t: string): number | null => {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(t);
  if (!m) return null;
  const o = m.slice(1).map(Number);
  return o.some((x) => x > 255) ? null : ((o[0]! * 256 + o[1]!) * 256 + o[2]!) * 256 + o[3]!;
};
const block = (t: string): Block | null => {
  const [a, l] = t.split('/');
  const base = ip(a ?? '');
  const len = Number(l);
  if (base === null || l === undefined || !/^\d+$/.test(l) || len > 32) return null;
  const size = 2 ** (32 - len);
  const lo = Math.floor(base / size) * size;
  return { lo, hi: lo + size - 1, len };
};
const has = (b: Block | null, x: number) => b !== null && x >= b.lo && x <= b.hi;
const inside = (outer: Block, inner: Block) => inner.lo >= outer.lo && inner.hi <= outer.hi;
const SYSTEM = ['100.64.0.0/10', '198.19.128.0/20', '127.0.0.0/8'].map((t) => block(t)!);

interface P { port: Port; ip: number; vpc: Vpc; subnet: Subnet }

function reference(s: IntentSnapshot, flow: Flow): Reason {
  const vpcOf = (id: string) => s.vpcs.find((v) => v.id === id);
  const cidrOf = (v: Vpc) => block(v.cidr);
  const peerings = s.peerings.filter((p) => p.status !== 'DELETED' && p.requestVpcId !== p.acceptVpcId
    && vpcOf(p.requestVpcId) && vpcOf(p.acceptVpcId));
  const between = (a: string, b: string) => peerings.filter((p) =>
    (p.requestVpcId === a && p.acceptVpcId === b) || (p.requestVpcId === b && p.acceptVpcId === a));
  const subnetsOf = (v: Vpc) => s.subnets.filter((x) => x.vpcId === v.id && block(x.cidr));
  const ports: P[] = [];
  for (const port of s.ports) {
    const vpc = vpcOf(port.vpcId);
    const subnet = vpc && subnetsOf(vpc).find((x) => x.id === port.subnetId);
    const addr = ip(port.ipAddress);
    if (vpc && subnet && addr !== null && has(block(subnet.cidr), addr)) ports.push({ port, ip: addr, vpc, subnet });
  }
  const eipOf = (p: P) => s.eips.filter((e) => e.portId === p.port.id).sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  const inAnyVpc = (x: number) => s.vpcs.some((v) => has(cidrOf(v), x));
  const tableOf = (vpc: Vpc, wanted: string) => {
    const own = s.routeTables.filter((t) => t.vpcId === vpc.id).sort((a, b) => (a.id < b.id ? -1 : 1));
    const dflt = own.find((t) => t.isDefault)?.id ?? `default:${vpc.id}`;
    return own.some((t) => t.id === wanted) ? wanted : dflt;
  };
  const rowsOf = (vpc: Vpc, tableId: string): Route[] => s.routes
    .filter((r) => r.vpcId === vpc.id && tableOf(vpc, r.routeTableId) === tableId && block(r.destination))
    .filter((r) => r.type !== 'peering' || peerings.some((p) => p.id === r.nexthop));
  const isKeeper = (r: Route, rows: Route[]) => !rows.some((o) => o.id < r.id && sameBlock(o.destination, r.destination));
  const installed = (vpc: Vpc, r: Route, rows: Route[]) => {
    const p = peerings.find((x) => x.id === r.nexthop);
    return isKeeper(r, rows) && !subnetsOf(vpc).some((x) => inside(block(x.cidr)!, block(r.destination)!))
      && r.type === 'peering' && !!p && (p.requestVpcId === vpc.id || p.acceptVpcId === vpc.id) && p.status === 'ACTIVE';
  };

  const source = ports.find((p) => p.port.id === flow.sourcePortId);
  if (!source) return 'ADDRESS_NOT_FOUND';
  const target = 'portId' in flow.destination ? ports.find((p) => p.port.id === (flow.destination as { portId: string }).portId) : undefined;
  if ('portId' in flow.destination && !target) return 'ADDRESS_NOT_FOUND';
  const dst = target ? target.ip : ip((flow.destination as { ip: string }).ip);
  if (dst === null) return 'ADDRESS_NOT_FOUND';

  type Arrive = { ok: true; port?: P; seen?: number } | { ok: false; reason: Reason };
  const no = (reason: Reason): Arrive => ({ ok: false, reason });

  function deliverIn(vpc: Vpc, subnet: Subnet, d: number, t: P | undefined, sender: P, forwardFromSender: boolean): Arrive {
    if (ip(subnet.gatewayIp) === d) return { ok: true };
    const holders = ports.filter((p) => p.subnet.id === subnet.id && p.ip === d).sort((a, b) => (a.port.id < b.port.id ? -1 : 1));
    const chosen = t && holders.includes(t) ? t : holders.find((p) => p.port.deviceOwner !== '') ?? holders[0];
    if (chosen) return chosen.port.deviceOwner !== '' ? { ok: true, port: chosen, seen: sender.ip } : no('ADDRESS_NOT_FOUND');
    if (forwardFromSender && !t) {
      const routes = rowsOf(vpc, tableOf(vpc, sender.subnet.routeTableId));
      const intent = routes.some((r) => has(block(r.destination), d))
        || s.vpcs.some((u) => u.id !== vpc.id && has(cidrOf(u), d) && between(vpc.id, u.id).length > 0);
      if (intent) return no('LOCAL_ROUTE_WINS');
    }
    return no('ADDRESS_NOT_FOUND');
  }

  function go(sender: P, d: number, t: P | undefined, forward: boolean): Arrive {
    const vpc = sender.vpc;
    const local = subnetsOf(vpc).find((x) => has(block(x.cidr), d));
    if (local) {
      if (t && t.vpc.id !== vpc.id) return no('LOCAL_ROUTE_WINS');
      return deliverIn(vpc, local, d, t, sender, forward);
    }
    if (SYSTEM.some((b) => has(b, d))) return no('NO_ROUTE');

    // Rows in decision order: longest prefix first; for one block the winning custom
    // route, its duplicates, then the VPC blackhole; the Internet last.
    const tableId = tableOf(vpc, sender.subnet.routeTableId);
    const rows = rowsOf(vpc, tableId);
    const vpcBlock = cidrOf(vpc);
    type Row = { len: number; rank: number; id: string; route?: Route; kind: 'route' | 'blackhole' | 'internet' };
    const matching: Row[] = rows.filter((r) => has(block(r.destination), d))
      .map((r) => ({ len: block(r.destination)!.len, rank: isKeeper(r, rows) ? 0 : 1, id: r.id, route: r, kind: 'route' as const }));
    const vpcCidrTaken = rows.some((r) => vpcBlock && sameBlock(r.destination, vpc.cidr) && installed(vpc, r, rows));
    if (vpcBlock && has(vpcBlock, d) && !vpcCidrTaken) matching.push({ len: vpcBlock.len, rank: 2, id: '', kind: 'blackhole' });
    if (eipOf(sender) && !inAnyVpc(d)) matching.push({ len: -1, rank: 3, id: '', kind: 'internet' });
    matching.sort((a, b) => b.len - a.len || a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let blocked: Route | undefined;
    let chosen: Row | undefined;
    for (const row of matching) {
      if (row.kind !== 'route' || installed(vpc, row.route!, rows)) { chosen = row; break; }
      blocked ??= row.route;
    }

    if (chosen?.kind === 'route') return cross(sender, d, t, peerings.find((p) => p.id === chosen!.route!.nexthop)!);
    if (chosen?.kind === 'internet') {
      const owner = ports.find((p) => { const e = eipOf(p); return e !== undefined && ip(e.publicIpAddress) === d; });
      if (!owner) return { ok: true };
      if (owner.port.deviceOwner === '') return no('ADDRESS_NOT_FOUND');
      return { ok: true, port: owner, seen: ip(eipOf(sender)!.publicIpAddress)! };
    }
    if (blocked) {
      const p = peerings.find((x) => x.id === blocked!.nexthop);
      const notActive = blocked.type === 'peering' && isKeeper(blocked, rows) && p
        && (p.requestVpcId === vpc.id || p.acceptVpcId === vpc.id) && p.status !== 'ACTIVE';
      return no(notActive ? 'PEERING_NOT_ACTIVE' : 'NO_ROUTE');
    }
    const candidates = t ? [t.vpc] : s.vpcs.filter((u) => u.id !== vpc.id && has(cidrOf(u), d));
    const onlyInactive = candidates.some((u) => {
      const joins = between(vpc.id, u.id);
      return joins.length > 0 && joins.every((p) => p.status !== 'ACTIVE');
    });
    return no(onlyInactive ? 'PEERING_NOT_ACTIVE' : 'NO_ROUTE');
  }

  function cross(sender: P, d: number, t: P | undefined, p: Peering): Arrive {
    const peer = vpcOf(p.requestVpcId === sender.vpc.id ? p.acceptVpcId : p.requestVpcId)!;
    if (!has(cidrOf(sender.vpc), sender.ip)) return no('TRANSIT_DENIED');
    const gateways = subnetsOf(peer).map((x) => ip(x.gatewayIp));
    const eips = ports.filter((x) => x.vpc.id === peer.id).map((x) => eipOf(x)).filter((e) => e).map((e) => ip(e!.publicIpAddress));
    if (gateways.includes(d) || eips.includes(d)) return no('EDGE_TO_EDGE_DENIED');
    const subnet = subnetsOf(peer).find((x) => has(block(x.cidr), d));
    if (subnet) {
      if (t && t.vpc.id !== peer.id) return no('NO_ROUTE');
      return deliverIn(peer, subnet, d, t, sender, false);
    }
    if (has(cidrOf(peer), d)) return no('NO_ROUTE');
    return no(inAnyVpc(d) ? 'TRANSIT_DENIED' : 'EDGE_TO_EDGE_DENIED');
  }

  const there = go(source, dst, target, true);
  if (!there.ok) return there.reason;
  if (!there.port) return 'REACHABLE'; // a gateway or an Internet host answers
  const back = go(there.port, there.seen!, source, false);
  return back.ok && back.port === source ? 'REACHABLE' : 'NO_RETURN_ROUTE';
}

function sameBlock(a: string, b: string): boolean {
  const x = block(a);
  const y = block(b);
  return !!x && !!y && x.lo === y.lo && x.len === y.len;
}

/** Every port to every port, and to a spread of addresses: hosts, gateways, holes, EIPs, the Internet. */
function flows(s: IntentSnapshot): Flow[] {
  const sources = s.ports.filter((_, i) => i % Math.ceil(s.ports.length / 8) === 0);
  const addresses = new Set<string>(['203.0.113.10', '100.64.0.1', '10.1.0.5', '192.168.9.9', '172.16.0.9', '10.200.0.1']);
  for (const p of s.ports) addresses.add(p.ipAddress);
  for (const x of s.subnets) { addresses.add(x.gatewayIp); addresses.add(x.cidr.replace(/\.0\/24$/, '.99')); }
  for (const e of s.eips) addresses.add(e.publicIpAddress);
  const out: Flow[] = [];
  for (const src of sources) {
    for (const d of s.ports) out.push({ sourcePortId: src.id, destination: { portId: d.id }, protocol: 'tcp', port: 80 });
    for (const a of addresses) out.push({ sourcePortId: src.id, destination: { ip: a }, protocol: 'icmp' });
  }
  return out;
}

test('trace agrees with the brute-force reference on random topologies', () => {
  const seen = new Map<Reason, number>();
  fc.assert(fc.property(topology, (snapshot) => {
    const plan = compile(snapshot);
    for (const flow of flows(snapshot)) {
      const expected = reference(snapshot, flow);
      const got = trace(plan, flow);
      seen.set(got.reason, (seen.get(got.reason) ?? 0) + 1);
      assert.equal(got.reason, expected, JSON.stringify(flow));
      assert.equal(got.reachable, expected === 'REACHABLE');
    }
  }), { seed: 42, numRuns: 300 });
  // The generator must exercise every verdict, or the agreement proves little.
  for (const reason of ['REACHABLE', 'NO_ROUTE', 'PEERING_NOT_ACTIVE', 'NO_RETURN_ROUTE', 'TRANSIT_DENIED',
    'EDGE_TO_EDGE_DENIED', 'LOCAL_ROUTE_WINS', 'ADDRESS_NOT_FOUND'] as const) {
    assert.ok((seen.get(reason) ?? 0) > 0, `no flow ended in ${reason}: ${JSON.stringify([...seen])}`);
  }
});
