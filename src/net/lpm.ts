import { prefixMask, type Cidr } from './cidr.js';
import type { Ipv4 } from './ipv4.js';

/**
 * A longest-prefix-match table: one hash map per prefix length, probed from /32 down to
 * /0, so a lookup costs at most 33 map probes whatever the table size.
 */
export class LpmTable<T> {
  private readonly byPrefix: Array<Map<number, { cidr: Cidr; value: T }> | undefined> = [];
  private lengths: number[] = [];

  /** Adds or replaces the entry for exactly this block. */
  set(block: Cidr, value: T): void {
    let map = this.byPrefix[block.prefix];
    if (!map) {
      map = new Map();
      this.byPrefix[block.prefix] = map;
      this.lengths = [...this.lengths, block.prefix].sort((a, b) => b - a);
    }
    map.set(block.network, { cidr: block, value });
  }

  get(block: Cidr): T | undefined {
    return this.byPrefix[block.prefix]?.get(block.network)?.value;
  }

  delete(block: Cidr): boolean {
    return this.byPrefix[block.prefix]?.delete(block.network) ?? false;
  }

  /** The entry of the longest prefix that contains `ip`, if any. */
  lookup(ip: Ipv4): { cidr: Cidr; value: T } | undefined {
    for (const prefix of this.lengths) {
      const hit = this.byPrefix[prefix]!.get((ip & prefixMask(prefix)) >>> 0);
      if (hit) return hit;
    }
    return undefined;
  }

  *entries(): IterableIterator<{ cidr: Cidr; value: T }> {
    for (const prefix of this.lengths) yield* this.byPrefix[prefix]!.values();
  }
}
