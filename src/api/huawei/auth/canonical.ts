/**
 * The canonical request of Huawei's "SDK-HMAC-SHA256" AK/SK signature (huawei-api.md §4.2),
 * shared by the verifier (signature.ts) and our own client signer (signer.ts) so both sides
 * always canonicalise the same way. Pure: no I/O, no clock.
 *
 * CanonicalRequest = METHOD \n URI \n QUERY \n (name:value\n)* \n signed;headers \n payloadHash
 * StringToSign     = SDK-HMAC-SHA256 \n X-Sdk-Date \n [scope \n] hex(sha256(CanonicalRequest))
 */
import { createHash, createHmac } from 'node:crypto';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
/** hex(sha256("")): the payload hash of a request without a body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** The last element of the derived-key variant's credential scope (§4.3). */
export const DERIVED_SCOPE_TERMINATOR = 'sdk_request';

/**
 * Which client family canonicalised the request. `sdk` is the official algorithm used by
 * the Huawei SDKs (Node, Go v3) with `Access=`. `gopher` is gophertelekomcloud's
 * signer_helper.go (the `Credential=` derived-key form), which differs in small ways that
 * matter on the wire: Go decodes `+` in the query as a space (its client encodes spaces
 * as `+`), keeps only the first value of a repeated key, sorts the encoded keys
 * case-insensitively, and collapses runs of whitespace in header values.
 */
export type SigningDialect = 'sdk' | 'gopher';

/** Request headers by lower-case name, as Node's `IncomingMessage.headers` holds them. */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/** One header's value, or undefined when absent. Node only makes arrays for set-cookie; join like Node joins other duplicates. */
export function headerValue(headers: HeaderBag, lowerName: string): string | undefined {
  const value = headers[lowerName];
  // typeof guards names like `constructor` that would otherwise reach Object.prototype.
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  return undefined;
}

