import { randomBytes, randomUUID } from 'node:crypto';

/** Resource ids are UUIDs; account, user and project ids are 32 hex digits, as on Huawei Cloud. */
export const newId = (): string => randomUUID();
export const newHexId = (): string => randomBytes(16).toString('hex');

const AK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` characters of `alphabet` from the bytes `more` yields. Rejection sampling keeps
 * every character equally likely.
 */
function sampled(alphabet: string, length: number, more: () => Buffer): string {
  let out = '';
  while (out.length < length) {
    for (const b of more()) {
      if (out.length === length) break;
      if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

const randomString = (alphabet: string, length: number): string => sampled(alphabet, length, () => randomBytes(length * 2));

/** Access keys look like Huawei's: 20 upper-case letters and digits. */
export const newAccessKey = (): string => randomString(AK_ALPHABET, 20);
/** Secret keys: 40 letters and digits. */
export const newSecretKey = (): string => randomString(SK_ALPHABET, 40);
/** Passwords: 24 letters and digits, from the bytes `more` yields (service/passwords.ts derives them). */
export const passwordFrom = (more: () => Buffer): string => sampled(SK_ALPHABET, 24, more);
