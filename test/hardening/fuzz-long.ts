/**
 * `npm run fuzz`: the fuzz of fuzz-core.ts, longer and with a fresh seed each time.
 * ISTHMUS_FUZZ_RUNS (default 200,000) and ISTHMUS_FUZZ_SEED (default: random, printed)
 * reproduce a run: a failure prints its seed and counterexample path.
 */
import { runFuzz } from './fuzz-core.js';

const runs = Number(process.env.ISTHMUS_FUZZ_RUNS ?? 200_000);
const seed = Number(process.env.ISTHMUS_FUZZ_SEED ?? (Date.now() % 2 ** 31));
console.log(`fuzz: ${runs} cases, seed ${seed} (ISTHMUS_FUZZ_SEED=${seed} ISTHMUS_FUZZ_RUNS=${runs} npm run fuzz reproduces it)`);
try {
  const stats = await runFuzz({ seed, numRuns: runs, log: (line) => console.log(line) });
  console.log(`fuzz: ${stats.cases} cases in ${stats.seconds.toFixed(1)} s (${Math.round(stats.cases / stats.seconds)}/s), `
    + `statuses ${JSON.stringify(stats.byStatus)}, ${stats.batchesCompared} all-rejected batches compared by full dump`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
