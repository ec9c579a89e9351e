import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { patchList } from './incremental.js';

interface Rec { readonly id: string; readonly v: number }

const id = fc.string({ unit: fc.constantFrom('0', '1', '7', '9', 'a', 'f', '-'), minLength: 1, maxLength: 4 });
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

test('patchList equals sort-and-replace, keeping every untouched record and an untouched list as is', () => {
  let large = 0;
  fc.assert(fc.property(
    fc.uniqueArray(id, { maxLength: 300, size: 'max' }),
    // Few changes (the splice path) or many (the merge path).
    fc.oneof(fc.uniqueArray(id, { maxLength: 20 }), fc.uniqueArray(id, { minLength: 65, maxLength: 150 })),
    fc.array(fc.boolean(), { maxLength: 150, size: 'max' }),
    (existing, changed, keep) => {
      if (changed.length > 64) large++; // past the splice limit: the merge path
      const before: Rec[] = existing.sort(cmp).map((i) => ({ id: i, v: 0 }));
      const ids = new Set(changed);
      // A changed id has a fresh record (update or insert) or none (delete).
      const fresh = new Map<string, Rec>();
      changed.forEach((i, k) => { if (keep[k] ?? true) fresh.set(i, { id: i, v: 1 }); });
      const expected = [...before.filter((r) => !ids.has(r.id)), ...fresh.values()].sort((a, b) => cmp(a.id, b.id));
      const patched = patchList(before, ids, fresh);
      assert.deepEqual(patched, expected);
      for (const r of patched) if (!ids.has(r.id)) assert.ok(before.includes(r));
      if (ids.size === 0) assert.equal(patched, before);
    },
  ), { numRuns: 1000 });
  assert.ok(large > 0, 'some runs change more records than the splice path takes');
});
