import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApiError, Errors } from './errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const rows = new Map(
  [...doc.matchAll(/^\| `(\w+)` \| (\d{3}) \| `([^`]+)` \|/gm)].map((m) => [m[1]!, { status: Number(m[2]), code: m[3]! }]),
);

test('every catalogue entry is documented with its status and code', () => {
  for (const [key, make] of Object.entries(Errors)) {
    const err = (make as (...a: string[]) => ApiError)('x', 'y');
    assert.ok(err instanceof ApiError, key);
    const row = rows.get(key);
    assert.ok(row, `docs/errors.md has no row for ${key}`);
    assert.equal(row.status, err.status, `${key}: status`);
    assert.equal(row.code, err.code, `${key}: error_code`);
  }
});

test('the document lists no entry the catalogue lacks', () => {
  for (const key of rows.keys()) assert.ok(key in Errors, `docs/errors.md documents ${key}, which src/domain/errors.ts does not have`);
});

test('client mistakes are 4xx; only the server\'s own conditions are 5xx', () => {
  for (const [key, make] of Object.entries(Errors)) {
    const err = (make as (...a: string[]) => ApiError)('x', 'y');
    if (key === 'internal' || key === 'storeUnavailable') assert.ok(err.status >= 500, key);
    else assert.ok(err.status >= 400 && err.status < 500, `${key} is ${err.status}`);
  }
});
