import { closeSync, fdatasync, fstatSync, openSync, statSync } from 'node:fs';

/**
 * Group commit for the embedded store. SQLite runs with synchronous=NORMAL, so a commit
 * writes its WAL frames without an fsync; before a write is acknowledged, `flush()` makes
 * them durable with one fdatasync of the WAL file, on libuv's thread pool rather than on
 * the event loop. fsync flushes the file's inode whatever descriptor asks, so our own
 * descriptor serves. Callers that commit while a sync is running wait for the next one
 * (it must start after their commit), and all of them share it: under concurrency, many
 * commits cost one fsync, and the event loop never blocks on the disk.
 */
export class WalSync {
  private fd: number | null = null;
  private inode = -1;
  private current: Promise<void> | null = null;
  private waiting: Promise<void> | null = null;

  constructor(private readonly walPath: string) {}

  /** Resolves once everything committed before the call is on disk. */
  flush(): Promise<void> {
    if (!this.current) {
      this.current = this.sync().finally(() => { this.current = null; });
      return this.current;
    }
    // A sync is running, but it may have started before our commit: take the next one.
    if (!this.waiting) {
      this.waiting = this.current.then(() => {
        this.waiting = null;
        return this.flush();
      });
    }
    return this.waiting;
  }

  private descriptor(): number {
    // The WAL file keeps its inode while the database is open; reopen if it was replaced.
    const inode = statSync(this.walPath).ino;
    if (this.fd !== null && inode === this.inode) return this.fd;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = openSync(this.walPath, 'r');
    this.inode = fstatSync(this.fd).ino;
    return this.fd;
  }

  protected sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      let fd: number;
      try {
        fd = this.descriptor();
      } catch (err) {
        return reject(err);
      }
      fdatasync(fd, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
