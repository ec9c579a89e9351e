/**
 * Which records changed between two versions of an entity list. Stores usually return
 * lists in a stable order and most records unchanged (often the very same objects), so
 * the common prefix and suffix are skipped with cheap checks and only the middle, where
 * edits happened, is matched by id.
 */
export interface Change<T> {
  readonly before: T | undefined;
  readonly after: T | undefined;
}

export function diffById<T extends { readonly id: string }>(
  before: readonly T[],
  after: readonly T[],
  same: (a: T, b: T) => boolean = sameRecord,
): Change<T>[] {
  const changes: Change<T>[] = [];
  if (before === after) return changes;
  // The same object needs no look at its id: a list patched from the previous one (the
  // store's incremental snapshot) is skipped at the cost of pointer comparisons.
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest) {
    const a = before[start]!;
    const b = after[start]!;
    if (a !== b) {
      if (a.id !== b.id) break;
      if (!same(a, b)) changes.push({ before: a, after: b });
    }
    start++;
  }
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start) {
    const a = before[endBefore - 1]!;
    const b = after[endAfter - 1]!;
    if (a !== b) {
      if (a.id !== b.id) break;
      if (!same(a, b)) changes.push({ before: a, after: b });
    }
    endBefore--;
    endAfter--;
  }
  if (start === endBefore && start === endAfter) return changes;

  const old = new Map<string, T>();
  for (let i = start; i < endBefore; i++) old.set(before[i]!.id, before[i]!);
  for (let i = start; i < endAfter; i++) {
    const b = after[i]!;
    const a = old.get(b.id);
    if (a === undefined) changes.push({ before: undefined, after: b });
    else {
      old.delete(b.id);
      if (a !== b && !same(a, b)) changes.push({ before: a, after: b });
    }
  }
  for (const a of old.values()) changes.push({ before: a, after: undefined });
  return changes;
}

/** Field-by-field equality of two flat records (nested values compared as JSON). */
export function sameRecord(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of ka) {
    const x = ra[key];
    const y = rb[key];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}
