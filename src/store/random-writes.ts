import fc from 'fast-check';
import type { Eip, Peering, Port, Route, RouteTable, Subnet, Vpc } from '../domain/entities.js';
import { newId } from '../domain/ids.js';
import { PEERING_STATUSES } from '../domain/statuses.js';
import type { IntentEntity } from './repos/changes.js';
import type { StoreTx } from './store.js';

/**
 * Test support: random writes of network intent through every mutating repository
 * method (inserts, updates, deletes, and the bulk ones: status sweeps, route table
 * moves, a VPC's tables, a peering's routes), for the property that a snapshot patched
 * from the change log equals a full read (store.contract.ts).
 */
export interface RandomOp {
  readonly kind: number;
  readonly pick: number;
  readonly value: number;
}

export interface RandomBatch {
  /** One write transaction. */
  readonly ops: readonly RandomOp[];
  /** Write through the second store (another server, on PostgreSQL). */
  readonly other: boolean;
  /** Throw at the end: the transaction rolls back and must leave no trace in the log. */
  readonly fail: boolean;
  /** Take an incremental snapshot after this batch (otherwise the gap grows). */
  readonly check: boolean;
}

const OP_KINDS = 21;

export const randomOp: fc.Arbitrary<RandomOp> = fc.record({ kind: fc.nat(OP_KINDS - 1), pick: fc.nat(10_000), value: fc.nat(10_000) });

export const randomBatch: fc.Arbitrary<RandomBatch> = fc.record({
  ops: fc.array(randomOp, { minLength: 1, maxLength: 4 }),
  other: fc.boolean(),
  fail: fc.boolean().map((b) => b && Math.random() < 0.3),
  check: fc.nat(3).map((n) => n !== 0),
});

/** What a batch touched, to check that everything else was reused as is. */
export type Touched = Map<IntentEntity, Set<string>>;

const CIDRS = ['10.0.0.0/16', '192.168.0.0/16', '172.16.0.0/12', ''];
const ts = (n: number) => new Date(Date.UTC(2026, 10, 26, 12, 0, 0) + n * 1000).toISOString();

let counter = 0;

/**
 * Applies one op inside `tx`, choosing its targets among the rows that exist (of every
 * region: the projects given may lie in several). Returns nothing; records what it
 * touched in `touched`.
 */
