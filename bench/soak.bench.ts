import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heading, report } from './report.js';
import { startServerProcess } from './server-process.js';
import { SignedClient } from './signed-client.js';
import { loopFor, peeringWorkflow, setupBenchAccounts } from './workflow.js';

/**
 * `npm run bench -- --only soak [--soak-seconds N] [--soak-audit-retention DURATION]` (not
 * part of a full run: it takes minutes): the control-plane workflow at 32 concurrent for N
 * seconds (default 600) on a store that only grows (each workflow leaves its two VPCs).
 * Every 30 s a line of throughput, server RSS, heap, store size and audit events deleted:
 * a leak shows as RSS that keeps climbing while throughput falls; the figures at the end
 * compare the first and last minutes. With a retention the server runs with
 * `--audit-retention`, to see what its sweeps cost and how they bound the trail.
 */
export async function runSoakBench(seconds: number, auditRetention?: string): Promise<void> {
  heading(`soak: lean workflows, 32 concurrent, ${seconds} s, store growing${auditRetention ? `, --audit-retention ${auditRetention}` : ''}`);
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-bench-soak-'));
  const { a, b } = await setupBenchAccounts({ dataDir: dir });
  const server = await startServerProcess(['--data-dir', dir, ...(auditRetention ? ['--audit-retention', auditRetention] : [])]);
  try {
    const creds = (x: typeof a) => ({ accessKey: x.access_key, secretKey: x.secret_key, projectId: x.project_id });
    const ca = new SignedClient(server.url, creds(a), 32);
    const cb = new SignedClient(server.url, creds(b), 32);
    const storeMiB = () => readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) / 2 ** 20;
    const metric = async (name: string) => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    };

    const samples: Array<{ t: number; wfPerS: number; rss: number }> = [];
    let done = 0;
    let errors = 0;
    let next = 0;
    let lastDone = 0;
    const started = performance.now();
    const sampler = setInterval(() => {
      void (async () => {
        const t = Math.round((performance.now() - started) / 1000);
        const sample = { t, wfPerS: (done - lastDone) / 30, rss: server.rssMiB() };
        lastDone = done;
        samples.push(sample);
        const heap = (await metric('isthmus_nodejs_heap_size_used_bytes')) / 2 ** 20;
        const perCommit = (await metric('isthmus_store_committed_writes_total')) / (await metric('isthmus_store_commits_total'));
        const deleted = await metric('isthmus_audit_events_deleted_total');
        console.log(`  t=${t}s workflows=${done} last 30 s: ${sample.wfPerS.toFixed(0)} wf/s; server RSS ${sample.rss.toFixed(0)} MiB, `
          + `heap used ${heap.toFixed(0)} MiB, store ${storeMiB().toFixed(0)} MiB, ${perCommit.toFixed(2)} writes/COMMIT, `
          + `${deleted} audit events deleted`);
      })();
    }, 30_000);
    // A failed workflow is counted and the loop goes on: a soak reports failures, it does not stop at one.
    await loopFor(32, seconds, async () => {
      try {
        await peeringWorkflow(ca, cb, a, b, next++);
        done++;
      } catch (err) {
        if (++errors <= 5) console.log(`  error: ${String(err).slice(0, 300)}`);
      }
    });
    clearInterval(sampler);
    const elapsed = (performance.now() - started) / 1000;
    report({ name: 'soak: workflows (8 calls each)', value: done, unit: `in ${elapsed.toFixed(0)} s, ${errors} failed` });
    report({ name: 'soak: mean workflows/s', value: done / elapsed, unit: 'wf/s' });
    const minute = (from: number) => samples.filter((s) => s.t > from && s.t <= from + 60);
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / Math.max(1, xs.length);
    const first = minute(0);
    const last = minute(Math.max(0, samples.at(-1)!.t - 60));
    if (first.length > 0 && last.length > 0) {
      report({ name: 'soak: wf/s, first minute -> last minute', value: mean(last.map((s) => s.wfPerS)), unit: `wf/s (first minute ${mean(first.map((s) => s.wfPerS)).toFixed(0)})` });
      report({ name: 'soak: server RSS, first minute -> last minute', value: mean(last.map((s) => s.rss)), unit: `MiB (first minute ${mean(first.map((s) => s.rss)).toFixed(0)})` });
    }
    report({ name: 'soak: store size at the end', value: storeMiB(), unit: 'MiB' });
    await ca.close();
    await cb.close();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
