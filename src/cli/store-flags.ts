/**
 * The flags of the commands that work on the store itself rather than through the API
 * (serve, account, quota, apply's accounts, backup, events, dataplane, exec): where the
 * store is, and opening it for the length of one command.
 */
import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';

export interface StoreFlags {
  dataDir: string;
  store?: string;
}

/** Adds `--data-dir DIR` (default ./isthmus-data) and `--store URL`; `help` words a command's own use of them. */
export function withStoreFlags(cmd: Command, help: { dataDir?: string; store?: string } = {}): Command {
  return cmd
    .option('--data-dir <dir>', help.dataDir ?? 'directory of the embedded SQLite store', './isthmus-data')
    .option('--store <url>', help.store ?? 'sqlite:PATH | postgres://... (overrides --data-dir)');
}

/** Opens the store the flags name, runs `fn` on it and closes it, whether `fn` succeeds or not. */
export async function withStore<T>(flags: StoreFlags, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(flags);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
