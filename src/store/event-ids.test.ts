import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { firstEventIdAt, timeOrderedId } from './event-ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('event ids are UUIDv7-shaped and increase, even within one millisecond', () => {
  const base = Date.UTC(2030, 0, 1);
  const ids = [timeOrderedId(base), timeOrderedId(base), timeOrderedId(base + 1), timeOrderedId(base + 1)];
  for (const id of ids) assert.match(id, UUID);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});

test('firstEventIdAt(T) splits ids exactly: events begun before T sort below it, at T or after above it', () => {
  // timeOrderedId never goes back in time within a process, so draw increasing times past
  // everything the other test made.
  let ms = Date.UTC(2040, 0, 1);
  fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: -3, max: 3 }), (step, offset) => {
    ms += step;
    const id = timeOrderedId(ms);
    const boundary = firstEventIdAt(ms + offset);
    assert.equal(id < boundary, offset > 0, `${id} vs ${boundary} (event at ${ms}, boundary at ${ms + offset})`);
  }));
});

test('the boundary of an early time is all zeros but its milliseconds', () => {
  assert.equal(firstEventIdAt(0), '00000000-0000-0000-0000-000000000000');
  assert.equal(firstEventIdAt(0x0123456789ab), '01234567-89ab-0000-0000-000000000000');
});
