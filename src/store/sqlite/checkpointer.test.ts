import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Checkpointer } from './checkpointer.js';

const PAGE = 4096;

function database(dir: string) {
  const path = join(dir, 'db.sqlite');
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('wal_autocheckpoint = 0');
  raw.exec('create table t (id integer primary key, body text)');
  return { path, raw };
}

/** Frames written to the WAL since it last restarted, as SQLite counts them. */
function walFrames(raw: BetterSqlite3.Database): number {
  const [r] = raw.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
  return r?.log ?? 0;
}

/** Commits `count` transactions of about one page, pausing now and then as a server between requests does. */
async function commit(raw: BetterSqlite3.Database, count: number, checkpointer: Checkpointer | null, pauseEvery = 0): Promise<void> {
  const insert = raw.prepare('insert into t (body) values (?)');
  const begin = raw.prepare('begin immediate');
  const end = raw.prepare('commit');
  for (let i = 0; i < count; i++) {
    begin.run();
    insert.run('x'.repeat(3000));
    end.run();
    checkpointer?.afterCommit();
    if (pauseEvery > 0 && i % pauseEvery === 0) await new Promise((r) => setTimeout(r, 2));
  }
}

/** WAL frames that `count` commits leave with nothing checkpointed: what the bounds are measured against. */
async function uncheckpointedFrames(count: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-ckpt-'));
  const { raw } = database(dir);
  await commit(raw, count, null);
  const frames = walFrames(raw);
  raw.close();
  rmSync(dir, { recursive: true, force: true });
  return frames;
}

test('with auto-checkpoint off, the worker copies the WAL and commits restart it: the WAL stays bounded', async () => {
  const control = await uncheckpointedFrames(1500);
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-ckpt-'));
  const { path, raw } = database(dir);
  const checkpointer = Checkpointer.start(raw, path, { intervalMs: 10, restartFrames: 100 });
  try {
    await commit(raw, 1500, checkpointer, 5);
    const walBytes = statSync(`${path}-wal`).size;
    assert.ok(walBytes < (control * PAGE) / 3, `the WAL restarted: ${walBytes} bytes, ${control} frames without checkpoints`);
    assert.ok(walFrames(raw) < control / 3, 'frames since the last restart');
    assert.equal((raw.prepare('select count(*) as n from t').get() as { n: number }).n, 1500);
  } finally {
    await checkpointer.close();
    raw.close();
  }
  // Everything committed is in the file once the last connection is gone.
  const reopened = new BetterSqlite3(path, { readonly: true });
  assert.equal((reopened.prepare('select count(*) as n from t').get() as { n: number }).n, 1500);
  reopened.close();
  rmSync(dir, { recursive: true, force: true });
});

test('without the worker keeping up, the server connection still restarts the WAL every 2,000 commits', async () => {
  const control = await uncheckpointedFrames(2500);
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-ckpt-'));
  const { path, raw } = database(dir);
  // A worker that never runs in time: all restarts come from afterCommit's own bound.
  const checkpointer = Checkpointer.start(raw, path, { intervalMs: 3_600_000 });
  try {
    await commit(raw, 2500, checkpointer);
    // Restarted once, after commit 2,000: the WAL holds the last 500 commits' frames.
    const frames = walFrames(raw);
    assert.ok(frames < control * 0.25 && frames > control * 0.15, `WAL frames ${frames}, ${control} for 2,500 commits without checkpoints`);
  } finally {
    await checkpointer.close();
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
