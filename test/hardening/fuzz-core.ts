/**
 * Property-based fuzzing of every operation (fast-check): path parameters, query strings,
 * bodies, methods and headers, hostile in every way we could think of, each request
 * correctly SIGNED so that it gets past the authentication wall into validation and the
 * services. Invariants, checked on every case:
 *
 * - never a 5xx;
 * - every 4xx carries `error_code` and `error_msg` (and every answer an X-Request-Id);
 * - a rejected request changes nothing: the intent revision is unchanged after each one,
 *   and a full dump of the store (every table but the audit trail) is compared before
 *   and after each batch of cases that were all rejected.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Operation } from '../../src/api/huawei/operation.js';
import { Harness, type Party } from '../api/harness.js';
import { ALL_OPERATIONS, dumpStore, makeFixture, type Fixture } from './kit.js';
import { sampleFor } from './samples.js';
import { signRequest } from '../../src/api/huawei/auth/signer.js';

export interface FuzzStats {
  cases: number;
  seconds: number;
  byStatus: Record<string, number>;
  batchesCompared: number;
}

const HOST = 'isthmus.test';
const ODD_METHODS = ['PATCH', 'OPTIONS', 'HEAD', 'GET', 'POST', 'PUT', 'DELETE'] as const;
const CONTENT_TYPES = [
  'application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain',
  'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/merge-patch+json',
  '', 'application/json; charset=utf-16', '*/*', 'application/octet-stream',
];

/** Strings no well-behaved client sends. */
const hostileString = (): fc.Arbitrary<string> => fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uuid(),
  fc.constantFrom(
    '', ' ', 'null', 'undefined', '0', '-1', '1e309', 'NaN', 'true', '[]', '{}', '00000000-0000-0000-0000-000000000000',
    'not-a-uuid', '../../etc/passwd', '%00', '\u0000', '\uffff', '\ud800', 'ÿ', '🦄', '<script>alert(1)</script>', "' OR 1=1 --",
    '${jndi:ldap://x}', '%zz', '%', '%E0%A4%A', '__proto__', 'constructor', 'prototype', 'toString', 'A'.repeat(64), 'A'.repeat(65), 'a'.repeat(256),
    'x'.repeat(5000), '10.0.0.0/8', '10.0.0.1/16', '10.0.0.0/33', '256.0.0.0/8', '10.0.0.0/-1', '10.0.0/24', '010.000.000.000/8',
    ' 10.0.0.0/16', '10.0.0.0/16 ', '0.0.0.0/0', '::1/128', '192.168.1.0/24\n', '1.2.3.4', '999.999.999.999',
  ),
);

/** CIDRs: valid, non-canonical (host bits set), malformed, out of range, private/public. */
const cidrArb = (): fc.Arbitrary<string> => fc.oneof(
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: -2, max: 40 }))
    .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
  fc.tuple(fc.constantFrom(10, 172, 192), fc.nat(255), fc.constantFrom(8, 12, 16, 20, 24, 28, 29, 30, 32))
    .map(([a, b, p]) => `${a}.${b}.0.0/${p}`),
  hostileString(),
);

/** Any JSON, shallow or deep, including nesting far beyond what any schema allows. */
const jsonish = (): fc.Arbitrary<unknown> => fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 3_000 }).map((depth) => nest(depth)) },
  { weight: 1, arbitrary: hostileString() },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 53, -(2 ** 63), [], {}, [null], { a: null }) },
);

function nest(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  // fast-check prints counterexamples recursively: show this one as its recipe.
  Object.defineProperty(v, fc.toStringMethod, { value: () => `nest(${depth})`, enumerable: false });
  return v;
}

/** Replaces the value at a random path of a (valid) object: wrong types, hostile strings, bad CIDRs. */
function mutateAt(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const keys = Object.keys(value as object);
  if (keys.length === 0) return replacement;
  const key = keys[path[0]! % keys.length]!;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[key] = path.length === 1 ? replacement : mutateAt(copy[key], path.slice(1), replacement);
  return copy;
}

const OVERSIZE = 'x'.repeat(1024 * 1024 + 10);
/** Nesting far deeper than any recursive walker survives, under the body limit (built once). */
const DEEP_TEXTS = [
  '['.repeat(200_000) + ']'.repeat(200_000),
  '{"vpc":'.repeat(50_000) + '1' + '}'.repeat(50_000),
  '{"peering":{"name":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}}',
];

interface FuzzCase {
  op: Operation;
  who: 'a' | 'b';
  method: string;
  params: Record<string, string | null>;
  query: string;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'text'; text: string };
  contentType: string;
  extraHeaders: Record<string, string>;
  /** Send (and sign) X-Project-Id; without it a v1 path's project is the one acted in. */
  projectHeader: boolean;
}

