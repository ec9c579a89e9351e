import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../src/store/postgres/test-database.js';
import { heading, percentile, report } from './report.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { SignedClient } from './signed-client.js';
import { loopFor, peeringWorkflow, setupBenchPairs, type BenchPair } from './workflow.js';

/**
 * The control-plane workflow of `npm run bench` (A creates a VPC, B creates a VPC, A
 * requests a peering, B accepts, A adds a route, A shows the peering, A lists peerings by
 * id, A deletes the peering) with the lean signed client, 32 workflows at once: against
 * one SQLite server, one PostgreSQL server, and two PostgreSQL servers on one database
 * (clients split between them; no load balancer needed). Each runs twice: with the one
 * pair of accounts of the other benchmarks, and with the workflows spread over 16 pairs.
 * On PostgreSQL every write locks its projects' rows until it commits (service/*.ts,
 * `lockProjects`: quotas and existence checks hold across servers), so with one pair all
 * writes queue on two row locks; 16 pairs show the store when tenants do not share them.
 */
const CONCURRENCY = 32;
const SPREAD_PAIRS = 16;

/**
 * Runs CONCURRENCY workflow loops, loop i against servers[i % n] as pairs[i % pairs], `warmSeconds`
 * then `seconds` measured; returns workflows/s.
 */
async function measure(label: string, servers: ServerProcess[], pairs: BenchPair[], warmSeconds: number, seconds: number): Promise<number> {
  const loops = Array.from({ length: CONCURRENCY }, (_, i) => ({ server: i % servers.length, pair: i % pairs.length }));
  const clients = new Map<string, { ca: SignedClient; cb: SignedClient }>();
  for (const { server, pair } of loops) {
    const key = `${server}/${pair}`;
    if (clients.has(key)) continue;
    // One connection per loop that uses this client: no loop waits for another's call.
    const connections = loops.filter((l) => l.server === server && l.pair === pair).length;
    const { a, b } = pairs[pair]!;
    const url = servers[server]!.url;
    clients.set(key, {
      ca: new SignedClient(url, { accessKey: a.access_key, secretKey: a.secret_key, projectId: a.project_id }, connections),
      cb: new SignedClient(url, { accessKey: b.access_key, secretKey: b.secret_key, projectId: b.project_id }, connections),
    });
  }
  let next = 0;
  const workflows = (forSeconds: number) => loopFor(CONCURRENCY, forSeconds, (i) => {
    const { server, pair } = loops[i]!;
    const { ca, cb } = clients.get(`${server}/${pair}`)!;
    const { a, b } = pairs[pair]!;
    return peeringWorkflow(ca, cb, a, b, next++);
  });
  // Unmeasured first, so every server runs JIT-compiled code with its pools open.
  await workflows(warmSeconds);
  for (const { ca, cb } of clients.values()) { ca.latenciesMs.length = 0; cb.latenciesMs.length = 0; }
  const started = performance.now();
  const done = await workflows(seconds);
  const elapsed = (performance.now() - started) / 1000;
  const lat = [...clients.values()].flatMap(({ ca, cb }) => [...ca.latenciesMs, ...cb.latenciesMs]).sort((x, y) => x - y);
  const rate = done / elapsed;
  report({ name: `${label}: workflows/s (${CONCURRENCY} concurrent)`, value: rate, unit: 'wf/s' });
  report({ name: `${label}: latency p50 / p99 per call`, value: percentile(lat, 50), unit: `ms (p99 ${percentile(lat, 99).toFixed(1)} ms)` });
  for (const { ca, cb } of clients.values()) { await ca.close(); await cb.close(); }
  return rate;
}

export async function runPostgresBench(url: string, options: { quick?: boolean } = {}): Promise<void> {
  const seconds = options.quick ? 3 : 10;
  const warmSeconds = options.quick ? 1 : 3;
  heading('control plane on PostgreSQL: one and two servers, one and 16 account pairs, ratio to SQLite (servers in their own processes)');
  const spreads = [1, SPREAD_PAIRS];
  const pairsLabel = (n: number) => (n === 1 ? '1 account pair' : `${n} account pairs`);

  const sqliteRate = new Map<number, number>();
  for (const spread of spreads) {
    const dir = mkdtempSync(join(tmpdir(), 'isthmus-bench-pgcmp-'));
    try {
      const pairs = await setupBenchPairs({ dataDir: dir }, spread);
      const server = await startServerProcess(['--data-dir', dir]);
      try {
        sqliteRate.set(spread, await measure(`SQLite, 1 server, ${pairsLabel(spread)}`, [server], pairs, warmSeconds, seconds));
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  for (const spread of spreads) {
    for (const count of [1, 2]) {
      const label = `PostgreSQL, ${count} server${count > 1 ? 's' : ''}, ${pairsLabel(spread)}`;
      const db = await freshDatabase(url, 'isthmus_bench');
      try {
        const pairs = await setupBenchPairs({ store: db.url }, spread);
        const servers = await Promise.all(Array.from({ length: count }, () => startServerProcess(['--store', db.url])));
        try {
          const rate = await measure(label, servers, pairs, warmSeconds, seconds);
          report({ name: `${label}: ratio to SQLite (1 server, same pairs)`, value: rate / sqliteRate.get(spread)!, unit: '×' });
        } finally {
          await Promise.all(servers.map((s) => s.stop()));
        }
      } finally {
        await db.drop();
      }
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
