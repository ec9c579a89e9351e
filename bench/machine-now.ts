import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, report } from './report.js';
import { sdkClient, sequentialSdkWorkflows, warmSdkWorkflows } from './sdk-workflow.js';
import { SignedClient } from './signed-client.js';
import { loopFor } from './workflow.js';

/**
 * What this machine gives right now, measured beside the control-plane figures: the same
 * 2-core VM has run 2x apart in CPU speed within minutes, so a figure is only comparable
 * with the ceiling taken at the same time.
 */
export interface MachineNow {
  /** The floor server's calls/s under the lean client (the lean target's reference). */
  floorCallsPerSecond: number;
  /** The SDK's sequential workflows/s against the canned server (the SDK target's reference). */
  sdkCeilingWorkflowsPerSecond: number;
}

export async function reportMachineNow(seconds: number, warmSeconds: number): Promise<MachineNow> {
  report({ name: 'machine now: do-nothing HTTP server, lean client, 32 concurrent', value: await doNothingCallsPerSecond(seconds), unit: 'calls/s' });
  const floor = await floorCallsPerSecond(seconds);
  report({ name: 'machine now: floor server (node:http, AK/SK check, SQLite, shared fsync), 5 writes + 3 reads', value: floor, unit: 'calls/s' });
  const sdk = await sdkCeiling(warmSeconds, seconds);
  report({ name: 'machine now: SDK workflows against a canned server, sequential', value: sdk.workflows / sdk.seconds, unit: 'wf/s' });
  report({ name: '  SDK client CPU per call there', value: sdk.clientMsPerCall, unit: 'ms' });
  report({ name: 'machine now: fdatasync after an 8 KiB overwrite, p50', value: fdatasyncMicros(), unit: 'µs' });
  return { floorCallsPerSecond: floor, sdkCeilingWorkflowsPerSecond: sdk.workflows / sdk.seconds };
}

/**
 * The official SDK's workflow, one call at a time, against bench/canned-server.mjs (fixed
 * answers, no work): the SDK's own CPU plus this machine's cost of a round trip between two
 * processes. No server lets the SDK run faster here, so the SDK figure is read against it.
 */
async function sdkCeiling(warmSeconds: number, seconds: number) {
  const script = fileURLToPath(new URL('./canned-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = `http://127.0.0.1:${await printedPort(child)}`;
    const account = { access_key: 'AK', secret_key: 'SK', project_id: '0'.repeat(32) };
    const [sa, sb] = [sdkClient(url, account), sdkClient(url, account)];
    await warmSdkWorkflows(sa, sb, account.project_id, warmSeconds);
    return await sequentialSdkWorkflows(sa, sb, account.project_id, seconds);
  } finally {
    child.kill('SIGTERM');
  }
}

function printedPort(child: ChildProcess): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', () => reject(new Error('the calibration server exited')));
  });
}

// A node:http server that reads the request and answers a small JSON object: everything a
// server must do per call, minus the server.
const DO_NOTHING = `
const body = JSON.stringify({ peering: { id: '0'.repeat(36), name: 'p', status: 'ACTIVE' } });
const srv = require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); });
});
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
`;

async function doNothingCallsPerSecond(seconds: number): Promise<number> {
  const child = spawn(process.execPath, ['-e', DO_NOTHING], { stdio: ['ignore', 'pipe', 'inherit'] });
  const body = { vpc: { name: 'calibration', cidr: '10.0.0.0/16' } };
  return callsPerSecond(child, seconds, async (client) => {
    await client.call('POST', '/calibrate', body);
    return 1;
  });
}

/**
 * bench/floor-server.mjs under the workflow's mix of calls (5 writes, 3 reads in 8): what
 * the essential work of an authenticated, durable API costs here. Isthmus's lean figure
 * over this one is the share of the floor it reaches; a target above it cannot be met on
 * this machine by any server in Node.
 */
async function floorCallsPerSecond(seconds: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-bench-floor-'));
  const script = fileURLToPath(new URL('./floor-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let n = 0;
    return await callsPerSecond(child, seconds, async (client) => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await client.call('POST', '/items', { vpc: { name: `floor-${n++}`, cidr: '10.0.0.0/16' } });
        if (res.status !== 201) throw new Error(`floor server: POST answered ${res.status}`);
        ids.push(res.json.item.id);
      }
      for (const id of ids.slice(0, 3)) {
        const res = await client.call('GET', `/items/${id}`);
        if (res.status !== 200) throw new Error(`floor server: GET answered ${res.status}`);
      }
      return 8;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts from the port `child` prints, warms up, then counts the calls `round` makes for `seconds` from 32 concurrent loops. */
async function callsPerSecond(child: ChildProcess, seconds: number, round: (client: SignedClient) => Promise<number>): Promise<number> {
  try {
    const port = await printedPort(child);
    const client = new SignedClient(`http://127.0.0.1:${port}`, { accessKey: 'ak', secretKey: 'sk', projectId: '0'.repeat(32) }, 32);
    for (let i = 0; i < 100; i++) await round(client);
    let n = 0;
    const started = performance.now();
    await loopFor(32, seconds, async () => {
      const calls = await round(client); // not `n += await ...`: that reads n before the await
      n += calls;
    });
    const rate = n / ((performance.now() - started) / 1000);
    await client.close();
    return rate;
  } finally {
    child.kill('SIGTERM');
  }
}

function fdatasyncMicros(): number {
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-bench-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  try {
    const block = Buffer.alloc(8192, 1);
    for (let i = 0; i < 64; i++) writeSync(fd, block);
    fdatasyncSync(fd);
    const us: number[] = [];
    for (let i = 0; i < 200; i++) {
      writeSync(fd, block, 0, block.length, (i % 64) * 8192);
      const t = process.hrtime.bigint();
      fdatasyncSync(fd);
      us.push(Number(process.hrtime.bigint() - t) / 1000);
    }
    return percentile(us.sort((a, b) => a - b), 50);
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}
