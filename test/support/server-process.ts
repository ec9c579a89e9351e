/** The real server as a child process (`bin/isthmus serve` after `npm run build`), for the tiers that kill or load it. */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/isthmus');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

/**
 * `npm run build` unless dist is newer than every input (as make would), or the caller
 * says the build is current (`ISTHMUS_TEST_NO_BUILD=1`: CI, after `npm ci` built it).
 */
export function ensureBuilt(): void {
  if (process.env.ISTHMUS_TEST_NO_BUILD === '1') return;
  const main = join(root, 'dist/main.js');
  const inputs = Math.max(newestSource(join(root, 'src')), statSync(join(root, 'tsconfig.build.json')).mtimeMs, statSync(join(root, 'package.json')).mtimeMs);
  if (existsSync(main) && statSync(main).mtimeMs > inputs) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}\n${build.stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export function cli(args: string[]): string {
  const res = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(res.status, 0, `isthmus ${args.join(' ')}: ${res.stderr}`);
  return res.stdout;
}

export async function serve(port: number, dataDir: string, extra: string[] = []): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [bin, 'serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--dataplane', 'none', ...extra],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  let stderr = '';
  proc.stderr!.on('data', (d) => { stderr += String(d); });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) assert.fail(`server exited (${proc.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status === 200) return proc;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) assert.fail(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function kill9(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

/** Resident set size of a process, in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
