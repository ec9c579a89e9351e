/**
 * Client-side AK/SK signer for our own CLI and benchmark client. It produces what the
 * official Node SDK produces (core auth/AKSKSigner.js): the `Access=` form, key = SK, and
 * SignedHeaders made of the SDK's headers that are present (content-type, host,
 * x-project-id, x-sdk-date, plus x-security-token / x-domain-id / x-sdk-content-sha256 when
 * given). Other headers (Accept, User-Agent...) are added by the SDK after signing, so they
 * are not signed here either. This runs on the benchmark hot path: one URL parse, one
 * body hash, one canonical-request hash, one HMAC.
 */
import {
  EMPTY_BODY_SHA256,
  SIGNING_ALGORITHM,
  canonicalRequest,
  formatSdkDate,
  hmacHex,
  sha256Hex,
  stringToSign,
} from './canonical.js';

export interface SignRequestInput {
  method: string;
  /** Absolute URL, e.g. `http://127.0.0.1:8080/v2.0/vpc/peerings?limit=10`. */
  url: string;
  /** Headers the request will carry, any case. Must not already contain X-Sdk-Date or Authorization. */
  headers?: Readonly<Record<string, string>>;
  /** The exact bytes that will be sent; a string is sent as UTF-8. */
  body?: string | Buffer;
  accessKey: string;
  secretKey: string;
  /** Signing time; the clock by default. */
  now?: Date;
}

/** Headers to add to the request. */
export interface SignatureHeaders {
  'X-Sdk-Date': string;
  Authorization: string;
}

// The headers the SDK has set at signing time; `host` and `x-sdk-date` are always signed.
const SIGNABLE = new Set(['content-type', 'x-project-id', 'x-security-token', 'x-domain-id', 'x-sdk-content-sha256']);

export function signRequest(input: SignRequestInput): SignatureHeaders {
  // WHATWG parsing is what undici and node:http apply before sending, so the path, query
  // and Host we sign are the ones that go on the wire (default port dropped, host lower-cased).
  const url = new URL(input.url);
  const sdkDate = formatSdkDate(input.now ?? new Date());

  const signing: Record<string, string> = { host: url.host, 'x-sdk-date': sdkDate };
  const names = ['host', 'x-sdk-date'];
  let declaredHash: string | undefined;
  if (input.headers) {
    for (const name of Object.keys(input.headers)) {
      const lower = name.toLowerCase();
      const value = input.headers[name]!;
      if (lower === 'host') {
        signing.host = value; // an explicit Host wins, as in the SDK
      } else if (SIGNABLE.has(lower)) {
        if (signing[lower] === undefined) names.push(lower);
        signing[lower] = value;
        if (lower === 'x-sdk-content-sha256') declaredHash = value;
      }
    }
  }
  names.sort();

  const body = input.body;
  const payloadHash = declaredHash
    ?? (body === undefined || body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body));
  const canonical = canonicalRequest({
    method: input.method,
    rawPath: url.pathname,
    rawQuery: url.search,
    headers: signing,
    signedHeaders: names,
    payloadHash,
  });
  const signature = hmacHex(input.secretKey, stringToSign(sdkDate, sha256Hex(canonical)));
  return {
    'X-Sdk-Date': sdkDate,
    Authorization: `${SIGNING_ALGORITHM} Access=${input.accessKey}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
