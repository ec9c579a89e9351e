import assert from 'node:assert/strict';
import { test } from 'node:test';
import { derivedPassword, hashPassword, verifyPassword } from './passwords.js';

const SK = 'S3cretKeyS3cretKeyS3cretKeyS3cretKey0000';
const USER = '0123456789abcdef0123456789abcdef';

test('a derived password is the same for the same key, user and generation, and 24 letters and digits', () => {
  const p = derivedPassword(SK, USER, 0);
  assert.match(p, /^[A-Za-z0-9]{24}$/);
  assert.equal(derivedPassword(SK, USER, 0), p);
});

test('another generation, user or secret key derives another password', () => {
  const p = derivedPassword(SK, USER, 0);
  const others = [
    derivedPassword(SK, USER, 1),
    derivedPassword(SK, USER.replace('0', '1'), 0),
    derivedPassword(`${SK.slice(0, -1)}1`, USER, 0),
  ];
  for (const other of others) assert.notEqual(other, p);
  assert.equal(new Set(Array.from({ length: 200 }, (_, g) => derivedPassword(SK, USER, g))).size, 200);
});

test('the stored hash verifies the password and nothing else', async () => {
  const p = derivedPassword(SK, USER, 0);
  const hash = await hashPassword(p);
  assert.equal(await verifyPassword(p, hash), true);
  assert.equal(await verifyPassword(derivedPassword(SK, USER, 1), hash), false);
  assert.equal(await verifyPassword(p, 'not-a-hash'), false);
});
