import type { AuditScope } from '../store/audit.js';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/store.js';
import type { Quotas } from './quotas.js';

/** Who is calling: resolved by the API's authentication from a token or an AK/SK signature. */
export interface Caller {
  userId: string;
  accountId: string;
  /** The project (= `tenant_id`) the call acts in. */
  projectId: string;
  region: string;
  /** The audit of the API request acting, whose event commits with its writes (store/audit.ts). */
  audit?: AuditScope;
}

export interface ServiceConfig {
  /** Regions this endpoint serves; a project of another region is refused. */
  regions: readonly string[];
  /** How long a cross-project request waits for acceptance before it turns EXPIRED. */
  peeringExpiryMs: number;
  /** The pool EIPs are assigned from (a documentation range, never a real address). */
  eipPool: string;
  /**
   * The status a new VPC/subnet is stored with: already OK/ACTIVE when no data plane
   * realises it, CREATING/UNKNOWN until the reconciler has built it otherwise.
   */
  realisedOnCommit: boolean;
}

export interface ServiceDeps {
  store: Store;
  clock: Clock;
  quotas: Quotas;
  config: ServiceConfig;
}

export const nowIso = (deps: ServiceDeps): string => deps.clock.now().toISOString();
