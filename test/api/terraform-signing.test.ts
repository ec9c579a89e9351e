import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { goSign } from '../support/go-signer.js';
import { Harness, type Party } from './harness.js';

/**
 * The OTC Terraform provider (gophertelekomcloud) signs with the derived-key form and
 * sets X-Project-Id after signing (huawei-api.md §4.3, §5 item 17). Such clients must
 * work; the unsigned header must still not reach another account's project.
 */
let h: Harness;
before(async () => { h = await Harness.start(); });
after(async () => { await h.close(); });

async function goRequest(who: Party, method: string, path: string, projectId: string, body?: object) {
  const url = `${h.url}${path}`;
  const text = body === undefined ? undefined : JSON.stringify(body);
  const signed = goSign(method, url, { 'Content-Type': 'application/json' }, text, who.ak, who.sk, h.clock.now());
  const headers = { ...signed, 'X-Project-Id': projectId };
  delete (headers as Record<string, string>).Host;
  const res = await fetch(url, { method, headers, body: text });
  return { status: res.status, json: await res.json().catch(() => undefined) as any };
}

test('a gophertelekomcloud-signed client lists peerings and creates a VPC', async () => {
  const list = await goRequest(h.a, 'GET', '/v2.0/vpc/peerings', h.a.projectId);
  assert.equal(list.status, 200, JSON.stringify(list.json));
  assert.ok(Array.isArray(list.json.peerings));
  const created = await goRequest(h.a, 'POST', `/v1/${h.a.projectId}/vpcs`, h.a.projectId, { vpc: { name: 'tf-vpc', cidr: '10.42.0.0/16' } });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  assert.equal(created.json.vpc.name, 'tf-vpc');
});

test('the unsigned X-Project-Id of that form cannot name another account\'s project', async () => {
  const res = await goRequest(h.a, 'GET', '/v2.0/vpc/peerings', h.b.projectId);
  assert.equal(res.status, 403);
  assert.equal(res.json.error_code, 'APIGW.0302');
});

test('the SDK form must still sign X-Project-Id', async () => {
  const res = await h.raw(h.a, 'GET', '/v2.0/vpc/peerings', { noProjectHeader: true, headers: {} });
  assert.equal(res.status, 401);
  // Added after signing, as gophertelekomcloud does, but with the SDK's Access= form.
  const url = `${h.url}/v2.0/vpc/peerings`;
  const { signRequest } = await import('../../src/api/huawei/auth/signer.js');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  Object.assign(headers, signRequest({ method: 'GET', url, headers, accessKey: h.a.ak, secretKey: h.a.sk, now: h.clock.now() }));
  const resp = await fetch(url, { headers: { ...headers, 'X-Project-Id': h.a.projectId } });
  assert.equal(resp.status, 401);
  assert.equal(((await resp.json()) as any).error_code, 'APIGW.0301');
});
