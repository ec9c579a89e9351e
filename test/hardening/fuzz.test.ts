/** A fixed-seed fuzz run of every operation (see fuzz-core.ts); `npm run fuzz` runs a longer, random one. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runFuzz } from './fuzz-core.js';

const RUNS = Number(process.env.ISTHMUS_FUZZ_RUNS ?? 20_000);

it(`fuzz: ${RUNS} signed hostile requests over every operation (seed 20261126)`, { timeout: 600_000 }, async () => {
  const stats = await runFuzz({ seed: 20261126, numRuns: RUNS });
  console.log(`fuzz: ${stats.cases} cases in ${stats.seconds.toFixed(1)} s (${Math.round(stats.cases / stats.seconds)}/s), `
    + `statuses ${JSON.stringify(stats.byStatus)}, ${stats.batchesCompared} all-rejected batches compared by full dump`);
  assert.equal(stats.cases, RUNS);
  // The fuzz must reach past validation: some requests succeed and several kinds of refusal occur.
  assert.ok(Object.keys(stats.byStatus).some((s) => s.startsWith('2')), 'some requests succeed');
  assert.ok(stats.batchesCompared > 0, 'some batches were compared by full dump');
});
