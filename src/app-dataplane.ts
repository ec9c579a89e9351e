import { makeDriver, type Driver, type DriverKind } from './dataplane/index.js';
import { realisedObjects } from './dataplane/realised.js';
import { Reconciler } from './dataplane/reconciler.js';
import { reconcilerOutcomes } from './metrics.js';
import type { NetworkPlan } from './plan/types.js';
import { forgetRealisation, recordRealisation } from './service/dataplane.js';
import type { Store } from './store/store.js';

/** How `createServer` runs the data plane (absent: none, and nothing is started). */
export interface DataplaneOptions {
  readonly kind: DriverKind;
  readonly prefix: string;
  /** Remove every kernel object of the prefix when the server closes. */
  readonly teardown?: boolean;
  /** Full resync period in ms (drift repair); default 30 s. */
  readonly periodMs?: number;
  /** Every how many periodic passes instance namespaces are read with `ip` (default 10). */
  readonly deepEvery?: number;
}

export interface RunningDataplane {
  readonly driver: Driver;
  readonly reconciler: Reconciler;
  stop(): Promise<void>;
}

type Log = { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };

/** Where the reconciler's plans come from: the server's one plan cache (service/network.ts NetworkService). */
export interface PlanCache {
  plan(region: string): Promise<NetworkPlan>;
}

/**
 * Part of the composition root: the reconciler between the store's intent and a driver.
 * It reads its plans from `plans`, the cache the API answers from too, so each revision
 * is compiled once per server.
 */
export async function startDataplane(store: Store, regions: readonly string[], options: DataplaneOptions, log: Log, plans: PlanCache): Promise<RunningDataplane> {
  const driver = makeDriver(options.kind, { prefix: options.prefix, log: (msg, fields) => log.warn(fields ?? {}, msg) });
  const reconciler = new Reconciler({
    driver,
    periodMs: options.periodMs,
    deepEvery: options.deepEvery,
    source: {
      plans: async () => {
        const out: NetworkPlan[] = [];
        for (const region of regions) out.push(await plans.plan(region));
        return out;
      },
      // Coalescing happens in the reconciler; a commit only says "look again".
      onChange: (listener) => store.onCommit(() => listener()),
    },
    sink: {
      async realised(plans, desired) {
        if (driver.kind === 'none') return;
        const revision = Math.max(0, ...Object.values(desired.revisions));
        await recordRealisation(store, options.prefix, revision, realisedObjects(plans, options.prefix), new Date());
      },
    },
    log: (level, msg, fields) => log[level](fields ?? {}, msg),
    onOutcome: (outcome) => reconcilerOutcomes.inc({ outcome }),
  });
  await reconciler.start().catch((err) => log.warn({ err: String(err) }, 'first data plane pass failed; retrying'));
  return {
    driver,
    reconciler,
    async stop() {
      await reconciler.stop();
      await driver.close?.();
      if (options.teardown && driver.kind !== 'none') {
        const removed = await driver.gc(null);
        await forgetRealisation(store, options.prefix);
        log.info({ removed: removed.length }, 'data plane torn down');
      }
    },
  };
}
