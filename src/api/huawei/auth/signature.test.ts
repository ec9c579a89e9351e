import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { stringify as querystringStringify } from 'node:querystring';
import fc from 'fast-check';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js';
import { HttpRequestBuilder } from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder.js';
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  formatSdkDate,
  hmacHex,
  parseSdkDate,
  sha256Hex,
  stringToSign,
  type HeaderBag,
} from './canonical.js';
import { parseAuthorization, verifySignature, type VerifySignatureInput } from './signature.js';
import { signRequest } from './signer.js';
import { goSign } from '../../../../test/support/go-signer.js';

// Node's own header type must be accepted as is by the verifier.
const nodeHeadersFit: HeaderBag = {} as IncomingHttpHeaders;
void nodeHeadersFit;

const AK = 'ISTHMUSAKAAAAAAAAAAA';
const SK = 'isthmus-secret-key-0123456789abcdefghij';
const PROJECT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const NOW = new Date('2026-11-26T12:28:29Z');
const secrets = new Map([[AK, SK], ['AccessKey', 'SecretKey'], ['QTWAOYTTINDUT2QVKYUC', 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc']]);
const lookupSecret = (ak: string) => secrets.get(ak);

/** A request as the server sees it: lower-case headers, raw target, raw body. */
interface Wire {
  method: string;
  rawUrl: string;
  headers: Record<string, string>;
  body: Buffer;
}

const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

const verify = (wire: Wire, extra: Partial<VerifySignatureInput> = {}) =>
  verifySignature({ ...wire, lookupSecret, now: NOW, ...extra });

/** Sign with our signer and return what arrives at the server. */
function signed(method: string, url: string, opts: { body?: string; headers?: Record<string, string>; now?: Date; sk?: string; ak?: string } = {}): Wire {
  const u = new URL(url);
  const headers = { 'Content-Type': 'application/json', 'X-Project-Id': PROJECT, ...opts.headers };
  const auth = signRequest({
    method, url, headers, body: opts.body, accessKey: opts.ak ?? AK, secretKey: opts.sk ?? SK, now: opts.now ?? NOW,
  });
  return {
    method,
    rawUrl: u.pathname + u.search,
    headers: lower({ host: u.host, ...headers, ...auth, 'user-agent': 'isthmus-test', accept: 'application/json' }),
    body: Buffer.from(opts.body ?? ''),
  };
}

test('TV1/TV2/TV3: the published vectors, through the canonical helpers and the verifier', () => {
  const tv1 = canonicalRequest({
    method: 'GET', rawPath: '/path', rawQuery: 'limit=1', headers: { 'x-sdk-date': '20060102T150405Z' },
    signedHeaders: ['x-sdk-date'], payloadHash: sha256Hex(''),
  });
  assert.equal(tv1, 'GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(hmacHex('SecretKey', stringToSign('20060102T150405Z', sha256Hex(tv1))),
    '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');

  const tv2Body = '{"Name":"test","Id":1}\n';
  const tv2 = canonicalRequest({
    method: 'POST', rawPath: '/path', rawQuery: 'key=value', headers: { 'x-sdk-date': '20060102T150405Z' },
    signedHeaders: ['x-sdk-date'], payloadHash: sha256Hex(tv2Body),
  });
  assert.equal(hmacHex('SecretKey', stringToSign('20060102T150405Z', sha256Hex(tv2))),
    'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59');

  const tv3Headers = { 'content-type': 'application/json', host: 'service.region.example.com', 'x-sdk-date': '20191115T033655Z' };
  const tv3Url = '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0';
  const tv3 = canonicalRequest({
    method: 'GET', rawPath: tv3Url.split('?')[0]!, rawQuery: tv3Url.split('?')[1]!, headers: tv3Headers,
    signedHeaders: ['content-type', 'host', 'x-sdk-date'], payloadHash: sha256Hex(''),
  });
  assert.equal(sha256Hex(tv3), 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
  assert.equal(hmacHex('MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc', stringToSign('20191115T033655Z', sha256Hex(tv3))),
    '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');

  // The same vectors as complete requests. Host is present but unsigned in TV1/TV2: allowed (§4.2).
  const tv = (method: string, rawUrl: string, headers: Record<string, string>, body: string, ak: string, sh: string, sig: string) =>
    verifySignature({
      method, rawUrl, body: Buffer.from(body), lookupSecret, now: new Date(parseSdkDate(headers['x-sdk-date']!)!),
      headers: { ...headers, authorization: `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${sh}, Signature=${sig}` },
    });
  const date1 = { host: 'example.huaweicloud.com', 'x-sdk-date': '20060102T150405Z' };
  const r1 = tv('GET', '/path?limit=1', date1, '', 'AccessKey', 'x-sdk-date', '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');
  assert.deepEqual(r1, { ok: true, accessKey: 'AccessKey', signedHeaders: ['x-sdk-date'], projectIdSigned: false, form: 'access', unsignedPayload: false });
  assert.equal(tv('POST', '/path?key=value', { ...date1, 'content-type': 'application/json' }, tv2Body, 'AccessKey', 'x-sdk-date',
    'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59').ok, true);
  assert.equal(tv('GET', tv3Url, tv3Headers, '', 'QTWAOYTTINDUT2QVKYUC', 'content-type;host;x-sdk-date',
    '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe').ok, true);
});

test('captured SDK canonical request (huawei-sdk.md log #4): `*` on the wire becomes %2A', () => {
  const vpc = '3ec3b33f-5c5e-4d4f-9b7a-3f2b1c0d9e8a';
  const canonical = canonicalRequest({
    method: 'GET',
    rawPath: '/v2.0/vpc/peerings',
    rawQuery: `limit=10&name=peering%20a*b&status=PENDING_ACCEPTANCE&tenant_id=${PROJECT}&vpc_id=${vpc}`,
    headers: { 'content-type': 'application/json', host: '127.0.0.1:46269', 'x-project-id': PROJECT, 'x-sdk-date': '20261126T122829Z' },
    signedHeaders: ['content-type', 'host', 'x-project-id', 'x-sdk-date'],
    payloadHash: sha256Hex(Buffer.alloc(0)),
  });
  assert.equal(canonical, [
    'GET',
    '/v2.0/vpc/peerings/',
    `limit=10&name=peering%20a%2Ab&status=PENDING_ACCEPTANCE&tenant_id=${PROJECT}&vpc_id=${vpc}`,
    'content-type:application/json',
    'host:127.0.0.1:46269',
    `x-project-id:${PROJECT}`,
    'x-sdk-date:20261126T122829Z',
    '',
    'content-type;host;x-project-id;x-sdk-date',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ].join('\n'));
  // Values are trimmed as the official document says (the SDK never sends blanks around them).
  const padded = canonicalRequest({
    method: 'get', rawPath: '/', rawQuery: '', headers: { 'content-type': ' application/json\t', 'x-sdk-date': '20261126T122829Z' },
    signedHeaders: ['content-type', 'x-sdk-date'], payloadHash: 'UNSIGNED-PAYLOAD',
  });
  assert.equal(padded, 'GET\n/\n\ncontent-type:application/json\nx-sdk-date:20261126T122829Z\n\ncontent-type;x-sdk-date\nUNSIGNED-PAYLOAD');
});

test('canonical URI: decode then re-encode each segment, trailing slash, malformed escapes stay literal', () => {
  assert.equal(canonicalUri('/v2.0/vpc/peerings'), '/v2.0/vpc/peerings/');
  assert.equal(canonicalUri('/v2.0/vpc/peerings/'), '/v2.0/vpc/peerings/');
  assert.equal(canonicalUri(''), '/');
  assert.equal(canonicalUri('/'), '/');
  assert.equal(canonicalUri('/a%20b/%C3%A9/x*y/%2a'), '/a%20b/%C3%A9/x%2Ay/%2A/');
  assert.equal(canonicalUri('/a%2Fb'), '/a%2Fb/'); // an escaped slash stays inside its segment
  assert.equal(canonicalUri('/é'), '/%C3%A9/'); // raw non-ASCII is encoded as UTF-8
  assert.equal(canonicalUri('/a%7eb/%41'), '/a~b/A/');
  // Malformed: never throw, keep the `%` literal (encoded as %25).
  assert.equal(canonicalUri('/a%ZZ/b%'), '/a%25ZZ/b%25/');
  assert.equal(canonicalUri('/a%20%ZZ'), '/a%20%25ZZ/');
  assert.equal(canonicalUri('/%E9'), '/%25E9/'); // a lone byte that is not UTF-8
  assert.equal(canonicalUri('/\uD800'), '/%EF%BF%BD/'); // lone surrogate: the bytes Node would send
});

test('canonical query: sorted keys, sorted repeated values, `+` is not a space, RFC 3986 encoding', () => {
  assert.equal(canonicalQuery(''), '');
  assert.equal(canonicalQuery('?'), '');
  assert.equal(canonicalQuery('?b=2&a=1'), 'a=1&b=2');
  assert.equal(canonicalQuery('id=b&id=a&id=c&limit=1'), 'id=a&id=b&id=c&limit=1');
  assert.equal(canonicalQuery('q=a+b&r=a%2Bb&s=a%20b'), 'q=a%2Bb&r=a%2Bb&s=a%20b');
  assert.equal(canonicalQuery("x=!'()*~"), 'x=%21%27%28%29%2A~');
  assert.equal(canonicalQuery('flag&empty=&&k=v=w'), 'empty=&flag=&k=v%3Dw');
  assert.equal(canonicalQuery('B=1&a=2&_=3'), 'B=1&_=3&a=2'); // code-unit order, not case-insensitive
  // Sorting is on decoded keys: `[` (0x5B) sorts after `Z` although `%5B` would sort first.
  assert.equal(canonicalQuery('%5B=1&Z=2'), 'Z=2&%5B=1');
  assert.equal(canonicalQuery('name=%E4%B8%AD&bad=%ZZ%'), 'bad=%25ZZ%25&name=%E4%B8%AD');
});

test('X-Sdk-Date parsing is strict', () => {
  assert.equal(parseSdkDate('20191115T033655Z'), Date.UTC(2019, 10, 15, 3, 36, 55));
  for (const bad of ['', '20191115T033655', '2019-11-15T03:36:55Z', '20190230T000000Z', '20230229T000000Z', '21000229T000000Z', '20191131T000000Z', '20191315T000000Z', '20191100T000000Z', '20191115T240000Z', '20191115T236000Z', '20191115T235960Z', ' 20191115T033655Z', '20191115t033655z']) {
    assert.equal(parseSdkDate(bad), undefined, bad);
  }
  assert.equal(parseSdkDate('20240229T235959Z'), Date.UTC(2024, 1, 29, 23, 59, 59));
  assert.equal(parseSdkDate('20000229T000000Z'), Date.UTC(2000, 1, 29));
  assert.equal(formatSdkDate(new Date('2006-01-02T15:04:05.999Z')), '20060102T150405Z');
});

test('round trip: our signer produces what the verifier accepts (GET, POST, body-less PUT)', () => {
  const get = signed('GET', `http://127.0.0.1:8080/v2.0/vpc/peerings?vpc_id=${PROJECT}&name=peering%20a*b&limit=10`);
  assert.match(get.headers.authorization!,
    /^SDK-HMAC-SHA256 Access=ISTHMUSAKAAAAAAAAAAA, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/);
  assert.equal(get.headers['x-sdk-date'], '20261126T122829Z');
  assert.deepEqual(verify(get), {
    ok: true, accessKey: AK, signedHeaders: ['content-type', 'host', 'x-project-id', 'x-sdk-date'],
    projectIdSigned: true, form: 'access', unsignedPayload: false,
  });

  const post = signed('POST', 'http://peering.example:443/v2.0/vpc/peerings', { body: '{"peering":{"name":"pé"}}' });
  assert.equal(verify(post).ok, true);
  const put = signed('PUT', 'https://peering.example/v2.0/vpc/peerings/5b6f/accept');
  assert.equal(put.headers.host, 'peering.example');
  assert.equal(verify(put).ok, true);
  // The absolute request-target form is accepted too.
  assert.equal(verify({ ...put, rawUrl: 'https://peering.example/v2.0/vpc/peerings/5b6f/accept' }).ok, true);
  // A bare endpoint: the SDK signs "/" for an empty path.
  assert.equal(verify(signed('GET', 'http://127.0.0.1:8080')).ok, true);
  // Without X-Project-Id the request verifies, but the caller learns the project is not signed.
  const noProject = signRequest({ method: 'GET', url: 'http://h/v1/x/vpcs', headers: { 'Content-Type': 'application/json' }, accessKey: AK, secretKey: SK, now: NOW });
  const r = verify({ method: 'GET', rawUrl: '/v1/x/vpcs', body: Buffer.alloc(0), headers: lower({ host: 'h', 'Content-Type': 'application/json', ...noProject }) });
  assert.equal(r.ok && r.projectIdSigned, false);
  assert.equal(r.ok && r.signedHeaders.join(';'), 'content-type;host;x-sdk-date');
});

test('round trip over arbitrary path segments and query parameters', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 12 });
  fc.assert(fc.property(fc.array(text, { maxLength: 4 }), fc.array(fc.tuple(text, text), { maxLength: 5 }), fc.string({ maxLength: 40 }),
    (segments, params, body) => {
      const path = '/v2.0/' + segments.map(encodeURIComponent).join('/');
      const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
      const wire = signed('POST', `http://127.0.0.1:8080${path}${query ? '?' + query : ''}`, { body });
      const result = verify(wire);
      return result.ok || assert.fail(result.reason);
    }));
});

/** The request object the SDK builds (HcClient.buildRequest) and what axios then puts on the wire. */
function sdkWire(headers: Record<string, string>, method: string, path: string, query: Record<string, unknown>, data?: object): Wire {
  return {
    method,
    rawUrl: path + (Object.keys(query).length ? '?' + querystringStringify(query as never) : ''),
    headers: lower(headers),
    body: Buffer.from(data === undefined ? '' : JSON.stringify(data)),
  };
}

test('official SDK: AKSKSigner.sign output verifies (GET with query, POST with body)', () => {
  const credential = new BasicCredentials().withAk(AK).withSk(SK).withProjectId(PROJECT);
  const query = { limit: 10, marker: 'a0b1', name: 'peering a*b (x)', status: 'PENDING_ACCEPTANCE', vpc_id: ['b', 'a'] };
  // Shape as after BaseCredentials.processAuthRequest: endpoint = base + path, X-Project-Id added.
  const sdkHeaders = AKSKSigner.sign({
    method: 'GET', endpoint: 'http://127.0.0.1:46269/v2.0/vpc/peerings', url: '/v2.0/vpc/peerings',
    headers: { 'content-type': 'application/json', 'X-Project-Id': PROJECT }, queryParams: query,
  }, credential) as Record<string, string>;
  assert.match(sdkHeaders.Authorization!, /SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=/);
  const now = new Date(parseSdkDate(sdkHeaders['X-Sdk-Date']!)!); // the SDK reads the clock itself
  const get = verify(sdkWire(sdkHeaders, 'GET', '/v2.0/vpc/peerings', query), { now });
  assert.equal(get.ok, true, get.ok ? '' : get.reason);

  const data = { peering: { name: 'peering-a-b', request_vpc_info: { vpc_id: 'v1' }, accept_vpc_info: { vpc_id: 'v2', tenant_id: PROJECT }, description: 'A to B é' } };
  const postHeaders = AKSKSigner.sign({
    method: 'POST', endpoint: 'http://127.0.0.1:46269/v2.0/vpc/peerings', url: '/v2.0/vpc/peerings',
    headers: { 'content-type': 'application/json', 'X-Project-Id': PROJECT }, data,
  }, credential) as Record<string, string>;
  const post = sdkWire(postHeaders, 'POST', '/v2.0/vpc/peerings', {}, data);
  assert.equal(verify(post, { now }).ok, true);
  assert.equal(verify({ ...post, body: Buffer.from(JSON.stringify(data).replace('A to B', 'A to C')) }, { now }).ok, false);
});

test('official SDK: the full credential path (processAuthRequest) verifies, over arbitrary query values', async () => {
  const credential = new BasicCredentials().withAk(AK).withSk(SK).withProjectId(PROJECT);
  const sign = async (method: string, url: string, query: Record<string, unknown>, data?: object) => {
    const request = new HttpRequestBuilder().withEndpoint('http://127.0.0.1:46269').withUrl(url).withMethod(method)
      .withHeaders({ 'content-type': 'application/json' }).withQueryParams(query).withData(data).build();
    const out = await credential.processAuthRequest(undefined as never, request);
    const wire = sdkWire(out.headers, method, out.url!, query, data);
    return verify(wire, { now: new Date(parseSdkDate(wire.headers['x-sdk-date']!)!) });
  };
  const put = await sign('PUT', '/v1/{project_id}/vpcs/5b6f', {}, { vpc: { name: 'v' } });
  assert.equal(put.ok && put.projectIdSigned, true);

  const value = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 3 }));
  await fc.assert(fc.asyncProperty(fc.dictionary(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), value, { maxKeys: 5 }), async (query) => {
    const result = await sign('GET', '/v2.0/vpc/peerings', query);
    return result.ok || assert.fail(`${result.reason} for ${JSON.stringify(query)}`);
  }), { numRuns: 60 });
});

