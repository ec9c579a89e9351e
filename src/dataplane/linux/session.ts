import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { NETNS_DIR } from './observe.js';

/**
 * A long-lived `ip -force -n NS -batch -` for one router namespace, so that a route change
 * costs a pipe write instead of a process start (~5 ms): what "API call to first packet"
 * is made of. Completion is detected with a sentinel command that always fails (its error
 * is the last thing on stderr, after the errors of the real commands, in order).
 *
 * The process lives inside the namespace and would keep it alive after `ip netns del`,
 * so it is checked against the namespace's current inode before every use and closed
 * before the driver deletes the namespace.
 */
export class IpSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';
  private lines = 0;
  private seq = 0;
  private waiting: ((stderr: string) => void) | null = null;
  private dead = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly ns: string, readonly inode: number) {
    this.child = spawn('ip', ['-force', '-n', ns, '-batch', '-']);
    this.child.stdout.resume();
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
      this.check();
    });
    this.child.on('exit', () => { this.dead = true; this.waiting?.(this.stderr + '\nsession ended'); });
    this.child.stdin.on('error', () => { this.dead = true; });
    // An idle helper must never keep the server (or a test) from exiting; at exit its stdin
    // closes and it ends by itself. While a call is in flight it holds the event loop.
    this.hold(false);
  }

  private hold(on: boolean): void {
    if (on) this.child.ref(); else this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      const handle = stream as unknown as { ref?: () => void; unref?: () => void };
      if (on) handle.ref?.(); else handle.unref?.();
    }
  }

  static async open(ns: string): Promise<IpSession> {
    return new IpSession(ns, (await stat(`${NETNS_DIR}/${ns}`)).ino);
  }

  /** Still running, and still in the namespace that now has this name. */
  async usable(): Promise<boolean> {
    if (this.dead) return false;
    try {
      const [named, inside] = await Promise.all([stat(`${NETNS_DIR}/${this.ns}`), stat(`/proc/${this.child.pid}/ns/net`)]);
      return named.ino === this.inode && inside.ino === this.inode;
    } catch {
      return false;
    }
  }

  /** Runs the lines; resolves with `{ code, stderr }` where stderr numbers lines from 1 for this call. */
  exec(lines: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const job = this.queue.then(() => this.run(lines));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private run(lines: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      if (this.dead) { resolve({ code: 1, stdout: '', stderr: 'session ended' }); return; }
      const base = this.lines;
      const token = `isn${(this.seq = (this.seq + 1) % 1e6)}`;
      this.stderr = '';
      this.hold(true);
      this.waiting = (err) => {
        this.waiting = null;
        this.hold(false);
        // Renumber "Command failed -:N" to this call's lines; drop the sentinel's own report.
        const own = err.split('\n').filter((l) => l.trim() && !l.includes(`"${token}"`) && l !== `Command failed -:${base + lines.length + 1}`)
          .map((l) => l.replace(/Command failed -:(\d+)/, (_, n: string) => `Command failed -:${Number(n) - base}`)).join('\n');
        resolve({ code: own.length > 0 || this.dead ? 1 : 0, stdout: '', stderr: own });
      };
      this.sentinel = `Device "${token}" does not exist.`;
      this.lines += lines.length + 1;
      this.child.stdin.write(`${lines.join('\n')}\nlink show dev ${token}\n`);
    });
  }

  private sentinel = '';

  private check(): void {
    const at = this.stderr.indexOf(this.sentinel);
    if (this.waiting && at >= 0 && this.stderr.indexOf('\n', at) >= 0) {
      const nextLine = this.stderr.indexOf('Command failed', at);
      // Wait for the sentinel's "Command failed" line too, so nothing of this call is left over.
      if (nextLine >= 0 && this.stderr.indexOf('\n', nextLine) >= 0) this.waiting(this.stderr);
    }
  }

  close(): void {
    this.dead = true;
    this.child.stdin.end();
    this.child.kill('SIGTERM');
  }
}