/** Text bodies that are not JSON, or barely. */
const brokenText = (): fc.Arbitrary<string> => fc.oneof(
  fc.constantFrom('', '{', '}', '{"a":', '{"a":1,}', "{'a':1}", 'null', '[]', '""', 'nul', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{"x":1}}}', '\ufeff{}', '{"a":"\\ud800"}', '1'.repeat(400), OVERSIZE),
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }).map((j) => j.slice(0, Math.max(1, Math.floor(j.length / 2)))),
  // Nesting far deeper than any recursive walker survives, still under the body limit.
  fc.constantFrom(...DEEP_TEXTS),
);

function caseArb(op: Operation, fx: () => Fixture, h: Harness): fc.Arbitrary<FuzzCase> {
  const paramNames = [...op.path.matchAll(/:([a-z_]+)/g)].map((m) => m[1]!);
  const fixtureIds = (): string[] => {
    const f = fx();
    return [f.vpcA.id, f.vpcB.id, f.subnetA.id, f.tableA.id, f.customTableA.id, f.portA.id, f.eipA.id, f.routeA.id, f.pending.id, f.active.id, f.privatePeering.id];
  };
  const paramArb = (name: string): fc.Arbitrary<string | null> => name === 'project_id'
    ? fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileString() })
    : fc.oneof({ weight: 3, arbitrary: fc.nat(10).map((i) => fixtureIds()[i]!) }, { weight: 2, arbitrary: hostileString() });
  const queryKeys = Object.keys((op.schema?.querystring as any)?.properties ?? {});
  const queryArb = fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    {
      weight: 3,
      arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...(queryKeys.length ? queryKeys : ['x'])), fc.string({ maxLength: 10 })),
        fc.oneof(hostileString(), fc.integer().map(String), fc.constantFrom('0', '1', '2000', '2001', '-1', '1.5', 'True', 'false'))), { maxLength: 5 })
        .map((pairs) => new URLSearchParams(pairs).toString()),
    },
    { weight: 1, arbitrary: fc.constantFrom('limit=1&limit=2', '%zz', 'a[b]=c', 'limit', '=', '&&&', 'marker=%00', `limit=${'9'.repeat(400)}`, 'x='.concat('y'.repeat(3000))) },
  );
  const sampleBody = (): unknown => sampleFor(op, fx(), h)?.body;
  const bodyArb: fc.Arbitrary<FuzzCase['body']> = fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 2, arbitrary: fc.constant(null).map(() => ({ kind: 'json' as const, value: sampleBody() ?? {} })) },
    {
      weight: 6,
      arbitrary: fc.tuple(fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }), fc.oneof(jsonish(), cidrArb(), hostileString()))
        .map(([path, replacement]) => ({ kind: 'json' as const, value: mutateAt(sampleBody() ?? {}, path, replacement) })),
    },
    { weight: 2, arbitrary: jsonish().map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: brokenText().map((text) => ({ kind: 'text' as const, text })) },
  );
  return fc.record({
    op: fc.constant(Object.defineProperty({ ...op }, fc.toStringMethod, { value: () => op.name, enumerable: false })),
    who: fc.constantFrom('a' as const, 'a' as const, 'b' as const),
    method: fc.oneof({ weight: 10, arbitrary: fc.constant(op.method as string) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS) }),
    params: fc.record(Object.fromEntries(paramNames.map((n) => [n, paramArb(n)]))) as fc.Arbitrary<Record<string, string | null>>,
    query: queryArb,
    body: bodyArb,
    contentType: fc.constantFrom(...CONTENT_TYPES),
    projectHeader: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    extraHeaders: fc.oneof(
      { weight: 8, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<Record<string, string>>(
          { 'content-encoding': 'gzip' }, { 'transfer-encoding': 'chunked' }, { accept: '*/*'.repeat(100) }, { 'x-request-id': 'spoofed' },
          { 'x-forwarded-for': '1.2.3.4' }, { 'x-long': 'v'.repeat(8000) }, { expect: '100-continue' }, { 'content-type': 'application/json, text/plain' },
        ),
      },
    ),
  });
}

const safeEncode = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
};

/** The wire request of a case, signed with the party's key over exactly the bytes sent. */
function build(c: FuzzCase, who: Party, now: Date) {
  let path = c.op.path;
  for (const [name, value] of Object.entries(c.params)) {
    path = path.replace(`:${name}`, value === null ? who.projectId : value.startsWith('%') ? value : safeEncode(value));
  }
  // Sent as the WHATWG parser normalises it, as real clients (undici, node:http) do.
  const parsed = new URL(`http://${HOST}${c.query ? `${path}?${c.query}` : path}`);
  const url = parsed.pathname + parsed.search;
  // A GET or HEAD body is not read by the server, so a signature over one cannot match:
  // such requests would only exercise the 401 path (and lock the key). Send none.
  const payload = c.body.kind === 'none' || c.method === 'GET' || c.method === 'HEAD' ? undefined
    : c.body.kind === 'text' ? c.body.text : JSON.stringify(c.body.value);
  const headers: Record<string, string> = { host: HOST, ...(c.projectHeader ? { 'x-project-id': who.projectId } : {}), ...c.extraHeaders };
  if (c.contentType !== '') headers['content-type'] = c.contentType;
  // Sign what is sent (the URL as the WHATWG parser sees it), like a real client would.
  Object.assign(headers, signRequest({ method: c.method, url: `http://${HOST}${url}`, headers, body: payload, accessKey: who.ak, secretKey: who.sk, now }));
  return { url, headers, payload };
}