test('derived-key variant (gophertelekomcloud): round trip, and X-Project-Id is reported unsigned', () => {
  const base = { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': 'golangsdk  terraform' };
  const go = (method: string, url: string, body: string | undefined, now = NOW): Wire => {
    const u = new URL(url);
    const h = goSign(method, url, base, body, AK, SK, now);
    return { method, rawUrl: u.pathname + u.search, headers: lower({ ...h, 'X-Project-Id': PROJECT }), body: Buffer.from(body ?? '') };
  };
  // Go's client encodes a space in the query as `+`, and signs it as %20.
  const list = go('GET', 'http://127.0.0.1:8080/v2.0/vpc/peerings?name=peering+a+b&limit=10&id=x&id=w', undefined);
  assert.match(list.headers.authorization!, /^SDK-HMAC-SHA256 Credential=ISTHMUSAKAAAAAAAAAAA\/20261126\/\/\/sdk_request, SignedHeaders=accept;content-type;host;user-agent;x-sdk-date, /);
  const result = verify(list);
  assert.deepEqual(result, {
    ok: true, accessKey: AK, signedHeaders: ['accept', 'content-type', 'host', 'user-agent', 'x-sdk-date'],
    projectIdSigned: false, form: 'credential', unsignedPayload: false,
  });
  const post = go('POST', 'http://127.0.0.1:8080/v2.0/vpc/routes', '{"route":{"type":"peering"}}');
  assert.equal(verify(post).ok, true);
  assert.equal(verify({ ...post, body: Buffer.from('{"route":{"type":"peerinG"}}') }).ok, false);
  // POST with a nil body: Go hashes the query and signs an empty canonical query.
  const action = go('POST', 'http://127.0.0.1:8080/v1/p/routetables/r/action?b=2+3&a=1', undefined);
  assert.equal(verify(action).ok, true);
  assert.equal(verify({ ...action, rawUrl: '/v1/p/routetables/r/action?b=2+4&a=1' }).ok, false);
  assert.equal(verify({ ...list, rawUrl: list.rawUrl.replace('limit=10', 'limit=11') }).ok, false);
  // Go signs the decoded path and sends it escaped: the server's decode-then-encode meets it.
  assert.equal(verify(go('PUT', 'http://127.0.0.1:8080/v2.0/vpc/peerings/peering%20%C3%A9*', '{}')).ok, true);
  // The credential scope date must be the X-Sdk-Date's date.
  const auth = list.headers.authorization!.replace('/20261126/', '/20261125/');
  const mismatch = verify({ ...list, headers: { ...list.headers, authorization: auth } });
  assert.equal(mismatch.ok, false);
  assert.match(!mismatch.ok ? mismatch.reason : '', /Credential date 20261125 does not match/);
});

test('tampering and policy violations are rejected, never thrown', () => {
  const getUrl = `http://127.0.0.1:8080/v2.0/vpc/peerings?limit=10&vpc_id=${PROJECT}`;
  const get = signed('GET', getUrl);
  const body = '{"peering":{"name":"peering-a-b","request_vpc_info":{"vpc_id":"v1"},"accept_vpc_info":{"vpc_id":"v2"}}}';
  const post = signed('POST', 'http://127.0.0.1:8080/v2.0/vpc/peerings', { body });
  const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
  const without = (wire: Wire, name: string): Wire => ({ ...wire, headers: Object.fromEntries(Object.entries(wire.headers).filter(([k]) => k !== name)) });
  const withHeader = (wire: Wire, name: string, value: string): Wire => ({ ...wire, headers: { ...wire.headers, [name]: value } });

  // A correctly computed signature over headers that leave x-sdk-date out: must fail on policy, not on the HMAC.
  const dateUnsigned = (() => {
    const headers = { host: '127.0.0.1:8080', 'content-type': 'application/json', 'x-sdk-date': formatSdkDate(NOW) };
    const cr = canonicalRequest({ method: 'GET', rawPath: '/v2.0/vpc/peerings', rawQuery: '', headers, signedHeaders: ['content-type', 'host'], payloadHash: sha256Hex('') });
    const sig = hmacHex(SK, stringToSign(headers['x-sdk-date'], sha256Hex(cr)));
    return { method: 'GET', rawUrl: '/v2.0/vpc/peerings', body: Buffer.alloc(0), headers: { ...headers, authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host, Signature=${sig}` } };
  })();

  const cases: [string, Wire, Partial<VerifySignatureInput>, RegExp][] = [
    ['body changed by one byte', { ...post, body: Buffer.from(body.replace('a-b', 'a-c')) }, {}, /canonicalRequest:POST\|/],
    ['path changed', { ...get, rawUrl: get.rawUrl.replace('/peerings', '/routes') }, {}, /canonicalRequest:GET\|\/v2.0\/vpc\/routes\/\|/],
    ['query value changed', { ...get, rawUrl: get.rawUrl.replace('limit=10', 'limit=11') }, {}, /\|limit=11&/],
    ['query parameter added', { ...get, rawUrl: get.rawUrl + '&marker=x' }, {}, /marker=x/],
    ['signed x-project-id changed', withHeader(get, 'x-project-id', '9'.repeat(32)), {}, /x-project-id:9{32}\|/],
    ['method changed', { ...post, method: 'PUT' }, {}, /canonicalRequest:PUT\|/],
    ['host changed', withHeader(get, 'host', 'evil.example'), {}, /host:evil.example/],
    ['wrong SK', get, { lookupSecret: () => 'not-the-secret' }, /verify aksk signature fail, canonicalRequest:/],
    ['unknown AK', signed('GET', getUrl, { ak: 'UNKNOWNAK' }), {}, /^Get secretKey failed,ak:UNKNOWNAK,err:ak not exist$/],
    ['date 16 minutes old', signed('GET', getUrl, { now: minutes(-16) }), {}, /more than 15 minutes before the server time/],
    ['date 16 minutes in the future', signed('GET', getUrl, { now: minutes(16) }), {}, /more than 15 minutes after the server time/],
    ['X-Sdk-Date missing', without(get, 'x-sdk-date'), {}, /X-Sdk-Date header not found/],
    ['X-Sdk-Date malformed', withHeader(get, 'x-sdk-date', '2026-11-26T12:28:29Z'), {}, /not in the format YYYYMMDDTHHMMSSZ/],
    ['x-sdk-date not in SignedHeaders', dateUnsigned, {}, /x-sdk-date must be in SignedHeaders/],
    ['a signed header is missing', without(get, 'x-project-id'), {}, /signed header "x-project-id" not found/],
    ['Authorization missing', without(get, 'authorization'), {}, /Authorization header not found/],
    ['unsigned X-Sdk-Content-Sha256 cannot vouch for a swapped body',
      withHeader({ ...post, body: Buffer.from('{}') }, 'x-sdk-content-sha256', sha256Hex(body)), {}, /canonicalRequest:/],
  ];
  for (const [name, wire, extra, reason] of cases) {
    const result = verify(wire, extra);
    assert.equal(result.ok, false, name);
    assert.match(result.ok ? '' : result.reason, reason, name);
  }
  // The boundary itself is accepted in both directions.
  assert.equal(verify(signed('GET', getUrl, { now: minutes(-15) })).ok, true);
  assert.equal(verify(signed('GET', getUrl, { now: minutes(15) })).ok, true);
  assert.equal(verify(get, { maxSkewMs: 0 }).ok, true);
  assert.equal(verify(get, { now: new Date(NOW.getTime() + 1000), maxSkewMs: 0 }).ok, false);
});

test('a mismatch reports the server canonical request, newline-free in the reason', () => {
  const get = signed('GET', 'http://127.0.0.1:8080/v2.0/vpc/peerings?limit=10');
  const result = verify(get, { lookupSecret: () => 'wrong' });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.canonicalRequest, [
    'GET', '/v2.0/vpc/peerings/', 'limit=10', 'content-type:application/json', 'host:127.0.0.1:8080',
    `x-project-id:${PROJECT}`, 'x-sdk-date:20261126T122829Z', '', 'content-type;host;x-project-id;x-sdk-date', sha256Hex(''),
  ].join('\n'));
  assert.equal(result.reason, `verify aksk signature fail, canonicalRequest:${result.canonicalRequest!.replace(/\n/g, '|')}`);
  assert.doesNotMatch(result.reason, /\n/);
});

test('X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD and explicit hashes, only when signed', () => {
  const url = 'http://127.0.0.1:8080/v1/p/files';
  const unsigned = signed('POST', url, { body: 'binary', headers: { 'Content-Type': 'application/octet-stream', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } });
  assert.match(unsigned.headers.authorization!, /SignedHeaders=content-type;host;x-project-id;x-sdk-content-sha256;x-sdk-date,/);
  const r = verify({ ...unsigned, body: Buffer.from('anything') });
  assert.equal(r.ok && r.unsignedPayload, true);

  const explicit = signed('POST', url, { body: 'data', headers: { 'X-Sdk-Content-Sha256': sha256Hex('data') } });
  assert.equal(verify(explicit).ok, true);
  const swapped = verify({ ...explicit, body: Buffer.from('DATA') });
  assert.match(swapped.ok ? '' : swapped.reason, /X-Sdk-Content-Sha256 does not match the request body/);
  const junk = signed('POST', url, { body: 'data', headers: { 'X-Sdk-Content-Sha256': 'nope' } });
  assert.match((r => r.ok ? '' : r.reason)(verify(junk)), /must be a hex SHA-256 or UNSIGNED-PAYLOAD/);
});

test('malformed Authorization headers are rejected with a reason, never thrown', () => {
  const sig = 'a'.repeat(64);
  const shapes: [string | undefined, RegExp][] = [
    [undefined, /not found/],
    ['', /not found/],
    ['   ', /not found/],
    ['SDK-HMAC-SHA256', /missing Access, SignedHeaders and Signature/],
    ['SDK-HMAC-SHA256 ', /not found|missing/],
    [`AWS4-HMAC-SHA256 Credential=AK/20261126/eu/vpc/aws4_request, SignedHeaders=host, Signature=${sig}`, /unsupported signing algorithm "AWS4-HMAC-SHA256"/],
    [`V11-HMAC-SHA256 Access=${AK}, SignedHeaders=x-sdk-date, Signature=${sig}`, /unsupported signing algorithm/],
    [`sdk-hmac-sha256 Access=${AK}, SignedHeaders=x-sdk-date, Signature=${sig}`, /unsupported signing algorithm/],
    [`Bearer abc`, /unsupported signing algorithm "Bearer"/],
    [`SDK-HMAC-SHA256 SignedHeaders=x-sdk-date, Signature=${sig}`, /exactly one of Access or Credential/],
    [`SDK-HMAC-SHA256 Access=${AK}, Signature=${sig}`, /missing SignedHeaders/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=x-sdk-date`, /missing Signature/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=x-sdk-date, Signature=xyz`, /64 hex digits/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=x-sdk-date, Signature=${sig}00`, /64 hex digits/],
    [`SDK-HMAC-SHA256 Access=, SignedHeaders=x-sdk-date, Signature=${sig}`, /bad Access/],
    [`SDK-HMAC-SHA256 Access=${AK}, Access=${AK}, SignedHeaders=x-sdk-date, Signature=${sig}`, /duplicate Access/],
    [`SDK-HMAC-SHA256 Access=${AK}, Credential=${AK}/20261126///sdk_request, SignedHeaders=x-sdk-date, Signature=${sig}`, /exactly one/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=, Signature=${sig}`, /bad SignedHeaders entry ""/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;;x-sdk-date, Signature=${sig}`, /bad SignedHeaders entry/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;host, Signature=${sig}`, /duplicate name in SignedHeaders/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=x sdk date, Signature=${sig}`, /bad SignedHeaders entry/],
    [`SDK-HMAC-SHA256 Access=${AK} SignedHeaders=x-sdk-date Signature=${sig}`, /missing SignedHeaders/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=x-sdk-date, Signature=${sig}, Extra=1`, /unexpected part "Extra=1"/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=x-sdk-date, Signature=${sig},`, /unexpected part ""/],
    [`SDK-HMAC-SHA256 Credential=${AK}/2026112/eu//sdk_request, SignedHeaders=x-sdk-date, Signature=${sig}`, /YYYYMMDD/],
    [`SDK-HMAC-SHA256 Credential=${AK}/20261126/eu/vpc, SignedHeaders=x-sdk-date, Signature=${sig}`, /AK\/YYYYMMDD/],
    [`SDK-HMAC-SHA256 Credential=${AK}/20261126/eu/vpc/aws4_request, SignedHeaders=x-sdk-date, Signature=${sig}`, /AK\/YYYYMMDD/],
    [`SDK-HMAC-SHA256 Credential=/20261126///sdk_request, SignedHeaders=x-sdk-date, Signature=${sig}`, /bad access key/],
  ];
  const get = signed('GET', 'http://127.0.0.1:8080/v2.0/vpc/peerings');
  for (const [header, reason] of shapes) {
    const parsed = parseAuthorization(header);
    assert.equal(parsed.ok, false, String(header));
    assert.match(parsed.ok ? '' : parsed.reason, reason, String(header));
    const headers = { ...get.headers };
    if (header === undefined) delete headers.authorization;
    else headers.authorization = header;
    const verified = verify({ ...get, headers });
    assert.equal(verified.ok, false, String(header));
  }
  // Well-formed variants: parts in any order, extra blanks, upper-case hex and header names.
  const ok = parseAuthorization(`SDK-HMAC-SHA256   Signature=${sig.toUpperCase()},SignedHeaders=Host;X-Sdk-Date ,  Access=${AK}`);
  assert.deepEqual(ok, { ok: true, authorization: { form: 'access', accessKey: AK, signedHeaders: ['host', 'x-sdk-date'], signature: sig } });
});

test('no input makes the parser or the verifier throw', () => {
  const anything = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('%', '%%', '%E9', '%C3', '\uD800', '/a/%zz', '?&=&', '=', '+'));
  fc.assert(fc.property(anything, anything, anything, anything, (auth, url, date, project) => {
    parseAuthorization(auth);
    canonicalUri(url);
    canonicalQuery(url);
    canonicalQuery(url, 'gopher');
    const result = verifySignature({
      method: 'GET', rawUrl: url, body: Buffer.from(project), lookupSecret, now: NOW,
      headers: { authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-project-id;x-sdk-date, Signature=${'0'.repeat(64)}`, 'x-sdk-date': date, host: auth, 'x-project-id': project },
    });
    return result.ok === false;
  }));
  // A plausible date so the verifier reaches canonicalisation and the HMAC.
  fc.assert(fc.property(anything, anything, (url, value) => {
    const result = verifySignature({
      method: 'POST', rawUrl: url, body: Buffer.from(value), lookupSecret, now: NOW,
      headers: { authorization: `SDK-HMAC-SHA256 Credential=${AK}/20261126///sdk_request, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}`, 'x-sdk-date': formatSdkDate(NOW), host: value },
    });
    return result.ok === false && result.canonicalRequest !== undefined;
  }));
});
