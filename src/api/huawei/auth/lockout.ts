/**
 * Brute-force protection as Huawei's gateway applies it: after 5 failed signature checks
 * for one access key within the window, the key is refused for 5 minutes, whatever the
 * signature ("AK access failed to reach the limit,forbidden").
 */
export class LockoutGuard {
  private readonly failures = new Map<string, { count: number; first: number; lockedUntil: number }>();

  constructor(
    private readonly maxFailures = 5,
    private readonly lockMs = 5 * 60_000,
    private readonly windowMs = 5 * 60_000,
  ) {}

  isLocked(accessKey: string, now: number): boolean {
    const entry = this.failures.get(accessKey);
    return entry !== undefined && entry.lockedUntil > now;
  }

  recordFailure(accessKey: string, now: number): void {
    // Bound memory under a flood of random access keys.
    if (this.failures.size > 100_000) this.prune(now);
    let entry = this.failures.get(accessKey);
    if (!entry || now - entry.first > this.windowMs) {
      entry = { count: 0, first: now, lockedUntil: 0 };
      this.failures.set(accessKey, entry);
    }
    entry.count++;
    if (entry.count >= this.maxFailures) entry.lockedUntil = now + this.lockMs;
  }

  recordSuccess(accessKey: string): void {
    this.failures.delete(accessKey);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.failures) {
      if (entry.lockedUntil <= now && now - entry.first > this.windowMs) this.failures.delete(key);
    }
  }
}
