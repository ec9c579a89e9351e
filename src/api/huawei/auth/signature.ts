/**
 * Server-side verification of Huawei AK/SK signatures (huawei-api.md §4.2, §4.3, §5.17).
 * Two Authorization forms are accepted, because real clients use both:
 * - `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`: the official SDKs; key = SK.
 * - `SDK-HMAC-SHA256 Credential=AK/YYYYMMDD/region/service/sdk_request, ...`: gophertelekomcloud
 *   (Terraform); key derived from SK and the scope.
 * Pure: the secret comes from a callback, the time from `now`. Never throws on bad input;
 * every failure is a `reason` worded to follow "Incorrect IAM authentication information: ".
 */
import { timingSafeEqual } from 'node:crypto';
import {
  EMPTY_BODY_SHA256,
  SIGNING_ALGORITHM,
  canonicalRequest,
  credentialScope,
  deriveSigningKey,
  formatSdkDate,
  goQueryEncode,
  headerValue,
  hmacDigest,
  parseSdkDate,
  sha256Hex,
  stringToSign,
  type HeaderBag,
  type SigningDialect,
} from './canonical.js';

export type ParsedAuthorization =
  | {
    readonly form: 'access';
    readonly accessKey: string;
    readonly signedHeaders: readonly string[];
    /** 64 lower-case hex digits. */
    readonly signature: string;
  }
  | {
    readonly form: 'credential';
    readonly accessKey: string;
    /** YYYYMMDD from the credential scope. */
    readonly scopeDate: string;
    readonly region: string;
    readonly service: string;
    readonly signedHeaders: readonly string[];
    readonly signature: string;
  };

export type ParseAuthorizationResult =
  | { readonly ok: true; readonly authorization: ParsedAuthorization }
  | { readonly ok: false; readonly reason: string };

export type VerifySignatureResult =
  | {
    readonly ok: true;
    readonly accessKey: string;
    readonly signedHeaders: readonly string[];
    /** The caller must insist on this before trusting X-Project-Id (gophertelekomcloud never signs it). */
    readonly projectIdSigned: boolean;
    readonly form: ParsedAuthorization['form'];
    /** The client declared `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`: the body is not authenticated. */
    readonly unsignedPayload: boolean;
  }
  | {
    readonly ok: false;
    readonly reason: string;
    /** The server's canonical request (with real newlines), on a signature mismatch only. */
    readonly canonicalRequest?: string;
  };

export interface VerifySignatureInput {
  method: string;
  /** The request target as received (`req.url`): raw path and query, still percent-encoded. */
  rawUrl: string;
  /** Lower-case header names, as in Node's `req.headers`. */
  headers: HeaderBag;
  /** The raw body bytes exactly as received. */
  body: Buffer;
  lookupSecret: (accessKey: string) => string | undefined;
  now: Date;
  /** The request's own Authorization header, already parsed by the caller (it is not parsed twice). */
  authorization?: ParsedAuthorization;
  maxSkewMs?: number;
}

export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

