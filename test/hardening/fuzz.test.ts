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

// Found by the fuzz: the router's own refusals answered in fastify's shape, without
// error_code, error_msg or X-Request-Id. Pinned here.
it('router refusals answer in the gateway shape: bad percent-encoding 400, over-long path parameter 414', async () => {
  const { Harness } = await import('../api/harness.js');
  const { send } = await import('./kit.js');
  const h = await Harness.start();
  try {
    for (const [path, status] of [[`/v1/${h.a.projectId}/vpcs/%zz`, 400], [`/v1/${h.a.projectId}/vpcs/${'x'.repeat(300)}`, 414]] as const) {
      const a = await send(h.server.app, h.clock, h.a, 'GET', path, { unsigned: true });
      assert.equal(a.status, status, a.text);
      assert.equal(a.json.error_code, 'APIGW.0201');
      assert.equal(typeof a.json.error_msg, 'string');
      assert.ok(a.headers['x-request-id']);
    }
  } finally {
    await h.close();
  }
});
