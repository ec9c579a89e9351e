import { spawn } from 'node:child_process';
import type { TestContext } from 'node:test';
import { LinuxDriver } from '../../src/dataplane/linux/driver.js';
import { linuxUnavailable } from '../../src/dataplane/index.js';
import { run } from '../../src/dataplane/linux/exec.js';
import { listNamespaces } from '../../src/dataplane/linux/observe.js';
import { names } from '../../src/dataplane/naming.js';

/**
 * Real-kernel tests run as root on Linux with iproute2 and nftables. Elsewhere they skip,
 * except in CI (CI=true), where a skipped data plane would hide a broken one: they fail.
 */
export async function kernelOrSkip(t: TestContext): Promise<boolean> {
  const missing = await linuxUnavailable();
  if (!missing) return true;
  if (process.env.CI === 'true') throw new Error(`data plane tests need root with ip and nft in CI: ${missing}`);
  t.skip(`needs root with ip and nft: ${missing}`);
  return false;
}

/** One ICMP echo from inside `ns`. */
export async function ping(ns: string, ip: string, waitSeconds = 0.4): Promise<boolean> {
  const res = await run('ip', ['netns', 'exec', ns, 'ping', '-n', '-q', '-c1', `-W${waitSeconds}`, ip]);
  return res.code === 0;
}

/** A TCP connection from inside `ns` (bash's /dev/tcp, so no client process of our own). */
export async function tcp(ns: string, ip: string, port = 80, timeoutSeconds = 0.6): Promise<boolean> {
  const res = await run('ip', ['netns', 'exec', ns, 'timeout', String(timeoutSeconds), 'bash', '-c', 'exec 3<>"/dev/tcp/$0/$1"', ip, String(port)]);
  return res.code === 0;
}

const LISTENER = `
const net = require('node:net');
const s = net.createServer((c) => { c.on('error', () => {}); c.end('ok\\n'); });
s.listen(Number(process.argv[1]), '0.0.0.0', () => process.stdout.write('ready\\n'));
`;

/** Starts a TCP listener inside `ns`; resolves with its PID once it listens. */
export function listen(ns: string, port = 80): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', LISTENER, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', () => resolve(child.pid!));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`listener in ${ns} exited with ${code}`)));
  });
}

/** Stops processes this test started, by PID. */
export async function stopAll(pids: number[]): Promise<void> {
  for (const pid of pids.splice(0)) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
  await new Promise((r) => setTimeout(r, 20));
}

/** Removes every namespace of the prefix (after hooks: also when a test failed). */
export async function removeAll(prefix: string): Promise<void> {
  const driver = new LinuxDriver({ prefix });
  await driver.gc(null);
  await driver.close();
  const left = [...(await listNamespaces())].filter((ns) => names(prefix).ownsNamespace(ns));
  if (left.length > 0) throw new Error(`namespaces left behind: ${left.join(' ')}`);
}

export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  }));
  return results;
}
