import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalSync } from './wal-sync.js';

/** Records when each sync starts and ends; each sync takes `ms`. */
class RecordingSync extends WalSync {
  readonly syncs: Array<{ started: number; ended: number }> = [];
  private clock = 0;
  constructor(path: string, private readonly ms: number) { super(path); }
  tick(): number { return ++this.clock; }
  protected override async sync(): Promise<void> {
    const record = { started: this.tick(), ended: 0 };
    this.syncs.push(record);
    await super.sync();
    await new Promise((r) => setTimeout(r, this.ms));
    record.ended = this.tick();
  }
}

test('every flush is covered by a sync that started after it, and concurrent flushes share syncs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'walsync-'));
  const wal = join(dir, 'db-wal');
  writeFileSync(wal, 'frames');
  const s = new RecordingSync(wal, 5);
  try {
    const calls: Array<Promise<number>> = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 20; i++) {
        const at = s.tick();
        calls.push(s.flush().then(() => at));
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const callTimes = await Promise.all(calls);
    for (const at of callTimes) {
      assert.ok(s.syncs.some((x) => x.started > at && x.ended > 0), `a flush called at ${at} must wait for a sync started after it`);
    }
    assert.ok(s.syncs.length < calls.length / 5, `${calls.length} flushes took ${s.syncs.length} syncs: they must be grouped`);
    // Syncs never overlap: each starts after the previous ended.
    for (let i = 1; i < s.syncs.length; i++) assert.ok(s.syncs[i]!.started > s.syncs[i - 1]!.ended);
  } finally {
    s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing sync rejects the flush, and the next flush tries again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'walsync-'));
  const s = new WalSync(join(dir, 'missing-wal'));
  await assert.rejects(s.flush(), /ENOENT/);
  writeFileSync(join(dir, 'missing-wal'), 'frames');
  await s.flush();
  s.close();
  rmSync(dir, { recursive: true, force: true });
});
