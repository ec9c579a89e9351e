import type { FastifyInstance } from 'fastify';
import { startDataplane, type DataplaneOptions, type RunningDataplane } from './app-dataplane.js';
import { fileURLToPath } from 'node:url';
import { registerConsole } from './api/console.js';
import { buildServer, type ServerOptions } from './api/huawei/server.js';
import { huaweiOperations } from './api/huawei/operations/index.js';
import { isthmusOperations } from './api/isthmus/operations.js';
import { eventOperations } from './api/isthmus/events.js';
import { auditEventsDeleted, ServerMetrics } from './metrics.js';
import { RevisionCache } from './api/huawei/revision-cache.js';
import type { Operation } from './api/huawei/operation.js';
import { systemClock, type Clock } from './domain/clock.js';
import { ApiError } from './domain/errors.js';
import type { ServeConfig } from './config.js';
import { AuditRetention } from './service/audit-retention.js';
import { Quotas } from './service/quotas.js';
import { buildServices, type Services } from './service/services.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  services: Services;
  /** The data plane reconciler, when one was asked for. */
  dataplane: RunningDataplane | null;
  /**
   * Runs the audit trail's retention sweep now (it also runs on a timer) and resolves when
   * it is done; does nothing without `--audit-retention`.
   */
  sweepAuditTrail(): Promise<void>;
  /** Stops timers, closes the listener and the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  config: ServeConfig;
  clock?: Clock;
  /** An already open store (tests); otherwise opened from the config. */
  store?: Store;
  logger?: boolean | object;
  /** Extension operations (reachability, plan, events) added by later layers. */
  extensions?: readonly Operation[];
  extendApp?: (app: FastifyInstance, services: Services) => Promise<void> | void;
  /** The built console; defaults to console/dist of this package. */
  consoleDir?: string;
  /** Whether new VPCs/subnets are realised as soon as they are committed (no data plane). */
  realisedOnCommit?: boolean;
  /** The data plane to run (serve chooses it from --dataplane); absent: none. */
  dataplane?: DataplaneOptions;
  /** Connection limits against slow or stalled clients (defaults: CONNECTION_LIMITS). */
  limits?: ServerOptions['limits'];
}

const CONSOLE_DIST = fileURLToPath(new URL('../console/dist', import.meta.url));

/** How often due peering requests are expired in the background (reads also expire lazily). */
const EXPIRY_SWEEP_MS = 30_000;

/** The composition root of `isthmus serve`: store, services, HTTP server, background work. */
export async function createServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const store = options.store ?? await openStore({ store: config.store, dataDir: config.dataDir });
  const services = buildServices({
    store,
    clock: options.clock ?? systemClock,
    quotas: new Quotas(config.quotas),
    config: {
      regions: config.regions,
      peeringExpiryMs: config.peeringExpiryMs,
      eipPool: config.eipPool,
      realisedOnCommit: options.realisedOnCommit ?? (options.dataplane === undefined || options.dataplane.kind === 'none'),
    },
  });
  const revisionCache = config.revisionCacheBytes > 0 ? new RevisionCache(config.revisionCacheBytes) : null;
  const metrics = new ServerMetrics(store, revisionCache);
  const app = await buildServer(services, {
    logger: options.logger ?? false,
    metrics,
    revisionCache,
    ...(options.limits ? { limits: options.limits } : {}),
    operations: [...huaweiOperations, ...isthmusOperations, ...eventOperations, ...(options.extensions ?? [])],
    extend: async (instance) => {
      // CONTRACTS.md: 200 {"status":"ok"} once the server accepts API calls. It asks the
      // store, so a load balancer takes a server out while its database is unreachable
      // (every API call answers 503 ISTHMUS.0503 then) and back when it returns.
      instance.get('/health', { schema: { hide: true } }, async (request, reply) => {
        try {
          await store.ping();
          return { status: 'ok' };
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          return reply.status(err.status).send({ status: 'unavailable', error_code: err.code, error_msg: err.message, request_id: request.id });
        }
      });
      // Prometheus scrape; unauthenticated (SECURITY.md: serve on loopback or behind a proxy).
      instance.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
        const { contentType, body } = await metrics.render();
        return reply.type(contentType).send(body);
      });
      registerConsole(instance, options.consoleDir ?? CONSOLE_DIST);
      if (options.extendApp) await options.extendApp(instance, services);
    },
  });

  const sweep = setInterval(() => {
    // Once across the fleet: servers sharing a PostgreSQL database take turns (advisory lock).
    store.tryExclusive('isthmus:peering-expiry', () => services.peerings.expireDue())
      .catch((err) => app.log.error({ err }, 'peering expiry sweep failed'));
  }, EXPIRY_SWEEP_MS);
  sweep.unref();
  const auditRetention = config.auditRetentionMs === null ? null
    : new AuditRetention({ store, clock: options.clock ?? systemClock }, config.auditRetentionMs);
  // One sweep at a time, the first right after start (a server restarted daily must still
  // sweep), then every intervalMs; close() ends a running one after its batch.
  let retentionRun: Promise<void> | null = null;
  const sweepAuditTrail = (): Promise<void> => {
    if (!auditRetention) return Promise.resolve();
    retentionRun ??= store.tryExclusive('isthmus:audit-retention', () => auditRetention.sweep())
      .then((deleted) => { auditEventsDeleted.inc(deleted ?? 0); })
      .catch((err) => { app.log.error({ err }, 'audit retention sweep failed'); })
      .finally(() => { retentionRun = null; });
    return retentionRun;
  };
  const retentionTimers = auditRetention
    ? [setTimeout(sweepAuditTrail, 0), setInterval(sweepAuditTrail, auditRetention.intervalMs)] : [];
  for (const timer of retentionTimers) timer.unref();
  // The `none` data plane realises nothing, so no reconciler runs for it: it would
  // refresh the plan on every commit for nothing. Any other reconciler reads the plans
  // the API answers from (services.network), so each revision is compiled once.
  const dataplane = options.dataplane && options.dataplane.kind !== 'none'
    ? await startDataplane(store, config.regions, options.dataplane, app.log, services.network) : null;

  return {
    app,
    store,
    services,
    dataplane,
    sweepAuditTrail,
    async close() {
      clearInterval(sweep);
      for (const timer of retentionTimers) clearTimeout(timer);
      auditRetention?.stop();
      await retentionRun;
      await dataplane?.stop();
      await app.close();
      await store.close();
    },
  };
}
