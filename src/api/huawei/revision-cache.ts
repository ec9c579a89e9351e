/**
 * Answers of read operations kept by store revision, as written on the wire. Every
 * committed change bumps the revision (in the same transaction, on every server sharing
 * the database), so an answer recorded at revision R is exactly what the operation would
 * answer again while the revision is still R: a repeated list of 1,000 peerings costs one
 * revision read instead of decoding 1,000 rows. (The Kubernetes API server serves lists
 * from its watch cache on the same principle.)
 *
 * Correctness rests on the caller reading the revision *before* running the operation:
 * the answer then reflects the state at R or later, and it is only ever served while the
 * revision is still R, when those are the same state. Entries of older revisions are
 * never served; the least recently stored go first when `maxBytes` would be exceeded.
 * Answers are kept as the bytes sent: a hit then costs no encoding (UTF-8 of a 1,000-peering
 * list, ~450 KB, took longer than everything else a hit does).
 */
export class RevisionCache {
  private readonly entries = new Map<string, { revision: number; payload: Buffer }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string, revision: number): Buffer | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.revision === revision) {
      this.hits++;
      return entry.payload;
    }
    this.misses++;
    return undefined;
  }

  set(key: string, revision: number, answer: string): void {
    const payload = Buffer.from(answer, 'utf8');
    const size = payload.length + key.length * 2;
    if (size > this.maxBytes) return;
    this.remove(key);
    while (this.bytes + size > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value);
    }
    this.entries.set(key, { revision, payload });
    this.bytes += size;
  }

  /** Bytes held: the answers' bytes, and keys as V8 keeps them at worst (UTF-16). */
  get size(): number {
    return this.bytes;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.payload.length + key.length * 2;
  }
}
