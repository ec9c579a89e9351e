/**
 * With the linux data plane the demo also sends real packets: one ICMP echo from an
 * instance's namespace (as `isthmus exec PORT -- ping ...` would), to show that what the
 * trace says is what the kernel does.
 */
import { spawn } from 'node:child_process';
import { instanceNamespace } from '../service/dataplane.js';
import type { Store } from '../store/store.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The namespace of an instance once the data plane has realised it (undefined after the timeout). */
export async function realisedNamespace(store: Store, portId: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return (await instanceNamespace(store, portId)).namespace;
    } catch {
      if (Date.now() > deadline) return undefined;
      await sleep(200);
    }
  }
}

/** `ip netns exec NS ping -c 1 -W 2 IP`: true when the echo came back. */
export function pingFrom(namespace: string, ip: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('ip', ['netns', 'exec', namespace, 'ping', '-n', '-c', '1', '-W', '2', ip], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