const FAIL = 'verify aksk signature fail';
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
// Visible ASCII without the characters that delimit the header itself.
const ACCESS_KEY = /^[\x21-\x7e]{1,128}$/;
const ACCESS_KEY_FORBIDDEN = /[,;/="\\]/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const SCOPE_DATE = /^\d{8}$/;
const SCOPE_PART = /^[A-Za-z0-9_.-]*$/;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Shorten and strip control characters from client text quoted back in a reason. */
const quote = (text: string): string => JSON.stringify(text.length > 64 ? text.slice(0, 64) + '…' : text);

const invalid = (detail: string): ParseAuthorizationResult =>
  ({ ok: false, reason: `${FAIL}, invalid Authorization header: ${detail}` });

/** Parse the Authorization header. Parts may come in any order, each exactly once. */
export function parseAuthorization(header: string | undefined): ParseAuthorizationResult {
  if (typeof header !== 'string' || header.trim() === '') {
    return { ok: false, reason: `${FAIL}, Authorization header not found` };
  }
  const text = header.trim();
  const space = text.search(/\s/);
  const algorithm = space === -1 ? text : text.slice(0, space);
  if (algorithm !== SIGNING_ALGORITHM) {
    return { ok: false, reason: `${FAIL}, unsupported signing algorithm ${quote(algorithm)}, expected ${SIGNING_ALGORITHM}` };
  }
  if (space === -1) return invalid('missing Access, SignedHeaders and Signature');

  const parts: Partial<Record<AuthorizationPart, string>> = {};
  for (const rawPart of text.slice(space).split(',')) {
    const part = rawPart.trim();
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    if (eq === -1 || !isAuthorizationPart(name)) return invalid(`unexpected part ${quote(part)}`);
    if (parts[name] !== undefined) return invalid(`duplicate ${name}`);
    parts[name] = part.slice(eq + 1);
  }

  const signedHeadersText = parts.SignedHeaders;
  const signature = parts.Signature;
  if (signedHeadersText === undefined) return invalid('missing SignedHeaders');
  if (signature === undefined) return invalid('missing Signature');
  if (!HEX_SHA256.test(signature)) return invalid('Signature must be 64 hex digits');

  const signedHeaders = signedHeadersText.toLowerCase().split(';');
  for (const name of signedHeaders) {
    if (!HEADER_NAME.test(name)) return invalid(`bad SignedHeaders entry ${quote(name)}`);
  }
  if (new Set(signedHeaders).size !== signedHeaders.length) return invalid('duplicate name in SignedHeaders');

  const access = parts.Access;
  const credential = parts.Credential;
  if ((access === undefined) === (credential === undefined)) {
    return invalid('exactly one of Access or Credential is required');
  }
  if (access !== undefined) {
    if (!isAccessKey(access)) return invalid('bad Access');
    return { ok: true, authorization: { form: 'access', accessKey: access, signedHeaders, signature: signature.toLowerCase() } };
  }
  const scope = credential!.split('/');
  if (scope.length !== 5 || scope[4] !== 'sdk_request') {
    return invalid('Credential must be AK/YYYYMMDD/region/service/sdk_request');
  }
  const [accessKey, scopeDate, region, service] = scope as [string, string, string, string];
  if (!isAccessKey(accessKey)) return invalid('bad access key in Credential');
  if (!SCOPE_DATE.test(scopeDate)) return invalid('Credential date must be YYYYMMDD');
  if (!SCOPE_PART.test(region) || !SCOPE_PART.test(service)) return invalid('bad region or service in Credential');
  return {
    ok: true,
    authorization: { form: 'credential', accessKey, scopeDate, region, service, signedHeaders, signature: signature.toLowerCase() },
  };
}

type AuthorizationPart = 'Access' | 'Credential' | 'SignedHeaders' | 'Signature';
const isAuthorizationPart = (name: string): name is AuthorizationPart =>
  name === 'Access' || name === 'Credential' || name === 'SignedHeaders' || name === 'Signature';

function isAccessKey(text: string): boolean {
  return ACCESS_KEY.test(text) && !ACCESS_KEY_FORBIDDEN.test(text);
}

/** Split a request target into raw path and raw query; tolerates the absolute form and a fragment. */
function splitTarget(rawUrl: string): { rawPath: string; rawQuery: string } {
  let target = rawUrl;
  const hash = target.indexOf('#');
  if (hash !== -1) target = target.slice(0, hash);
  if (!target.startsWith('/')) {
    const origin = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?]*/.exec(target);
    if (origin) target = target.slice(origin[0].length);
  }
  const question = target.indexOf('?');
  const rawPath = question === -1 ? target : target.slice(0, question);
  const rawQuery = question === -1 ? '' : target.slice(question + 1);
  return { rawPath: rawPath === '' ? '/' : rawPath, rawQuery };
}

interface Candidate {
  rawQuery: string;
  payloadHash: string;
}

