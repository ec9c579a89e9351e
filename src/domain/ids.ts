import { randomBytes, randomUUID } from 'node:crypto';

/** Resource ids are UUIDs; account, user and project ids are 32 hex digits, as on Huawei Cloud. */
export const newId = (): string => randomUUID();
export const newHexId = (): string => randomBytes(16).toString('hex');

const AK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  // Rejection sampling keeps every character equally likely.
  for (let i = 0; out.length < length; i++) {
    if (i >= bytes.length) return out + randomString(alphabet, length - out.length);
    const b = bytes[i]!;
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
  }
  return out;
}

/** Access keys look like Huawei's: 20 upper-case letters and digits. */
export const newAccessKey = (): string => randomString(AK_ALPHABET, 20);
/** Secret keys: 40 letters and digits. */
export const newSecretKey = (): string => randomString(SK_ALPHABET, 40);
export const newPassword = (): string => randomString(SK_ALPHABET, 24);
