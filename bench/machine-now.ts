import { spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, report } from './report.js';
import { SignedClient } from './signed-client.js';

/**
 * What this machine gives right now, measured beside the control-plane figures: the same
 * 2-core VM has run 2x apart in CPU speed within minutes, so a figure is only comparable
 * with the ceiling taken at the same time.
 */
export async function reportMachineNow(seconds: number): Promise<void> {
  report({ name: 'machine now: do-nothing HTTP server, lean client, 32 concurrent', value: await doNothingCallsPerSecond(seconds), unit: 'calls/s' });
  report({ name: 'machine now: fdatasync after an 8 KiB overwrite, p50', value: fdatasyncMicros(), unit: 'µs' });
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
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', () => reject(new Error('the do-nothing server exited')));
    });
    const client = new SignedClient(`http://127.0.0.1:${port}`, { accessKey: 'ak', secretKey: 'sk', projectId: '0'.repeat(32) }, 32);
    const body = { vpc: { name: 'calibration', cidr: '10.0.0.0/16' } };
    for (let i = 0; i < 500; i++) await client.call('POST', '/calibrate', body);
    let n = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (performance.now() < deadline) {
        await client.call('POST', '/calibrate', body);
        n++;
      }
    }));
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
