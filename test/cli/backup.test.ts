/**
 * `isthmus backup FILE`: a consistent copy of the embedded store taken while the server
 * writes, which another server can serve as it is.
 */
import assert from 'node:assert/strict';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createServer } from '../../src/app.js';
import { parseServeOptions } from '../../src/config.js';
import { openStore } from '../../src/store/open.js';
import { CliHarness, runCli } from './helpers.js';

let h: CliHarness;
before(async () => { h = await CliHarness.start(); });
after(async () => { await h.close(); });

async function token(url: string): Promise<string> {
  const res = await fetch(`${url}/v3/auth/tokens`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: {
      identity: { methods: ['password'], password: { user: { name: h.a.user, password: h.a.password, domain: { name: h.a.account_name } } } },
      scope: { project: { id: h.a.project_id } },
    } }),
  });
  assert.equal(res.status, 201, await res.text());
  return res.headers.get('x-subject-token')!;
}

test('a backup taken while the server writes holds every write acknowledged before it, none half, and serves', async () => {
  await h.server.store.write((tx) => tx.identity.setQuota(h.a.project_id, 'vpc', -1));
  const auth = { 'X-Auth-Token': await token(h.url), 'content-type': 'application/json' };
  const create = async (i: number) => {
    const res = await fetch(`${h.url}/v1/${h.a.project_id}/vpcs`, { method: 'POST', headers: auth, body: JSON.stringify({ vpc: { name: `b-${i}`, cidr: '10.0.0.0/16' } }) });
    assert.equal(res.status, 200, await res.text());
  };
  for (let i = 0; i < 20; i++) await create(i);
  // One VPC after another while the backup runs: whatever the copy holds must be b-0..b-k.
  let writing = true;
  let created = 20;
  const writer = (async () => { while (writing) await create(created++); })();
  const out = join(h.dir, 'copy.sqlite');
  const r = await runCli(['backup', out, '--data-dir', h.dataDir, '--json']);
  writing = false;
  await writer;
  assert.equal(r.code, 0, r.stderr);
  const printed = JSON.parse(r.stdout);
  assert.equal(printed.file, out);
  assert.ok(printed.bytes > 0);
  assert.match(printed.schema, /^\d{3}-/);
  assert.equal(statSync(out).mode & 0o777, 0o600, 'the copy holds secret keys: owner only');

  const copy = await openStore({ store: `sqlite:${out}` });
  try {
    const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(copy.read.db);
    assert.deepEqual(rows, [{ integrity_check: 'ok' }]);
    const names = (await copy.read.db.selectFrom('vpcs').select('name').where('project_id', '=', h.a.project_id).execute()).map((v) => v.name);
    const held = names.map((n) => Number(n.slice(2))).sort((x, y) => x - y);
    assert.ok(held.length >= 20 && held.length <= created, `${held.length} VPCs in the copy`);
    assert.deepEqual(held, Array.from({ length: held.length }, (_, i) => i), 'a prefix of the acknowledged writes: one snapshot');
  } finally {
    await copy.close();
  }

  // Served as it is, by another server: the same accounts, tokens and VPCs.
  const config = parseServeOptions({
    listen: '127.0.0.1:0', dataDir: h.dir, store: `sqlite:${out}`, regions: 'eu-de', dataplane: 'none', dataplanePrefix: 'ist',
    peeringExpiry: '7d', quota: [], eipPool: '198.51.100.0/24',
  });
  const restored = await createServer({ config });
  try {
    await restored.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(restored.app.server.address() as { port: number }).port}`;
    const res = await fetch(`${url}/v1/${h.a.project_id}/vpcs?limit=2000`, { headers: { 'X-Auth-Token': await token(url) } });
    assert.equal(res.status, 200);
    assert.ok((await res.json()).vpcs.some((v: { name: string }) => v.name === 'b-19'));
  } finally {
    await restored.close();
  }
});

test('a backup never overwrites a file, and refuses what it cannot copy', async () => {
  const out = join(h.dir, 'once.sqlite');
  assert.equal((await runCli(['backup', out, '--data-dir', h.dataDir])).code, 0);
  const again = await runCli(['backup', out, '--data-dir', h.dataDir]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /exists: a backup never overwrites a file/);
  const pg = await runCli(['backup', join(h.dir, 'pg.sqlite'), '--store', 'postgres://127.0.0.1/isthmus']);
  assert.equal(pg.code, 1);
  assert.match(pg.stderr, /pg_dump/);
  const none = await runCli(['backup', join(h.dir, 'none.sqlite'), '--data-dir', join(h.dir, 'no-such-dir')]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no store at/);
  writeFileSync(join(h.dir, 'notes.txt'), 'not a database, though long enough to look like one at first glance\n'.repeat(20));
  const notAStore = await runCli(['backup', join(h.dir, 'bad.sqlite'), '--store', `sqlite:${join(h.dir, 'notes.txt')}`]);
  assert.equal(notAStore.code, 1);
  assert.match(notAStore.stderr, /notes\.txt: file is not a database/);
  assert.ok(!existsSync(join(h.dir, 'bad.sqlite')), 'a failed backup leaves no file behind');
});
