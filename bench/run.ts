import { cpus, totalmem } from 'node:os';
import { runControlPlaneBench } from './control-plane.bench.js';

/**
 * `npm run bench`: every benchmark, figures and ratios to the issues' targets. Nothing
 * here asserts; `--quick` shortens each run, `--only NAME` picks one area. `--only soak`
 * (minutes long, never part of a full run) takes `--soak-seconds N` and
 * `--soak-audit-retention DURATION`.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const soakSeconds = args.includes('--soak-seconds') ? Number(args[args.indexOf('--soak-seconds') + 1]) : 600;
const soakRetention = args.includes('--soak-audit-retention') ? args[args.indexOf('--soak-audit-retention') + 1] : undefined;

console.log(`Isthmus benchmarks — ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);

const areas: Array<[string, () => Promise<void>]> = [
  ['control-plane', () => runControlPlaneBench({ quick })],
  ['plan', async () => (await import('./plan.bench.js')).runPlanBench()],
  ['reachability-api', async () => (await import('./reachability-api.bench.js')).runReachabilityApiBench({ quick })],
  ['dataplane', async () => (await import('./dataplane.bench.js')).runDataplaneBench({ quick })],
  // Needs a PostgreSQL server: ISTHMUS_BENCH_PG_URL (or ISTHMUS_TEST_PG_URL), e.g. from scripts/pg-test-cluster.sh start.
  ['postgres', async () => {
    const url = process.env.ISTHMUS_BENCH_PG_URL ?? process.env.ISTHMUS_TEST_PG_URL;
    if (!url) throw new Error('set ISTHMUS_BENCH_PG_URL=postgres://... (scripts/pg-test-cluster.sh start prints one)');
    await (await import('./postgres.bench.js')).runPostgresBench(url, { quick });
  }],
  ['soak', async () => (await import('./soak.bench.js')).runSoakBench(soakSeconds, soakRetention)],
];
const onlyWhenNamed = new Set(['soak']);

for (const [name, run] of areas) {
  if (only ? only !== name : onlyWhenNamed.has(name)) continue;
  try {
    await run();
  } catch (err) {
    console.log(`\n${name}: could not run: ${err instanceof Error ? err.message : String(err)}`);
  }
}