const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
const PATH_NEEDS_NO_WORK = /^[A-Za-z0-9\-._~/]*$/;
// encodeURIComponent leaves these five sub-delims raw; RFC 3986 unreserved does not.
const LEFT_RAW_BY_ENCODE_URI_COMPONENT = /[!'()*]/g;
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

const escapeAscii = (ch: string): string => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');

/**
 * Percent-encode with the RFC 3986 unreserved set kept (A-Z a-z 0-9 - _ . ~), UTF-8,
 * upper-case hex: the SDK's `urlEncode`.
 */
export function encodeRfc3986(text: string): string {
  if (UNRESERVED_ONLY.test(text)) return text;
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    // Only a lone surrogate gets here; encode the bytes Node would put on the wire (U+FFFD).
    let out = '';
    for (const byte of Buffer.from(text, 'utf8')) {
      out += UNRESERVED_ONLY.test(String.fromCharCode(byte)) && byte < 0x80
        ? String.fromCharCode(byte)
        : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
    return out;
  }
  return encoded.replace(LEFT_RAW_BY_ENCODE_URI_COMPONENT, escapeAscii);
}

/**
 * Percent-decode without ever throwing. A `%` that does not start a valid escape, and a
 * run of escapes that is not valid UTF-8, stay literal text (and are re-encoded as `%25…`
 * later): such requests come from hand-made clients, never from the SDK, and only need
 * to fail verification cleanly rather than crash it.
 */
export function decodePercent(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(PERCENT_RUN, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * Canonical URI from the RAW request path (as received, before any decoding): each
 * `/`-separated segment decoded then re-encoded, and a trailing `/` added if missing.
 * Decode-then-encode is what makes the server's result equal to what the SDK signed: the
 * SDK encodes the unescaped path it built, while axios escaped it (differently) for the wire.
 */
export function canonicalUri(rawPath: string): string {
  let uri: string;
  if (PATH_NEEDS_NO_WORK.test(rawPath)) {
    uri = rawPath; // uuid/hex ids and ASCII names: the common case, nothing to re-encode
  } else {
    const segments = rawPath.split('/');
    for (let i = 0; i < segments.length; i++) segments[i] = encodeRfc3986(decodePercent(segments[i]!));
    uri = segments.join('/');
  }
  return uri.endsWith('/') ? uri : uri + '/';
}

type QueryPair = [key: string, value: string];

function parseQuery(rawQueryString: string, plusIsSpace: boolean): QueryPair[] {
  const query = rawQueryString.startsWith('?') ? rawQueryString.slice(1) : rawQueryString;
  const pairs: QueryPair[] = [];
  if (query === '') return pairs;
  for (let piece of query.split('&')) {
    if (piece === '') continue;
    if (plusIsSpace) piece = piece.replace(/\+/g, ' ');
    const eq = piece.indexOf('=');
    pairs.push(eq === -1
      ? [decodePercent(piece), '']
      : [decodePercent(piece.slice(0, eq)), decodePercent(piece.slice(eq + 1))]);
  }
  return pairs;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Canonical query string from the raw query (with or without its leading `?`).
 * `sdk`: `+` is a literal plus (the Node SDK sends `%2B` for `+` and `%20` for space),
 * keys sorted by code unit, a repeated key gives one pair per value with the values
 * sorted, each pair `enc(k)=enc(v)`, joined with `&`. `gopher`: see SigningDialect.
 */
export function canonicalQuery(rawQueryString: string, dialect: SigningDialect = 'sdk'): string {
  if (dialect === 'gopher') return canonicalQueryGopher(rawQueryString);
  const pairs = parseQuery(rawQueryString, false);
  if (pairs.length === 0) return '';
  pairs.sort((a, b) => byCodeUnits(a[0], b[0]) || byCodeUnits(a[1], b[1]));
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    if (i > 0) out += '&';
    out += encodeRfc3986(pairs[i]![0]) + '=' + encodeRfc3986(pairs[i]![1]);
  }
  return out;
}

/** gophertelekomcloud's encodeQueryString: url.Values.Get (first value), keys encoded then sorted case-insensitively. */
function canonicalQueryGopher(rawQueryString: string): string {
  const first = new Map<string, string>();
  for (const [key, value] of parseQuery(rawQueryString, true)) {
    if (!first.has(key)) first.set(key, value);
  }
  const encoded = [...first].map(([k, v]): QueryPair => [encodeRfc3986(k), encodeRfc3986(v)]);
  encoded.sort((a, b) => byCodeUnits(a[0].toLowerCase(), b[0].toLowerCase()) || byCodeUnits(a[0], b[0]));
  return encoded.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * gophertelekomcloud hashes this instead of the body for a POST without a body: Go's
 * url.Values.Encode(), i.e. keys sorted, every value in wire order, QueryEscape (space as `+`).
 */
export function goQueryEncode(rawQueryString: string): string {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of parseQuery(rawQueryString, true)) {
    const values = byKey.get(key);
    if (values) values.push(value);
    else byKey.set(key, [value]);
  }
  const goEscape = (s: string) => encodeRfc3986(s).replace(/%20/g, '+');
  const out: string[] = [];
  for (const key of [...byKey.keys()].sort(byCodeUnits)) {
    for (const value of byKey.get(key)!) out.push(`${goEscape(key)}=${goEscape(value)}`);
  }
  return out.join('&');
}

/**
 * A header value as it enters the canonical request. The official document trims it;
 * the Node SDK signs it verbatim. Both agree on real SDK traffic (the values it signs
 * have no surrounding blanks, and Node's HTTP parser strips them on arrival anyway), so
 * we trim, which also tolerates clients that follow the document.
 */
export function canonicalHeaderValue(value: string, dialect: SigningDialect = 'sdk'): string {
  return dialect === 'gopher' ? value.replace(/\s+/g, ' ').trim() : value.trim();
}

export interface CanonicalRequestInput {
  method: string;
  /** The path exactly as on the request line, still percent-encoded. */
  rawPath: string;
  /** The query exactly as on the request line, with or without the leading `?`. */
  rawQuery: string;
  /** Lower-case header name to value. */
  headers: HeaderBag;
  /** Lower-case names in the order the client listed them (SignedHeaders). */
  signedHeaders: readonly string[];
  /** hex(sha256(body)), or the X-Sdk-Content-Sha256 value. */
  payloadHash: string;
  dialect?: SigningDialect;
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  const dialect = input.dialect ?? 'sdk';
  let headerLines = '';
  for (const name of input.signedHeaders) {
    headerLines += name + ':' + canonicalHeaderValue(headerValue(input.headers, name) ?? '', dialect) + '\n';
  }
  return input.method.toUpperCase() + '\n'
    + canonicalUri(input.rawPath) + '\n'
    + canonicalQuery(input.rawQuery, dialect) + '\n'
    + headerLines + '\n'
    + input.signedHeaders.join(';') + '\n'
    + input.payloadHash;
}

/** The derived-key variant's credential scope: `YYYYMMDD/region/service/sdk_request`. */
export function credentialScope(scopeDate: string, region: string, service: string): string {
  return `${scopeDate}/${region}/${service}/${DERIVED_SCOPE_TERMINATOR}`;
}

/** StringToSign. `scope` is given only for the derived-key (`Credential=`) variant. */
export function stringToSign(sdkDate: string, hashedCanonicalRequest: string, scope?: string): string {
  return scope === undefined
    ? `${SIGNING_ALGORITHM}\n${sdkDate}\n${hashedCanonicalRequest}`
    : `${SIGNING_ALGORITHM}\n${sdkDate}\n${scope}\n${hashedCanonicalRequest}`;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacDigest(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function hmacHex(key: string | Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** §4.3: HMAC(HMAC(HMAC(HMAC("SDK"+SK, YYYYMMDD), region), service), "sdk_request"). */
export function deriveSigningKey(secretKey: string, scopeDate: string, region: string, service: string): Buffer {
  const kDate = hmacDigest('SDK' + secretKey, scopeDate);
  const kRegion = hmacDigest(kDate, region);
  const kService = hmacDigest(kRegion, service);
  return hmacDigest(kService, DERIVED_SCOPE_TERMINATOR);
}

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Milliseconds since the epoch for a valid `YYYYMMDDTHHMMSSZ`, else undefined (also for 20240230T…). */
export function parseSdkDate(value: string): number | undefined {
  const m = SDK_DATE.exec(value);
  if (!m) return undefined;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!, h = +m[4]!, mi = +m[5]!, s = +m[6]!;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function formatSdkDate(date: Date): string {
  const iso = date.toISOString(); // 2006-01-02T15:04:05.000Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
}