/** Verify an AK/SK-signed request. See VerifySignatureResult for what the caller must still check. */
export function verifySignature(input: VerifySignatureInput): VerifySignatureResult {
  const { headers, body } = input;
  const maxSkewMs = input.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;

  let auth = input.authorization;
  if (!auth) {
    const parsed = parseAuthorization(headerValue(headers, 'authorization'));
    if (!parsed.ok) return parsed;
    auth = parsed.authorization;
  }
  const signed = auth.signedHeaders;

  const sdkDate = headerValue(headers, 'x-sdk-date');
  if (sdkDate === undefined) return { ok: false, reason: `${FAIL}, X-Sdk-Date header not found` };
  if (!signed.includes('x-sdk-date')) return { ok: false, reason: `${FAIL}, x-sdk-date must be in SignedHeaders` };
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) {
    return { ok: false, reason: `${FAIL}, X-Sdk-Date ${quote(sdkDate)} is not in the format YYYYMMDDTHHMMSSZ` };
  }
  const skewMs = signedAt - input.now.getTime();
  if (Math.abs(skewMs) > maxSkewMs) {
    return {
      ok: false,
      reason: `${FAIL}, X-Sdk-Date ${sdkDate} is more than ${Math.round(maxSkewMs / 60000)} minutes `
        + `${skewMs < 0 ? 'before' : 'after'} the server time ${formatSdkDate(input.now)}`,
    };
  }
  if (auth.form === 'credential' && auth.scopeDate !== sdkDate.slice(0, 8)) {
    return { ok: false, reason: `${FAIL}, Credential date ${auth.scopeDate} does not match X-Sdk-Date ${sdkDate}` };
  }
  for (const name of signed) {
    if (headerValue(headers, name) === undefined) {
      return { ok: false, reason: `${FAIL}, signed header ${quote(name)} not found in the request` };
    }
  }

  // X-Sdk-Content-Sha256 replaces the body hash, but only when it is itself signed:
  // honouring an unsigned one would let anyone swap the body of a captured request.
  const { rawPath, rawQuery } = splitTarget(input.rawUrl);
  const declaredHash = signed.includes('x-sdk-content-sha256') ? headerValue(headers, 'x-sdk-content-sha256') : undefined;
  let payloadHash: string;
  if (declaredHash === undefined) {
    payloadHash = body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
  } else if (declaredHash === UNSIGNED_PAYLOAD) {
    payloadHash = declaredHash;
  } else if (HEX_SHA256.test(declaredHash)) {
    if (declaredHash.toLowerCase() !== sha256Hex(body)) {
      return { ok: false, reason: `${FAIL}, X-Sdk-Content-Sha256 does not match the request body` };
    }
    payloadHash = declaredHash; // verbatim: it is what the client put in its canonical request
  } else {
    return { ok: false, reason: `${FAIL}, X-Sdk-Content-Sha256 must be a hex SHA-256 or ${UNSIGNED_PAYLOAD}` };
  }

  const candidates: Candidate[] = [{ rawQuery, payloadHash }];
  const dialect: SigningDialect = auth.form === 'credential' ? 'gopher' : 'sdk';
  if (dialect === 'gopher' && input.method.toUpperCase() === 'POST' && body.length === 0
    && declaredHash === undefined && rawQuery !== '') {
    // signer_helper.go: a POST with a nil body signs an empty query and hashes the encoded
    // query instead of the body. A nil and an empty body look alike here, so try both.
    candidates.push({ rawQuery: '', payloadHash: sha256Hex(goQueryEncode(rawQuery)) });
  }

  const secretKey = input.lookupSecret(auth.accessKey);
  if (secretKey === undefined || secretKey === '') {
    return { ok: false, reason: `Get secretKey failed,ak:${auth.accessKey},err:ak not exist` };
  }
  let key: string | Buffer = secretKey;
  let scope: string | undefined;
  if (auth.form === 'credential') {
    key = deriveSigningKey(secretKey, auth.scopeDate, auth.region, auth.service);
    scope = credentialScope(auth.scopeDate, auth.region, auth.service);
  }

  const provided = Buffer.from(auth.signature, 'hex'); // 32 bytes: parseAuthorization checked 64 hex digits
  let firstCanonical: string | undefined;
  for (const candidate of candidates) {
    const canonical = canonicalRequest({
      method: input.method,
      rawPath,
      rawQuery: candidate.rawQuery,
      headers,
      signedHeaders: signed,
      payloadHash: candidate.payloadHash,
      dialect,
    });
    firstCanonical ??= canonical;
    const expected = hmacDigest(key, stringToSign(sdkDate, sha256Hex(canonical), scope));
    if (timingSafeEqual(expected, provided)) {
      return {
        ok: true,
        accessKey: auth.accessKey,
        signedHeaders: signed,
        projectIdSigned: signed.includes('x-project-id'),
        form: auth.form,
        unsignedPayload: candidate.payloadHash === UNSIGNED_PAYLOAD,
      };
    }
  }
  return {
    ok: false,
    // Huawei's gateway quotes its canonical request with `|` for newlines so a client can diff it.
    reason: `${FAIL}, canonicalRequest:${firstCanonical!.replace(/\n/g, '|')}`,
    canonicalRequest: firstCanonical!,
  };
}
