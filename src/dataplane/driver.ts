import type { DesiredState } from './model.js';

/**
 * A data-plane driver makes the kernel (or nothing) match a DesiredState. Drivers are
 * registered by kind; the reconciler only knows this interface.
 */
export type DriverKind = 'linux' | 'none';

export interface ApplyOptions {
  /** Re-read everything (start-up, periodic resync, after an error) instead of only what changed. */
  readonly full: boolean;
  /**
   * With `full`, also re-read every instance namespace with `ip` (one process each) and
   * every sysctl and nft table. Without it a full pass reads routers and the Internet
   * namespace with `ip`, and the links, addresses, routes and rules inside every instance
   * namespace through one netlink helper process for all of them (the linux driver), so
   * drift inside an instance is repaired by any full pass. Default: true.
   */
  readonly deep?: boolean;
}

export interface ApplyResult {
  /** Namespaces this pass changed (created, configured or deleted). */
  readonly touched: readonly string[];
  /** Processes spawned by this pass (reads and writes). */
  readonly processes: number;
  readonly durationMs: number;
  /** Milliseconds per phase (observe, delete, cleanup, root, sysctl, config, offload, nft, settle). */
  readonly phases?: Readonly<Record<string, number>>;
}

/** One line of `dataplane status`: desired vs actual for one kernel object. */
export interface StatusRow {
  readonly kind: 'namespace' | 'interface' | 'address' | 'route' | 'rule' | 'nft' | 'sysctl' | 'process';
  readonly namespace: string;
  readonly object: string;
  /** The cloud object it realises (VPC, port, peering id), when known. */
  readonly owner: string;
  readonly state: 'ok' | 'missing' | 'drift' | 'extra';
}

export interface Driver {
  readonly kind: DriverKind;
  readonly prefix: string;
  apply(desired: DesiredState, options: ApplyOptions): Promise<ApplyResult>;
  status(desired: DesiredState): Promise<StatusRow[]>;
  /** Removes every object with our prefix that `desired` does not have (all of them when null). */
  gc(desired: DesiredState | null): Promise<string[]>;
  /** Releases what the driver holds (helper processes); the kernel state stays. */
  close?(): Promise<void>;
}

/** Errors are data: the reconciler retries retryable ones with backoff and reports terminal ones. */
export class DataplaneError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly namespaces: readonly string[] = []) {
    super(message);
    this.name = retryable ? 'RetryableDataplaneError' : 'TerminalDataplaneError';
  }
}
export class RetryableError extends DataplaneError {
  constructor(message: string, namespaces: readonly string[] = []) { super(message, true, namespaces); }
}
export class TerminalError extends DataplaneError {
  constructor(message: string, namespaces: readonly string[] = []) { super(message, false, namespaces); }
}

export interface DriverOptions {
  readonly prefix: string;
  readonly log?: (msg: string, fields?: Record<string, unknown>) => void;
}

type Factory = (options: DriverOptions) => Driver;
const registry = new Map<DriverKind, Factory>();

export function registerDriver(kind: DriverKind, factory: Factory): void {
  registry.set(kind, factory);
}

export function createDriver(kind: DriverKind, options: DriverOptions): Driver {
  const factory = registry.get(kind);
  if (!factory) throw new TerminalError(`no data plane driver of kind ${kind}`);
  return factory(options);
}
