import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { PEERING_STATUSES } from './domain/statuses.js';
import type { RevisionCache } from './api/huawei/revision-cache.js';
import type { Store } from './store/store.js';

/**
 * Prometheus metrics. Process-wide ones live in `sharedRegistry` (the reconciler's
 * outcomes, Node's process metrics); each server adds its own (requests, latency,
 * peerings by status) in `ServerMetrics`, and `GET /metrics` serves both.
 */
export const sharedRegistry = new Registry();
collectDefaultMetrics({ register: sharedRegistry, prefix: 'isthmus_' });

/** Every outcome of a reconciler pass (controller-runtime style), each initialised to zero. */
export const RECONCILER_OUTCOMES = ['success', 'retryable_error', 'terminal_error'] as const;
export type ReconcilerOutcome = (typeof RECONCILER_OUTCOMES)[number];

/**
 * Reconciler passes by outcome. The data plane counts each pass:
 * `reconcilerOutcomes.inc({ outcome: 'success' })`.
 */
export const reconcilerOutcomes = new Counter({
  name: 'isthmus_reconciler_outcomes_total',
  help: 'Data plane reconciler passes by outcome.',
  labelNames: ['outcome'] as const,
  registers: [sharedRegistry],
});
for (const outcome of RECONCILER_OUTCOMES) reconcilerOutcomes.inc({ outcome }, 0);

/** Audit events the retention sweep deleted (`serve --audit-retention`). */
export const auditEventsDeleted = new Counter({
  name: 'isthmus_audit_events_deleted_total',
  help: 'Audit events deleted because they were older than --audit-retention.',
  registers: [sharedRegistry],
});

/** The metrics of one HTTP server. */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'status'>;
  readonly latency: Histogram<'operation'>;

  constructor(store: Store, revisionCache: RevisionCache | null = null) {
    this.requests = new Counter({
      name: 'isthmus_http_requests_total',
      help: 'HTTP requests by Huawei operation name and HTTP status.',
      labelNames: ['operation', 'status'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'isthmus_http_request_duration_seconds',
      help: 'Time to answer, by Huawei operation name.',
      labelNames: ['operation'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    new Gauge({
      name: 'isthmus_peerings',
      help: 'VPC peerings by status, read from the store at scrape time.',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const rows = await store.read.db.selectFrom('peerings')
          .select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
        for (const status of PEERING_STATUSES) this.set({ status }, 0);
        for (const row of rows) this.set({ status: row.status }, Number(row.n));
      },
    });
    new Counter({
      name: 'isthmus_plan_snapshot_reads_total',
      help: 'Snapshots of a region read for the plan: in full, or patched from the change log (incremental).',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc({ kind: 'full' }, store.snapshotReads.full);
        this.inc({ kind: 'incremental' }, store.snapshotReads.incremental);
      },
    });
    new Counter({
      name: 'isthmus_store_commits_total',
      help: 'COMMITs of write transactions since the store opened.',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(store.adapter.commitStats.commits);
      },
    });
    new Counter({
      name: 'isthmus_store_committed_writes_total',
      help: 'Writes made durable by those COMMITs; on SQLite the writes of one event-loop turn share a COMMIT, so writes/commits is the batching.',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(store.adapter.commitStats.writes);
      },
    });
    new Gauge({
      name: 'isthmus_store_commit_largest_writes',
      help: 'The most writes one COMMIT carried since the store opened.',
      registers: [this.registry],
      collect() {
        this.set(store.adapter.commitStats.largest);
      },
    });
    new Counter({
      name: 'isthmus_revision_cache_lookups_total',
      help: 'Requests of revision-cached list operations, answered from the cache (hit) or afresh (miss).',
      labelNames: ['result'],
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc({ result: 'hit' }, revisionCache?.hits ?? 0);
        this.inc({ result: 'miss' }, revisionCache?.misses ?? 0);
      },
    });
  }

  /** One answered request. `operation` is the operation's name, never a raw path (bounded labels). */
  observe(operation: string, status: number, seconds: number): void {
    this.requests.inc({ operation, status: String(status) });
    this.latency.observe({ operation }, seconds);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([sharedRegistry, this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }
}
