import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreatedAccount } from '../src/service/accounts.js';
import { reportMachineNow } from './machine-now.js';
import { sdkClient, sequentialSdkWorkflows, warmSdkWorkflows } from './sdk-workflow.js';
import { heading, percentile, report } from './report.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { SignedClient, type Credentials } from './signed-client.js';
import { loopFor, peeringWorkflow, setupBenchAccounts as setup } from './workflow.js';

const creds = (a: CreatedAccount): Credentials => ({ accessKey: a.access_key, secretKey: a.secret_key, projectId: a.project_id });

async function sdkWorkflows(server: ServerProcess, a: CreatedAccount, b: CreatedAccount, warmSeconds: number, seconds: number, ceiling: number): Promise<void> {
  const [sa, sb] = [sdkClient(server.url, a), sdkClient(server.url, b)];
  await warmSdkWorkflows(sa, sb, b.project_id, warmSeconds);
  const serverCpu = server.cpuSeconds();
  const run = await sequentialSdkWorkflows(sa, sb, b.project_id, seconds);
  const calls = run.workflows * 8;
  const rate = run.workflows / run.seconds;
  report({ name: 'SDK, sequential: workflows/s', value: rate, unit: 'wf/s', target: { op: '>=', value: 100 } });
  report({ name: '  share of the SDK against the canned server (machine now)', value: rate / ceiling, unit: '' });
  report({ name: '  SDK client CPU per call (this process)', value: run.clientMsPerCall, unit: 'ms' });
  report({ name: '  server CPU per call (all its threads)', value: ((server.cpuSeconds() - serverCpu) * 1000) / calls, unit: 'ms' });
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function leanWorkflows(server: ServerProcess, a: CreatedAccount, b: CreatedAccount, warmSeconds: number, seconds: number, concurrency: number, floor: number) {
  const ca = new SignedClient(server.url, creds(a), concurrency);
  const cb = new SignedClient(server.url, creds(b), concurrency);
  let next = 100_000;
  const workflows = (forSeconds: number) => loopFor(concurrency, forSeconds, () => peeringWorkflow(ca, cb, a, b, next++));
  // Unmeasured first, as the SDK run: the server and this client reach steady state
  // (JIT-compiled, pools open); with --quick the run before was too short to do it.
  await workflows(warmSeconds);
  ca.latenciesMs.length = 0;
  cb.latenciesMs.length = 0;
  const serverCpu = server.cpuSeconds();
  const clientCpu = process.cpuUsage();
  const started = performance.now();
  const done = await workflows(seconds);
  const elapsed = (performance.now() - started) / 1000;
  const lat = [...ca.latenciesMs, ...cb.latenciesMs].sort((x, y) => x - y);
  report({ name: `lean client, ${concurrency} concurrent: workflows/s`, value: done / elapsed, unit: 'wf/s', target: { op: '>=', value: 1000 } });
  report({ name: `lean client, ${concurrency} concurrent: API calls/s`, value: lat.length / elapsed, unit: 'calls/s', target: { op: '>=', value: 8000 } });
  report({ name: '  share of the floor server (machine now)', value: lat.length / elapsed / floor, unit: '' });
  report({ name: 'lean client: latency p50 per call', value: percentile(lat, 50), unit: 'ms' });
  report({ name: 'lean client: latency p99 per call', value: percentile(lat, 99), unit: 'ms' });
  // Client and server share the two cores: what each spends per call says where they go.
  report({ name: '  server CPU per call (all its threads)', value: ((server.cpuSeconds() - serverCpu) * 1000) / lat.length, unit: 'ms' });
  report({ name: '  lean client CPU per call', value: cpuMs(process.cpuUsage(clientCpu)) / lat.length, unit: 'ms' });
  await ca.close();
  await cb.close();
}

/**
 * Fills the store file directly (setup, not the thing measured): `vpcs` VPCs of account A
 * and `count` same-project peerings between distinct pairs of them.
 */
function seedPeerings(dataDir: string, projectId: string, count: number): void {
  const db = new Database(join(dataDir, 'isthmus.sqlite'));
  db.pragma('journal_mode = WAL');
  const now = new Date().toISOString();
  const vpcCount = Math.ceil((1 + Math.sqrt(1 + 8 * count)) / 2) + 1;
  const insertVpc = db.prepare(`insert into vpcs values (?, ?, ?, '', '10.0.0.0/16', 'OK', '0', ?, ?)`);
  const insertTable = db.prepare(`insert into route_tables values (?, ?, ?, 'rtb', '', 1, ?, ?)`);
  const insertPeering = db.prepare(`insert into peerings values (?, ?, '', 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, null)`);
  db.transaction(() => {
    const ids: string[] = [];
    for (let i = 0; i < vpcCount; i++) {
      const id = randomUUID();
      ids.push(id);
      insertVpc.run(id, projectId, `seed-${i}`, now, now);
      insertTable.run(randomUUID(), projectId, id, now, now);
    }
    let n = 0;
    for (let i = 0; i < ids.length && n < count; i++) {
      for (let j = i + 1; j < ids.length && n < count; j++, n++) {
        const [low, high] = ids[i]! < ids[j]! ? [ids[i]!, ids[j]!] : [ids[j]!, ids[i]!];
        insertPeering.run(randomUUID(), `seed-p-${n}`, ids[i], projectId, ids[j], projectId, low, high, now, now);
      }
    }
  })();
  db.close();
}

/**
 * `parse`: every answer decoded (JSON.parse), as an application would; otherwise every byte
 * is read and checked against Content-Length, and one answer in 50 decoded and checked, as
 * a load generator reads them: a 1,000-peering answer is ~450 KB, and decoding it costs
 * the client about three times what serving it from the revision cache costs the server,
 * on the same two cores.
 */
async function listThroughput(server: ServerProcess, a: CreatedAccount, label: string, seconds: number, cached: boolean, parse: boolean): Promise<void> {
  const client = new SignedClient(server.url, creds(a), 8);
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let n = 0;
  let items = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (performance.now() < deadline) {
      if (parse || n % 50 === 0) {
        const body = await client.expect(200, 'GET', '/v2.0/vpc/peerings');
        items = body.peerings.length;
      } else {
        const res = await client.callBytes('GET', '/v2.0/vpc/peerings');
        if (res.status !== 200 || res.bytes.length === 0 || (res.contentLength !== undefined && res.contentLength !== res.bytes.length)) {
          throw new Error(`GET /v2.0/vpc/peerings: status ${res.status}, ${res.bytes.length} of ${res.contentLength} bytes`);
        }
      }
      n++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  const lat = [...client.latenciesMs].sort((x, y) => x - y);
  // The target is the product as it runs (revision cache on: the store does not change
  // between these requests); the figure without the cache is what every list costs when
  // something was written in between.
  const how = `${cached ? 'revision cache on' : 'cache off: every list reads the store'}, ${parse ? 'client decodes every answer' : 'client reads the bytes'}`;
  const target = label === '1,000' && cached && !parse ? { op: '>=' as const, value: 300 } : undefined;
  report({ name: `GET /v2.0/vpc/peerings at ${label} peerings (${items}/page), ${how}: req/s`, value: n / elapsed, unit: 'req/s', ...(target ? { target } : {}) });
  report({ name: `  p50 / p99`, value: percentile(lat, 50), unit: `ms (p99 ${percentile(lat, 99).toFixed(1)} ms)` });
  await client.close();
}

export async function runControlPlaneBench(options: { quick?: boolean } = {}): Promise<void> {
  const seconds = options.quick ? 3 : 10;
  heading('control plane (SQLite, WAL with group commit; server in its own process)');
  const warmSeconds = options.quick ? 3 : 5;
  const machine = await reportMachineNow(options.quick ? 2 : 4, warmSeconds);
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-bench-'));
  try {
    const { a, b } = await setup({ dataDir: dir });
    let server = await startServerProcess(['--data-dir', dir]);
    await sdkWorkflows(server, a, b, warmSeconds, seconds, machine.sdkCeilingWorkflowsPerSecond);
    await leanWorkflows(server, a, b, warmSeconds, seconds, 32, machine.floorCallsPerSecond);
    await server.stop();

    for (const [count, label] of [[1000, '1,000'], [10000, '10,000']] as const) {
      const d = mkdtempSync(join(tmpdir(), 'isthmus-bench-list-'));
      const acc = await setup({ dataDir: d });
      seedPeerings(d, acc.a.project_id, count);
      for (const cached of [true, false]) {
        server = await startServerProcess(['--data-dir', d, ...(cached ? [] : ['--revision-cache', '0'])]);
        await listThroughput(server, acc.a, label, seconds / 2, cached, false);
        if (cached) await listThroughput(server, acc.a, label, seconds / 2, cached, true);
        await server.stop();
      }
      rmSync(d, { recursive: true, force: true });
    }

    const d = mkdtempSync(join(tmpdir(), 'isthmus-bench-rss-'));
    const acc = await setup({ dataDir: d });
    seedPeerings(d, acc.a.project_id, 100_000);
    server = await startServerProcess(['--data-dir', d]);
    const client = new SignedClient(server.url, creds(acc.a), 4);
    // Exercise the big paths: full pages and the last page by marker.
    for (let i = 0; i < 20; i++) await client.expect(200, 'GET', '/v2.0/vpc/peerings?limit=2000');
    await client.expect(200, 'GET', `/v1/${acc.a.project_id}/quotas`);
    report({ name: 'server RSS at 100,000 peerings', value: server.rssMiB(), unit: 'MiB', target: { op: '<=', value: 400 } });
    await client.close();
    await server.stop();
    rmSync(d, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
