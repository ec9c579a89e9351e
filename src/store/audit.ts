import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoreTx } from './store.js';

/**
 * The audit context of one API request. `Store.write` consults it inside each write
 * transaction, so the event of a committed change is committed with the change itself
 * (an acknowledged change never lacks its event). `value` is what the write's function
 * returned (the resource, when the service returns it from the transaction).
 */
export interface AuditScope {
  onWrite(tx: StoreTx, value: unknown): Promise<void>;
}

export const auditScope = new AsyncLocalStorage<AuditScope>();
