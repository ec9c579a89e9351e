import type { NetworkPlan } from '../plan/types.js';
import { desiredState } from './desired.js';
import { DataplaneError, type ApplyResult, type Driver } from './driver.js';
import type { DesiredState } from './model.js';

/** Where the reconciler gets plans from and reports realisation to (the store, in the server). */
export interface PlanSource {
  /** The latest plan of every region served. */
  plans(): Promise<NetworkPlan[]>;
  /** Subscribes to "intent changed"; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

export interface RealisationSink {
  /** Called after each successful pass with the plans and the state now realised. */
  realised(plans: readonly NetworkPlan[], desired: DesiredState): Promise<void>;
}

export interface ReconcilerOptions {
  readonly driver: Driver;
  readonly source: PlanSource;
  readonly sink?: RealisationSink;
  /** Full resync period (drift repair); 0 disables. Default 30 s. */
  readonly periodMs?: number;
  /**
   * Every how many periodic passes instance namespaces are read with `ip`, one process each
   * (default 10). The other periodic passes read them through one netlink helper process.
   */
  readonly deepEvery?: number;
  /** Retries of a failing pass before waiting for the next trigger. Default 5. */
  readonly maxRetries?: number;
  readonly baseBackoffMs?: number;
  readonly log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** Told the outcome of every pass (the server counts them in /metrics). */
  readonly onOutcome?: (outcome: keyof ReconcilerMetrics['passes']) => void;
}

export interface ReconcilerMetrics {
  /** Passes by outcome, initialised to zero (controller-runtime style). */
  passes: { success: number; retryable_error: number; terminal_error: number };
  /** Deep passes started (start-up, every `deepEvery`th periodic pass, retries). */
  deepPasses: number;
  lastResult: ApplyResult | null;
  lastError: string | null;
  lastRevision: Record<string, number>;
  /** Wall-clock times (ms since epoch) of the last pass: started, plan ready, kernel applied. */
  lastPassAt: { started: number; planned: number; applied: number };
}

/**
 * A level-based controller (as in Kubernetes): every pass reads the latest plan and lets
 * the driver compare it with the kernel and fix the difference. Triggers only say "look
 * again": bursts of commits coalesce into one pass, a pass never runs twice at once, and
 * an intent change during a pass causes exactly one more. Failing passes are retried with
 * exponential backoff a bounded number of times; terminal errors wait for the next change.
 */
export class Reconciler {
  readonly metrics: ReconcilerMetrics = {
    passes: { success: 0, retryable_error: 0, terminal_error: 0 }, deepPasses: 0, lastResult: null, lastError: null, lastRevision: {},
    lastPassAt: { started: 0, planned: 0, applied: 0 },
  };
  private running: Promise<void> | null = null;
  private pending = false;
  private pendingFull = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retries = 0;
  private periodic = 0;
  private pendingDeep = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: ReconcilerOptions) {}

  /** Runs a first full pass, then follows intent changes and resyncs periodically. */
  async start(): Promise<void> {
    this.unsubscribe = this.options.source.onChange(() => this.trigger(false));
    const period = this.options.periodMs ?? 30_000;
    if (period > 0) {
      this.timer = setInterval(() => {
        this.periodic++;
        this.pendingDeep ||= this.periodic % (this.options.deepEvery ?? 10) === 0;
        void this.trigger(true);
      }, period);
      this.timer.unref();
    }
    this.pendingDeep = true;
    await this.sync(true);
  }

  /** Asks for a pass; resolves when a pass that started after this call has finished. */
  trigger(full = false): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.pending = true;
    this.pendingFull ||= full;
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.running) this.running = this.loop();
    return done;
  }

  /** A pass now and its outcome (tests, CLI). Throws the pass's error. */
  async sync(full = true): Promise<void> {
    await this.trigger(full);
    if (this.metrics.lastError) throw new DataplaneError(this.metrics.lastError, true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.running;
  }

  private async loop(): Promise<void> {
    while (this.pending && !this.stopped) {
      const full = this.pendingFull;
      const deep = this.pendingDeep || this.retries > 0;
      this.pending = false;
      this.pendingFull = false;
      this.pendingDeep = false;
      const waiters = this.waiters;
      this.waiters = [];
      if (full && deep) this.metrics.deepPasses++;
      await this.pass(full, deep);
      for (const w of waiters) w();
    }
    this.running = null;
    for (const w of this.waiters.splice(0)) w();
  }

  private async pass(full: boolean, deep: boolean): Promise<void> {
    const log = this.options.log ?? (() => {});
    try {
      const started = Date.now();
      const plans = await this.options.source.plans();
      const desired = desiredState(plans, this.options.driver.prefix);
      const planned = Date.now();
      const result = await this.options.driver.apply(desired, { full, deep });
      this.metrics.lastPassAt = { started, planned, applied: Date.now() };
      await this.options.sink?.realised(plans, desired);
      this.metrics.passes.success++;
      this.options.onOutcome?.('success');
      this.metrics.lastResult = result;
      this.metrics.lastError = null;
      this.metrics.lastRevision = { ...desired.revisions };
      this.retries = 0;
      if (result.touched.length > 0) {
        log('info', 'data plane reconciled', { touched: result.touched.length, processes: result.processes, ms: Math.round(result.durationMs), full });
      }
    } catch (err) {
      const retryable = !(err instanceof DataplaneError) || err.retryable;
      const outcome = retryable ? 'retryable_error' : 'terminal_error';
      this.metrics.passes[outcome]++;
      this.options.onOutcome?.(outcome);
      this.metrics.lastError = err instanceof Error ? err.message : String(err);
      log(retryable ? 'warn' : 'error', 'data plane pass failed', { err: this.metrics.lastError, retry: this.retries });
      const max = this.options.maxRetries ?? 5;
      if (retryable && this.retries < max && !this.stopped) {
        const delay = (this.options.baseBackoffMs ?? 200) * 2 ** this.retries;
        this.retries++;
        this.retryTimer = setTimeout(() => { this.retryTimer = null; void this.trigger(true); }, delay);
        this.retryTimer.unref();
      } else {
        this.retries = 0;
      }
    }
  }
}
