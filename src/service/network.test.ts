import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDataplane } from '../app-dataplane.js';
import { systemClock } from '../domain/clock.js';
import { compile } from '../plan/compile.js';
import { ServerMetrics } from '../metrics.js';
import { figure1 } from '../plan/scenarios.js';
import { writeSnapshot } from '../store/fixtures.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { NetworkService } from './network.js';
import { Quotas } from './quotas.js';

const silent = { info() {}, warn() {}, error() {} };

describe('NetworkService: one plan cache, refreshed from the change log', () => {
  let dir: string;
  let store: Store;
  let network: NetworkService;
  const scenario = figure1();
  const route = scenario.snapshot.routes[0]!;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isthmus-network-'));
    store = await openStore({ store: `sqlite:${join(dir, 'isthmus.sqlite')}` });
    await writeSnapshot(store, scenario.snapshot, scenario.builder.projectList());
    network = new NetworkService({
      store, clock: systemClock, quotas: new Quotas(),
      config: { regions: ['eu-de'], peeringExpiryMs: 1000, eipPool: '198.19.0.0/16', realisedOnCommit: true },
    });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const reads = () => ({ ...store.snapshotReads });

  test('the first plan reads the region in full; later ones patch it and equal a full compile', async () => {
    const first = await network.plan('eu-de');
    assert.deepEqual(reads(), { full: 1, incremental: 0 });
    assert.deepEqual(first, compile(await store.snapshot('eu-de')));
    for (let k = 0; k < 5; k++) {
      await store.write((tx) => tx.routeTables.updateRoute({ ...route, destination: `10.${k}.0.0/16` }));
      const plan = await network.plan('eu-de');
      assert.equal(plan.revision, await store.read.meta.revision());
      assert.deepEqual(plan, compile(await store.snapshot('eu-de')));
    }
    // One full read for the first plan, plus one for each comparison above.
    assert.equal(store.snapshotReads.incremental, 5);
    assert.equal(store.snapshotReads.full, 1 + 1 + 5);
  });

  test('a caller sees its own write even while an older refresh is in flight', async () => {
    await store.write((tx) => tx.routeTables.updateRoute({ ...route, destination: '10.100.0.0/16' }));
    // Hold the refresh after it has read its snapshot, until the second write committed.
    const read = store.snapshot.bind(store);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let entered!: () => void;
    const started = new Promise<void>((resolve) => { entered = resolve; });
    store.snapshot = async (region, previous) => {
      const snapshot = await read(region, previous);
      entered();
      await gate;
      return snapshot;
    };
    let destinations: string[] = [];
    try {
      const older = network.plan('eu-de');
      await started;
      await store.write((tx) => tx.routeTables.updateRoute({ ...route, destination: '10.101.0.0/16' }));
      const revision = await store.read.meta.revision();
      const newer = network.plan('eu-de');
      // Time for it to read the revision and find the older refresh still in flight.
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
      const [a, b] = await Promise.all([older, newer]);
      assert.equal(a.revision, revision - 1);
      assert.equal(b.revision, revision);
      destinations = b.routers.flatMap((r) => r.routeTables.flatMap((t) => t.entries)).map((e) => e.destination);
    } finally {
      store.snapshot = read;
    }
    assert.ok(destinations.includes('10.101.0.0/16'), 'the second write is in the plan');
  });

  test('concurrent callers share one refresh per revision', async () => {
    await store.write((tx) => tx.routeTables.updateRoute({ ...route, destination: '10.102.0.0/16' }));
    const before = reads();
    const plans = await Promise.all([network.plan('eu-de'), network.plan('eu-de'), network.plan('eu-de')]);
    assert.equal(plans[0], plans[1]);
    assert.equal(plans[1], plans[2]);
    assert.deepEqual(reads(), { ...before, incremental: before.incremental + 1 });
  });

  test('the data plane reconciler reads the same cache: a revision is refreshed once for both', async () => {
    const running = await startDataplane(store, ['eu-de'], { kind: 'none', prefix: 'tnc', periodMs: 0 }, silent, network);
    try {
      await store.write((tx) => tx.routeTables.updateRoute({ ...route, destination: '10.103.0.0/16' }));
      const before = reads();
      await running.reconciler.sync(false);
      const revision = await store.read.meta.revision();
      assert.equal(running.reconciler.metrics.lastRevision['eu-de'], revision);
      // The API's call at that revision finds the reconciler's plan.
      const plan = await network.plan('eu-de');
      assert.equal(plan.revision, revision);
      assert.deepEqual(reads(), { ...before, incremental: before.incremental + 1 });
    } finally {
      await running.stop();
    }
  });

  test('/metrics counts full and incremental snapshot reads', async () => {
    const { body } = await new ServerMetrics(store).render();
    assert.match(body, new RegExp(`isthmus_plan_snapshot_reads_total\\{kind="full"\\} ${store.snapshotReads.full}\\n`));
    assert.match(body, new RegExp(`isthmus_plan_snapshot_reads_total\\{kind="incremental"\\} ${store.snapshotReads.incremental}\\n`));
  });
});
