import { randomUUID } from 'node:crypto';

// Audit event ids: UUIDv7-style, so id order is time order. The events table's primary
// key is therefore also its time index: the list pages by id, and the retention sweep
// deletes the oldest events by a range of ids (`firstEventIdAt`). Text ids compare
// bytewise on both stores (PostgreSQL runs with C collation, README).

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7-style id: 48 bits of milliseconds, then a 12-bit counter, then random bits, so
 * id order is the order events were begun in this process, even within one millisecond
 * (or under a ManualClock that stands still).
 */
export function timeOrderedId(ms: number): string {
  if (ms <= lastMs) {
    sequence++;
    if (sequence > 0xfff) { lastMs++; sequence = 0; }
  } else {
    lastMs = ms;
    sequence = 0;
  }
  // The random bits come from randomUUID, which draws from a cached entropy pool: two
  // randomBytes calls per event were 2% of a write request's CPU.
  // Its 19th character is already the RFC 4122 variant (8-b), followed by 15 random digits.
  const random = randomUUID();
  const hex = lastMs.toString(16).padStart(12, '0').slice(-12) + '7' + sequence.toString(16).padStart(3, '0')
    + random.slice(19, 23) + random.slice(24, 36);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The smallest id `timeOrderedId` gives at `ms` or later: every event begun before `ms`
 * has a smaller id, every event begun at `ms` or after a larger one (its version digit,
 * 7, follows this bound's 0).
 */
export function firstEventIdAt(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}