export async function runFuzz(options: { seed: number; numRuns: number; log?: (line: string) => void }): Promise<FuzzStats> {
  // A /15 pool (RFC 2544's benchmarking range; no data plane here): every fixture holds an
  // EIP and fuzzed creates add more, so the default /24 ran dry after ~100,000 cases.
  const h = await Harness.start({
    quotas: { vpc: -1, subnet: -1, vpcPeer: -1, publicIp: -1, vpcContainRoutetable: -1 }, eipPool: '198.18.0.0/15',
  });
  const stats: FuzzStats = { cases: 0, seconds: 0, byStatus: {}, batchesCompared: 0 };
  try {
    const app = h.server.app;
    const store = h.server.store;
    // Durability is the crash test's subject, not this one's: no fsync per commit here.
    if (store.dialect === 'sqlite') await sql`PRAGMA synchronous = OFF`.execute(store.read.db);
    let fixture = await makeFixture(h);
    const fx = () => fixture;
    const revision = () => store.read.meta.revision();
    const arb = fc.oneof(...ALL_OPERATIONS.map((op) => caseArb(op, fx, h)));
    const BATCH = 50;
    const profile = new Map<string, number>();
    let batchBase = await dumpStore(store);
    let rev = await revision();
    let batchClean = true;
    const started = performance.now();

    await fc.assert(fc.asyncProperty(arb, async (c) => {
      const who = c.who === 'a' ? h.a : h.b;
      const { url, headers, payload } = build(c, who, h.clock.now());
      const before = rev; // nothing else writes between cases (no clock movement, no data plane)
      const t0 = performance.now();
      const res = await app.inject({ method: c.method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
      const status = res.statusCode;
      if (process.env.FUZZ_PROFILE) profile.set(c.op.name, (profile.get(c.op.name) ?? 0) + performance.now() - t0);
      stats.cases++;
      stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
      if (status === 401 && process.env.FUZZ_DEBUG) console.log('401', c.method, url.slice(0, 120), JSON.stringify(c.extraHeaders).slice(0, 80), c.contentType, res.body.slice(0, 200));
      const where = `${c.method} ${url.slice(0, 200)} (${c.op.name}) → ${status} ${res.body.slice(0, 300)}`;
      assert.ok(status < 500, `5xx: ${where}`);
      assert.ok(res.headers['x-request-id'], `no X-Request-Id: ${where}`);
      if (status >= 400) {
        if (c.method !== 'HEAD') {
          let body: any;
          try { body = JSON.parse(res.body); } catch { assert.fail(`4xx without a JSON body: ${where}`); }
          assert.equal(typeof body.error_code, 'string', `no error_code: ${where}`);
          assert.ok(body.error_code.length > 0, `empty error_code: ${where}`);
          assert.equal(typeof body.error_msg, 'string', `no error_msg: ${where}`);
          assert.ok(body.error_msg.length > 0, `empty error_msg: ${where}`);
        }
        rev = await revision();
        assert.equal(rev, before, `a rejected request committed a change: ${where}`);
      } else {
        rev = await revision();
        if (c.method !== 'GET' && c.method !== 'HEAD') batchClean = false; // a change was accepted: this batch's dump is the next base
      }
      if (stats.cases % BATCH === 0) {
        const now = await dumpStore(store);
        if (batchClean) {
          assert.equal(now, batchBase, `a batch of ${BATCH} rejected requests changed the store (last: ${where})`);
          stats.batchesCompared++;
        }
        batchBase = now;
        batchClean = true;
      }
      // Successful deletes eat the fixture: renew it now and then.
      if (stats.cases % 2000 === 0) {
        fixture = await makeFixture(h);
        batchBase = await dumpStore(store);
        rev = await revision();
      }
      if (options.log && stats.cases % 10_000 === 0) options.log(`${stats.cases} cases, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }), { seed: options.seed, numRuns: options.numRuns, endOnFailure: true, includeErrorInReport: true });
    stats.seconds = (performance.now() - started) / 1000;
    if (process.env.FUZZ_PROFILE) console.log(`inject total ${[...profile.values()].reduce((x, y) => x + y, 0).toFixed(0)} ms`);
    if (process.env.FUZZ_PROFILE) console.log([...profile].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([k, v]) => `${k} ${v.toFixed(0)}ms`).join('\n'));
    return stats;
  } finally {
    await h.close();
  }
}
