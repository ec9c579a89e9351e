import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Project } from '../src/domain/entities.js';
import { systemClock } from '../src/domain/clock.js';
import type { IntentSnapshot } from '../src/domain/snapshot.js';
import { NetworkService } from '../src/service/network.js';
import { Quotas } from '../src/service/quotas.js';
import { writeSnapshot } from '../src/store/fixtures.js';
import { openStore } from '../src/store/open.js';
import { SnapshotBuilder } from '../src/plan/fixtures.js';
import { compile } from '../src/plan/compile.js';
import { recompile } from '../src/plan/recompile.js';
import type { NetworkPlan } from '../src/plan/types.js';
import { reachabilityMatrix } from '../src/reachability/matrix.js';
import { trace } from '../src/reachability/trace.js';
import { heading, percentile, report } from './report.js';

/**
 * Issue 3 targets: compile 10,000 VPCs / 20,000 peerings / 100,000 routes in ≤ 1 s,
 * recompile after one route change in ≤ 10 ms, trace p50 ≤ 0.05 ms and p99 ≤ 0.5 ms,
 * every pair of 1,000 VPCs in ≤ 2 s. Printed, never asserted.
 */
export async function runPlanBench(): Promise<void> {
  heading('plan: compile, recompile, trace (10,000 VPCs, 20,000 peerings, 100,000 routes)');
  const t0 = performance.now();
  const { snapshot, portIds, projects } = syntheticRegion(10_000);
  report({ name: 'plan: build the synthetic snapshot', value: performance.now() - t0, unit: 'ms' });
  report({ name: 'plan: snapshot size (vpcs / peerings / routes)', value: snapshot.vpcs.length, unit: `vpcs, ${snapshot.peerings.length} peerings, ${snapshot.routes.length} routes` });

  // The first compile pays for JIT warm-up and fills the parse memo; report it apart.
  const cold = performance.now();
  let plan: NetworkPlan = compile(snapshot);
  report({ name: 'plan: full compile, first run (cold)', value: performance.now() - cold, unit: 'ms', target: { op: '<=', value: 1000 } });
  const compileTimes: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    plan = compile(snapshot);
    compileTimes.push(performance.now() - start);
  }
  compileTimes.sort((a, b) => a - b);
  report({ name: 'plan: full compile (median of 5)', value: percentile(compileTimes, 50), unit: 'ms', target: { op: '<=', value: 1000 } });

  // One route changes at a time, as a store would hand over the next snapshot.
  const recompileTimes: number[] = [];
  let current = snapshot;
  for (let k = 0; k < 50; k++) {
    const at = (k * 1999) % current.routes.length;
    const routes = current.routes.slice();
    routes[at] = { ...routes[at]!, destination: `10.250.${k}.0/24` };
    const next: IntentSnapshot = { ...current, revision: current.revision + 1, routes };
    const start = performance.now();
    plan = recompile(plan, current, next);
    recompileTimes.push(performance.now() - start);
    current = next;
  }
  recompileTimes.sort((a, b) => a - b);
  report({ name: 'plan: recompile after one route change (median of 50)', value: percentile(recompileTimes, 50), unit: 'ms', target: { op: '<=', value: 10 } });
  report({ name: 'plan: recompile after one route change (max of 50)', value: recompileTimes[recompileTimes.length - 1]!, unit: 'ms' });

  // A store that re-reads every row hands over fresh objects and fresh lists: nothing is
  // shared, so every record is compared field by field.
  const freshTimes: number[] = [];
  for (let k = 0; k < 5; k++) {
    const next = structuredClone({ ...current, revision: current.revision + 1 });
    const at = (k * 7777) % next.routes.length;
    (next.routes as IntentSnapshot['routes'][number][])[at] = { ...next.routes[at]!, destination: `10.251.${k}.0/24` };
    const start = performance.now();
    plan = recompile(plan, current, next);
    freshTimes.push(performance.now() - start);
    current = next;
  }
  freshTimes.sort((a, b) => a - b);
  // A reference point, not a path the product takes any more (the store's snapshots reuse unchanged records).
  report({ name: 'plan: recompile, one route change, all records fresh (median of 5)', value: percentile(freshTimes, 50), unit: 'ms' });

  // Trace latency, in process, between pseudo-random ports (cold router indexes included).
  const traceTimes: number[] = [];
  let reachable = 0;
  for (let k = 0; k < 20_000; k++) {
    const i = (k * 7919) % portIds.length;
    const j = k % 3 === 0 ? (i + 1) % portIds.length : (k * 104729) % portIds.length;
    const start = performance.now();
    const result = trace(plan, { sourcePortId: portIds[i]!, destination: { portId: portIds[j]! }, protocol: 'tcp', port: 80 });
    traceTimes.push(performance.now() - start);
    if (result.reachable) reachable++;
  }
  traceTimes.sort((a, b) => a - b);
  report({ name: 'reachability: trace p50 (20,000 flows)', value: percentile(traceTimes, 50), unit: 'ms', target: { op: '<=', value: 0.05 } });
  report({ name: 'reachability: trace p99 (20,000 flows)', value: percentile(traceTimes, 99), unit: 'ms', target: { op: '<=', value: 0.5 } });
  report({ name: 'reachability: traced flows found reachable', value: reachable, unit: 'flows' });

  const sample = portIds.slice(0, 1000);
  const start = performance.now();
  const matrix = reachabilityMatrix(plan, sample);
  const matrixMs = performance.now() - start;
  let pairs = 0;
  for (const code of matrix.codes) if (code === 0) pairs++;
  report({ name: 'reachability: every pair of 1,000 VPCs (1,000,000 flows)', value: matrixMs, unit: 'ms', target: { op: '<=', value: 2000 } });
  report({ name: 'reachability: reachable pairs among them', value: pairs, unit: 'pairs' });

  await runApiPathBench(snapshot, projects);
}

