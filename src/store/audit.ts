import type { StoreTx } from './store.js';

/**
 * The audit context of one API request. It travels with the request's `Caller`, and
 * `Store.audited(caller).write` hands it each write transaction, so the event of a
 * committed change is committed with the change itself (an acknowledged change never
 * lacks its event). `value` is what the write's function returned (the resource, when the
 * service returns it from the transaction). It is passed explicitly, not through an
 * AsyncLocalStorage: once one is in use, Node runs async hooks on every promise of the
 * process, 5% of a write request's CPU.
 */
export interface AuditScope {
  onWrite(tx: StoreTx, value: unknown): Promise<void>;
}