export async function applyRandomOp(tx: StoreTx, op: RandomOp, projects: readonly string[], touched: Touched): Promise<void> {
  const n = ++counter;
  const touch = (entity: IntentEntity, ...ids: string[]) => {
    let set = touched.get(entity);
    if (!set) touched.set(entity, (set = new Set()));
    for (const id of ids) set.add(id);
  };
  const at = <T>(list: readonly T[], k = op.pick): T | undefined => (list.length === 0 ? undefined : list[k % list.length]);
  const vpcs = await tx.vpcs.all();
  const vpc = at(vpcs);
  switch (op.kind) {
    case 0: { // a new VPC
      const v: Vpc = {
        id: newId(), projectId: at(projects)!, name: `vpc-${n}`, description: '', cidr: at(CIDRS, op.value)!, status: 'OK',
        enterpriseProjectId: '0', createdAt: ts(n), updatedAt: ts(n),
      };
      await tx.vpcs.insert(v);
      touch('vpc', v.id);
      return;
    }
    case 1: if (vpc) { // rename, re-CIDR, or a status change
      await tx.vpcs.update({ ...vpc, name: `vpc-${n}`, cidr: at(CIDRS, op.value)!, status: op.value % 2 ? 'OK' : 'CREATING', updatedAt: ts(n) });
      touch('vpc', vpc.id);
    } return;
    case 2: if (vpc) { await tx.vpcs.delete(vpc.id); touch('vpc', vpc.id); } return;
    case 3: { // a status sweep over several VPCs (the reconciler's)
      const ids = vpcs.filter((_, i) => (i + op.value) % 3 === 0).map((v) => v.id);
      await tx.vpcs.setStatus(ids, op.value % 2 ? 'OK' : 'CREATING');
      touch('vpc', ...ids);
      return;
    }
    case 4: if (vpc) {
      const t: RouteTable = {
        id: newId(), projectId: vpc.projectId, vpcId: vpc.id, name: `rtb-${n}`, description: '', isDefault: op.value % 2 === 0,
        createdAt: ts(n), updatedAt: ts(n),
      };
      await tx.routeTables.insert(t);
      touch('route_table', t.id);
    } return;
    case 5: {
      const t = at(await tx.routeTables.all());
      if (t) { await tx.routeTables.update({ ...t, name: `rtb-${n}`, isDefault: !t.isDefault, updatedAt: ts(n) }); touch('route_table', t.id); }
      return;
    }
    case 6: {
      if (op.value % 2 === 0) {
        const t = at(await tx.routeTables.all());
        if (t) { await tx.routeTables.delete(t.id); touch('route_table', t.id); }
      } else if (vpc) {
        touch('route_table', ...(await tx.routeTables.ofVpc(vpc.id)).map((t) => t.id));
        await tx.routeTables.deleteOfVpc(vpc.id);
      }
      return;
    }
    case 7: if (vpc) {
      const table = at(await tx.routeTables.ofVpc(vpc.id), op.value);
      const s: Subnet = {
        id: newId(), projectId: vpc.projectId, vpcId: vpc.id, name: `sn-${n}`, description: '', cidr: `10.${n % 250}.${op.value % 250}.0/24`,
        gatewayIp: `10.${n % 250}.${op.value % 250}.1`, dhcpEnable: op.value % 2 === 0, primaryDns: '', secondaryDns: '',
        dnsList: op.value % 3 ? [] : ['100.125.4.25'], availabilityZone: 'az1', extraDhcpOpts: [], routeTableId: table?.id ?? '',
        status: 'UNKNOWN', createdAt: ts(n), updatedAt: ts(n),
      };
      await tx.subnets.insert(s);
      touch('subnet', s.id);
    } return;
    case 8: {
      const subnets = await tx.subnets.all();
      const s = at(subnets);
      if (!s) return;
      if (op.value % 3 === 0) {
        await tx.subnets.update({ ...s, name: `sn-${n}`, gatewayIp: `10.9.${n % 250}.1`, updatedAt: ts(n) });
        touch('subnet', s.id);
      } else if (op.value % 3 === 1) {
        const table = at(await tx.routeTables.all(), op.value);
        const ids = subnets.filter((x) => x.vpcId === s.vpcId).map((x) => x.id);
        await tx.subnets.setRouteTable(ids, table?.id ?? 'none', ts(n));
        touch('subnet', ...ids);
      } else {
        const ids = subnets.filter((_, i) => (i + op.value) % 2 === 0).map((x) => x.id);
        await tx.subnets.setStatus(ids, op.value % 2 ? 'ACTIVE' : 'ERROR');
        touch('subnet', ...ids);
      }
      return;
    }
    case 9: {
      const s = at(await tx.subnets.all());
      if (s) { await tx.subnets.delete(s.id); touch('subnet', s.id); }
      return;
    }
    case 10: if (vpc) {
      const table = at(await tx.routeTables.ofVpc(vpc.id), op.value);
      const peering = at(await tx.peerings.all(), op.value);
      const viaPeering = peering !== undefined && op.value % 4 !== 0;
      const r: Route = {
        id: newId(), projectId: vpc.projectId, vpcId: vpc.id, routeTableId: table?.id ?? newId(), type: viaPeering ? 'peering' : 'ecs',
        destination: `172.${16 + (n % 16)}.${n % 250}.0/24-${n}`, nexthop: viaPeering ? peering!.id : '10.0.0.9', description: '', createdAt: ts(n),
      };
      await tx.routeTables.insertRoute(r);
      touch('route', r.id);
    } return;
    case 11: {
      const r = at(await tx.routeTables.allRoutes());
      if (r) { await tx.routeTables.updateRoute({ ...r, destination: `${r.destination}~${n}`, description: `d${n}` }); touch('route', r.id); }
      return;
    }
    case 12: {
      if (op.value % 2 === 0) {
        const r = at(await tx.routeTables.allRoutes());
        if (r) { await tx.routeTables.deleteRoute(r.id); touch('route', r.id); }
      } else {
        const p = at(await tx.peerings.all(), op.value);
        if (p) {
          touch('route', ...(await tx.routeTables.routesVia(p.id)).map((r) => r.id));
          await tx.routeTables.deleteRoutesVia(p.id);
        }
      }
      return;
    }
    case 13: {
      const b = at(vpcs, op.value);
      if (!vpc || !b || vpc.id === b.id || await tx.peerings.byPair(vpc.id, b.id)) return;
      const p: Peering = {
        id: newId(), name: `pcx-${n}`, description: '', status: at(PEERING_STATUSES, op.value)!,
        requestVpcId: vpc.id, requestProjectId: vpc.projectId, acceptVpcId: b.id, acceptProjectId: b.projectId,
        createdAt: ts(n), updatedAt: ts(n), expiresAt: op.value % 2 ? ts(n + 3600) : null,
      };
      await tx.peerings.insert(p);
      touch('peering', p.id);
      return;
    }
    case 14: {
      const p = at(await tx.peerings.all());
      if (!p) return;
      if (op.value % 2 === 0) await tx.peerings.rename(p.id, { name: `pcx-${n}`, description: `d${n}`, updatedAt: ts(n) });
      else await tx.peerings.transition(p.id, p.status, at(PEERING_STATUSES, op.value)!, ts(n));
      touch('peering', p.id);
      return;
    }
    case 15: {
      const p = at(await tx.peerings.all());
      if (p) { await tx.peerings.delete(p.id); touch('peering', p.id); }
      return;
    }
    case 16: {
      const s = at(await tx.subnets.all());
      if (!s) return;
      const port: Port = {
        id: newId(), projectId: s.projectId, vpcId: s.vpcId, subnetId: s.id, name: `port-${n}`, deviceOwner: op.value % 3 ? 'compute:az1' : '',
        deviceId: `dev-${n}`, macAddress: `fa:16:3e:00:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`,
        ipAddress: `10.${(n >> 8) & 255}.${n & 255}.${1 + (op.value % 250)}`, status: 'ACTIVE', adminStateUp: op.value % 2 === 0,
        createdAt: ts(n), updatedAt: ts(n),
      };
      await tx.ports.insert(port);
      touch('port', port.id);
      return;
    }
    case 17: {
      const port = at(await tx.ports.all());
      if (!port) return;
      if (op.value % 2 === 0) await tx.ports.update({ ...port, name: `port-${n}`, status: 'DOWN', adminStateUp: !port.adminStateUp, updatedAt: ts(n) });
      else await tx.ports.delete(port.id);
      touch('port', port.id);
      return;
    }
    case 18: {
      const port = at(await tx.ports.all(), op.value);
      const bind = port && op.value % 3 !== 0 && !(await tx.eips.byPort(port.id)) ? port : undefined;
      const e: Eip = {
        id: newId(), projectId: bind?.projectId ?? at(projects)!, publicIpAddress: `198.18.${(n >> 8) & 255}.${n & 255}-${n}`, type: '5_bgp', alias: '',
        bandwidthName: 'bw', bandwidthSize: 10, bandwidthShareType: 'PER', portId: bind?.id ?? null, status: bind ? 'ACTIVE' : 'DOWN', createdAt: ts(n),
      };
      await tx.eips.insert(e);
      touch('eip', e.id);
      return;
    }
    case 19: {
      const e = at(await tx.eips.all());
      if (!e) return;
      if (op.value % 3 === 0) {
        await tx.eips.delete(e.id);
      } else {
        const port = at(await tx.ports.all(), op.value);
        const free = port && !(await tx.eips.byPort(port.id)) ? port : undefined;
        await tx.eips.update({ ...e, portId: op.value % 3 === 1 ? null : free?.id ?? null, alias: `a${n}` });
      }
      touch('eip', e.id);
      return;
    }
    default: // a write that changes no intent (a quota): the revision moves, the log has only its marker
      await tx.identity.setQuota(at(projects)!, 'vpc', 100 + (n % 50));
  }
}
