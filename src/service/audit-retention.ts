import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../domain/clock.js';
import { firstEventIdAt } from '../store/event-ids.js';
import type { Store } from '../store/store.js';

/** Events deleted per statement: small enough that API requests interleave with a long sweep. */
const BATCH = 1000;

/**
 * `serve --audit-retention`: the audit trail keeps events for this long. A sweep deletes
 * every event begun before now minus the retention, oldest first, a batch per statement,
 * letting the event loop serve requests between batches.
 */
export class AuditRetention {
  private stopped = false;

  constructor(
    private readonly deps: { store: Store; clock: Clock },
    readonly retentionMs: number,
    private readonly batch = BATCH,
  ) {
    if (!(retentionMs > 0)) throw new Error('the audit retention must be a positive duration');
  }

  /** Deletes the events past the retention; resolves to how many went. */
  async sweep(): Promise<number> {
    const boundary = firstEventIdAt(this.deps.clock.now().getTime() - this.retentionMs);
    let deleted = 0;
    while (!this.stopped) {
      const n = await this.deps.store.pruneEvents(boundary, this.batch);
      deleted += n;
      if (n < this.batch) break;
      await nextTurn();
    }
    return deleted;
  }

  /** Ends a running sweep after its current batch (the server is closing); later sweeps do nothing. */
  stop(): void {
    this.stopped = true;
  }

  /** How often a server sweeps: a tenth of the retention, from 1 s to 1 h. */
  get intervalMs(): number {
    return Math.min(3_600_000, Math.max(1000, Math.floor(this.retentionMs / 10)));
  }
}
