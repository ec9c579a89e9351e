import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreatedAccount } from '../src/service/accounts.js';
import { freshDatabase } from '../src/store/postgres/test-database.js';
import { heading, percentile, report } from './report.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { SignedClient } from './signed-client.js';
import { loopFor, peeringWorkflow, setupBenchAccounts as setup } from './workflow.js';

/**
 * The control-plane workflow of `npm run bench` (A creates a VPC, B creates a VPC, A
 * requests a peering, B accepts, A adds a route, A shows the peering, A lists peerings by
 * id, A deletes the peering) with the lean signed client, 32 workflows at once: against
 * one SQLite server, one PostgreSQL server, and two PostgreSQL servers on one database
 * (clients split between them; no load balancer needed).
 */
const CONCURRENCY = 32;

/** Runs CONCURRENCY workflow loops, loop i against servers[i % n], `warmSeconds` then `seconds` measured; returns workflows/s. */
async function measure(label: string, servers: ServerProcess[], a: CreatedAccount, b: CreatedAccount, warmSeconds: number, seconds: number): Promise<number> {
  const per = Math.ceil(CONCURRENCY / servers.length);
  const clients = servers.map((s) => ({
    ca: new SignedClient(s.url, { accessKey: a.access_key, secretKey: a.secret_key, projectId: a.project_id }, per),
    cb: new SignedClient(s.url, { accessKey: b.access_key, secretKey: b.secret_key, projectId: b.project_id }, per),
  }));
  let next = 0;
  const workflows = (forSeconds: number) => loopFor(CONCURRENCY, forSeconds, (i) => {
    const { ca, cb } = clients[i % clients.length]!;
    return peeringWorkflow(ca, cb, a, b, next++);
  });
  // Unmeasured first, so every server runs JIT-compiled code with its pools open.
  await workflows(warmSeconds);
  for (const { ca, cb } of clients) { ca.latenciesMs.length = 0; cb.latenciesMs.length = 0; }
  const started = performance.now();
  const done = await workflows(seconds);
  const elapsed = (performance.now() - started) / 1000;
  const lat = clients.flatMap(({ ca, cb }) => [...ca.latenciesMs, ...cb.latenciesMs]).sort((x, y) => x - y);
  const rate = done / elapsed;
  report({ name: `${label}: workflows/s (${CONCURRENCY} concurrent)`, value: rate, unit: 'wf/s' });
  report({ name: `${label}: latency p50 / p99 per call`, value: percentile(lat, 50), unit: `ms (p99 ${percentile(lat, 99).toFixed(1)} ms)` });
  for (const { ca, cb } of clients) { await ca.close(); await cb.close(); }
  return rate;
}

export async function runPostgresBench(url: string, options: { quick?: boolean } = {}): Promise<void> {
  const seconds = options.quick ? 3 : 10;
  const warmSeconds = options.quick ? 1 : 3;
  heading('control plane on PostgreSQL: one and two servers, ratio to SQLite (servers in their own processes)');

  const dir = mkdtempSync(join(tmpdir(), 'isthmus-bench-pgcmp-'));
  let sqliteRate: number;
  try {
    const { a, b } = await setup({ dataDir: dir });
    const server = await startServerProcess(['--data-dir', dir]);
    try {
      sqliteRate = await measure('SQLite, 1 server', [server], a, b, warmSeconds, seconds);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  for (const count of [1, 2]) {
    const db = await freshDatabase(url, 'isthmus_bench');
    try {
      const { a, b } = await setup({ store: db.url });
      const servers = await Promise.all(Array.from({ length: count }, () => startServerProcess(['--store', db.url])));
      try {
        const rate = await measure(`PostgreSQL, ${count} server${count > 1 ? 's' : ''}`, servers, a, b, warmSeconds, seconds);
        report({ name: `PostgreSQL, ${count} server${count > 1 ? 's' : ''}: ratio to SQLite (1 server)`, value: rate / sqliteRate, unit: '×' });
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    } finally {
      await db.drop();
    }
  }
}

// `node --import tsx bench/postgres.bench.ts [URL] [--quick]` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv.slice(2).find((x) => !x.startsWith('--')) ?? process.env.ISTHMUS_BENCH_PG_URL ?? process.env.ISTHMUS_TEST_PG_URL;
  if (!url) {
    console.error('usage: bench/postgres.bench.ts postgres://... (or ISTHMUS_BENCH_PG_URL)');
    process.exit(2);
  }
  await runPostgresBench(url, { quick: process.argv.includes('--quick') });
}