/**
 * Recompile through the API path: the same region in a real SQLite store (a file, WAL,
 * group commit, as `serve` opens it), one route written per step with `store.write()`,
 * then `NetworkService.plan()`, which is what an API call or the data plane reconciler
 * does after a commit. For comparison, the earlier path: a full snapshot read of the
 * region and `recompile()` over its fresh records.
 */
async function runApiPathBench(snapshot: IntentSnapshot, projects: readonly Project[]): Promise<void> {
  heading('plan through the API path (SQLite store, one route written, then NetworkService.plan)');
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-bench-plan-'));
  const store = await openStore({ store: `sqlite:${join(dir, 'isthmus.sqlite')}` });
  try {
    const t0 = performance.now();
    await writeSnapshot(store, snapshot, projects);
    report({ name: 'plan/api: load the region into the store (one write)', value: performance.now() - t0, unit: 'ms' });
    const network = new NetworkService({
      store, clock: systemClock, quotas: new Quotas(),
      config: { regions: [snapshot.region], peeringExpiryMs: 7 * 86_400_000, eipPool: '198.19.0.0/16', realisedOnCommit: true },
    });
    const t1 = performance.now();
    let plan = await network.plan(snapshot.region);
    report({ name: 'plan/api: first plan (full snapshot read + compile)', value: performance.now() - t1, unit: 'ms' });

    const routes = snapshot.routes;
    const writeTimes: number[] = [];
    const planTimes: number[] = [];
    const WARM = 5;
    for (let k = 0; k < WARM + 50; k++) {
      const route = routes[(k * 1999) % routes.length]!;
      const w0 = performance.now();
      await store.write((tx) => tx.routeTables.updateRoute({ ...route, destination: `10.252.${k}.0/24` }));
      const w1 = performance.now();
      plan = await network.plan(snapshot.region);
      const w2 = performance.now();
      if (k >= WARM) {
        writeTimes.push(w1 - w0);
        planTimes.push(w2 - w1);
      }
    }
    writeTimes.sort((a, b) => a - b);
    planTimes.sort((a, b) => a - b);
    report({ name: 'plan/api: store write of one route (commit + fsync, median)', value: percentile(writeTimes, 50), unit: 'ms' });
    report({ name: 'plan/api: NetworkService.plan after it (median of 50)', value: percentile(planTimes, 50), unit: 'ms', target: { op: '<=', value: 10 } });
    report({ name: 'plan/api: NetworkService.plan after it (p90 of 50)', value: percentile(planTimes, 90), unit: 'ms' });
    report({ name: 'plan/api: NetworkService.plan after it (max of 50)', value: planTimes[planTimes.length - 1]!, unit: 'ms' });
    const same = isDeepStrictEqual(plan, compile(await store.snapshot(snapshot.region)));
    report({ name: 'plan/api: the plan equals a full compile (1 = yes)', value: same ? 1 : 0, unit: '' });

    // The path before: read the whole region into fresh objects, recompile over them.
    const fullTimes: number[] = [];
    let previous = await store.snapshot(snapshot.region);
    for (let k = 0; k < 5; k++) {
      const route = routes[(k * 7777) % routes.length]!;
      await store.write((tx) => tx.routeTables.updateRoute({ ...route, destination: `10.253.${k}.0/24` }));
      const start = performance.now();
      const next = await store.snapshot(snapshot.region);
      plan = recompile(plan, previous, next);
      fullTimes.push(performance.now() - start);
      previous = next;
    }
    fullTimes.sort((a, b) => a - b);
    // What the API path cost before the change log: the reference for the figure above.
    report({ name: 'plan/api: full snapshot read + recompile instead (median of 5)', value: percentile(fullTimes, 50), unit: 'ms' });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A region of `n` VPCs on a ring: VPC i peers with i+1 and i+7 (two peerings per VPC,
 * one in ten still PENDING_ACCEPTANCE), one subnet and one instance each, one EIP per
 * ten instances, ten routes per VPC: both sides of each peering, plus the abuses
 * (third VPCs via a peering, Internet prefixes via a peering) and a non-peering next hop.
 */
export function syntheticRegion(n: number): { snapshot: IntentSnapshot; portIds: string[]; projects: Project[] } {
  const b = new SnapshotBuilder('eu-de', 1);
  const projects = Array.from({ length: 16 }, (_, k) => b.project(`p${k}`));
  const block = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.0`;
  const vpcs = Array.from({ length: n }, (_, i) => b.vpc(projects[i % 16]!, `vpc-${i}`, `${block(i)}/24`));
  const portIds: string[] = [];
  vpcs.forEach((vpc, i) => {
    const port = b.port(b.subnet(vpc, `subnet-${i}`, `${block(i)}/25`), `ecs-${i}`, block(i).replace(/0$/, '10'));
    portIds.push(port.id);
    if (i % 10 === 0) b.eip(`198.18.${(i / 10) >> 8}.${(i / 10) & 255}`, port);
  });
  const near = vpcs.map((vpc, i) => b.peering(`pcx-${i}-near`, vpc, vpcs[(i + 1) % n]!, i % 10 === 9 ? 'PENDING_ACCEPTANCE' : 'ACTIVE'));
  const far = vpcs.map((vpc, i) => b.peering(`pcx-${i}-far`, vpc, vpcs[(i + 7) % n]!, 'ACTIVE'));
  vpcs.forEach((vpc, i) => {
    const prev = (i - 1 + n) % n;
    const back = (i - 7 + n) % n;
    b.route(vpc, `${block((i + 1) % n)}/24`, near[i]!);
    b.route(vpc, `${block(prev)}/24`, near[prev]!);
    b.route(vpc, `${block((i + 7) % n)}/24`, far[i]!);
    b.route(vpc, `${block(back)}/24`, far[back]!);
    b.route(vpc, `${block((i + 2) % n)}/24`, near[i]!);
    b.route(vpc, `${block((i + 3) % n)}/24`, near[i]!);
    b.route(vpc, `${block((i + 9) % n)}/24`, far[i]!);
    b.route(vpc, `${block((i + 5) % n)}/24`, { type: 'ecs', nexthop: block(i).replace(/0$/, '10') });
    b.route(vpc, '203.0.113.0/24', near[i]!);
    b.route(vpc, '198.51.100.0/24', far[i]!);
  });
  return { snapshot: b.snapshot(), portIds, projects: b.projectList() };
}
