import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { passwordFrom } from '../domain/ids.js';

/**
 * The password of a user at a generation: derived from the user's secret key, so
 * `account create` can print it again without the store keeping it (only its hash), and
 * a new generation (`account password`) is a new password. Whoever could read the secret
 * key from the store could already sign any API call as the user, so deriving the
 * password from it gives nothing away; the password does not reveal the key (HMAC).
 */
export function derivedPassword(secretKey: string, userId: string, generation: number): string {
  let block = 0;
  return passwordFrom(() => createHmac('sha256', secretKey).update(`isthmus password\u0000${userId}\u0000${generation}\u0000${block++}`).digest());
}

/** scrypt with a per-password salt; stored as `salt:hash` in hex. */
export function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(password, salt, 32, (err, key) => (err ? reject(err) : resolve(`${salt.toString('hex')}:${key.toString('hex')}`))));
}

export function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [saltHex, hashHex] = stored.split(':');
  if (!saltHex || !hashHex) return Promise.resolve(false);
  const expected = Buffer.from(hashHex, 'hex');
  return new Promise((resolve) =>
    scrypt(password, Buffer.from(saltHex, 'hex'), expected.length, (err, key) =>
      resolve(!err && key.length === expected.length && timingSafeEqual(key, expected))));
}
