/**
 * Bounded load: autocannon on loopback against the real `bin/isthmus serve` (a child
 * process), for at least 60 s, with a realistic mix per connection: list VPCs, list
 * peerings, show a VPC, create a VPC, request a cross-account peering, accept it (the
 * other account), show it, delete it, delete the VPC. Every request is signed.
 * Asserts: no errors, no timeouts, no non-2xx; the server's RSS (sampled every second)
 * does not grow without bound (mean of the last third ≤ mean of the first third plus a
 * generous margin). Prints p50/p99 latency, throughput and memory (not asserted).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import autocannon from 'autocannon';
import { signRequest } from '../../src/api/huawei/auth/signer.js';
import { cli, ensureBuilt, freePort, kill9, rssOf, serve } from '../support/server-process.js';

const SECONDS = Number(process.env.ISTHMUS_LOAD_SECONDS ?? 60);
const CONNECTIONS = 8;
let dataDir: string;
let proc: ChildProcess | undefined;

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'isthmus-load-'));
  ensureBuilt();
});
after(async () => {
  if (proc) await kill9(proc);
  rmSync(dataDir, { recursive: true, force: true });
});

interface Account { project_id: string; access_key: string; secret_key: string }

test(`load: ${SECONDS} s of a realistic mix over ${CONNECTIONS} connections`, { timeout: (SECONDS + 120) * 1000 }, async () => {
  const alice: Account = JSON.parse(cli(['account', 'create', 'alice', '--data-dir', dataDir, '--json']));
  const bob: Account = JSON.parse(cli(['account', 'create', 'bob', '--data-dir', dataDir, '--json']));
  const port = await freePort();
  proc = await serve(port, dataDir);
  const base = `http://127.0.0.1:${port}`;
  const host = `127.0.0.1:${port}`;

  const signed = (who: Account, method: string, path: string, body?: object) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json', host, 'x-project-id': who.project_id };
    Object.assign(headers, signRequest({ method, url: base + path, headers, body: payload, accessKey: who.access_key, secretKey: who.secret_key }));
    return { method, path, headers, ...(payload !== undefined ? { body: payload } : {}) };
  };
  const setup = async (who: Account, method: string, path: string, body?: object) => {
    const r = signed(who, method, path, body);
    const res = await fetch(base + path, { method, headers: r.headers, body: r.body });
    assert.ok(res.status < 300, `${method} ${path}: ${res.status}`);
    return res.json() as Promise<any>;
  };
  const fixedVpc = (await setup(alice, 'POST', `/v1/${alice.project_id}/vpcs`, { vpc: { name: 'fixed-a', cidr: '10.0.0.0/16' } })).vpc;
  const peerVpc = (await setup(bob, 'POST', `/v1/${bob.project_id}/vpcs`, { vpc: { name: 'fixed-b', cidr: '172.31.0.0/16' } })).vpc;
  for (let i = 0; i < 20; i++) await setup(alice, 'POST', `/v1/${alice.project_id}/vpcs`, { vpc: { name: `seed-${i}`, cidr: `10.${i + 1}.0.0/16` } });

  let seq = 0;
  const A = `/v1/${alice.project_id}`;
  type Ctx = { vpc?: string; peering?: string };
  const requests: autocannon.Request[] = [
    { setupRequest: (_r: any) => signed(alice, 'GET', `${A}/vpcs?limit=50`) },
    { setupRequest: (_r: any) => signed(alice, 'GET', '/v2.0/vpc/peerings?limit=50') },
    { setupRequest: (_r: any) => signed(bob, 'GET', `/v1/${bob.project_id}/vpcs/${peerVpc.id}`) },
    { setupRequest: (_r: any) => signed(alice, 'GET', `${A}/vpcs/${fixedVpc.id}`) },
    {
      setupRequest: (_r: any) => signed(alice, 'POST', `${A}/vpcs`, { vpc: { name: `load-${++seq}`, cidr: '192.168.0.0/16' } }),
      onResponse: (status: number, body: string, ctx: Ctx) => { ctx.vpc = status === 200 ? JSON.parse(body).vpc.id : undefined; },
    },
    {
      setupRequest: (_r: any, ctx: Ctx) => ctx.vpc ? signed(alice, 'POST', '/v2.0/vpc/peerings', {
        peering: { name: `load-${seq}`, request_vpc_info: { vpc_id: ctx.vpc }, accept_vpc_info: { vpc_id: peerVpc.id, tenant_id: bob.project_id } },
      }) : (null as any),
      onResponse: (status: number, body: string, ctx: Ctx) => { ctx.peering = status === 201 ? JSON.parse(body).peering.id : undefined; },
    },
    { setupRequest: (_r: any, ctx: Ctx) => ctx.peering ? signed(bob, 'PUT', `/v2.0/vpc/peerings/${ctx.peering}/accept`) : (null as any) },
    { setupRequest: (_r: any, ctx: Ctx) => ctx.peering ? signed(alice, 'GET', `/v2.0/vpc/peerings/${ctx.peering}`) : (null as any) },
    { setupRequest: (_r: any, ctx: Ctx) => ctx.peering ? signed(bob, 'DELETE', `/v2.0/vpc/peerings/${ctx.peering}`) : (null as any) },
    { setupRequest: (_r: any, ctx: Ctx) => ctx.vpc ? signed(alice, 'DELETE', `${A}/vpcs/${ctx.vpc}`) : (null as any) },
  ];

  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(rssOf(proc!.pid!)), 1000);
  let result: autocannon.Result;
  try {
    result = await autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests, timeout: 10 });
  } finally {
    clearInterval(sampler);
  }

  const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
  const third = Math.max(1, Math.floor(rss.length / 3));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(rss.slice(0, third));
  const last = mean(rss.slice(-third));
  console.log(`load: ${result.requests.total} requests in ${SECONDS} s (${result.requests.average.toFixed(0)}/s mean), `
    + `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; `
    + `non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}, resets ${result.resets}; `
    + `server RSS first third ${mib(first)} MiB, last third ${mib(last)} MiB, peak ${mib(Math.max(...rss))} MiB; `
    + `RSS every 10 s: ${rss.filter((_, i) => i % 10 === 0).map(mib).join(' ')} MiB`);

  assert.equal(result.errors, 0, 'connection errors');
  assert.equal(result.timeouts, 0, 'timeouts');
  assert.equal(result.non2xx, 0, 'non-2xx answers');
  assert.equal(result.resets, 0, 'a step failed and the chain restarted');
  assert.ok(result.requests.total > SECONDS * 10, 'the server kept answering');
  const bound = Math.max(64 * 1024 * 1024, first * 0.5);
  assert.ok(last - first <= bound, `RSS grew from ${mib(first)} to ${mib(last)} MiB (bound +${mib(bound)} MiB)`);
});
