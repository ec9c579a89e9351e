/**
 * examples/ci/start-isthmus.sh and stop-isthmus.sh, as a CI job runs them: a server in
 * the background, one credentials file per account, the official SDK and the CLI working
 * with those credentials, and nothing left running after a stop or a failed start.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sdkClient } from '../api/harness.js';
import { freePort } from '../support/server-process.js';
import { assertBuilt, ROOT } from './helpers.js';

const START = join(ROOT, 'examples', 'ci', 'start-isthmus.sh');
const STOP = join(ROOT, 'examples', 'ci', 'stop-isthmus.sh');

interface Run { code: number; stdout: string; stderr: string }

function run(file: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('bash', [file, ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** True when this address can be listened on: no server of ours is left on it. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** The variables an ACCOUNT.env exports, read by bash itself (so the quoting is checked too). */
function sourced(envFile: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', 'set -a; source "$1"; node -e "console.log(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith(\'ISTHMUS_\')))))"', '_', envFile],
      { env: { PATH: process.env.PATH ?? '' } }, (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout))));
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('examples/ci: start-isthmus.sh and stop-isthmus.sh', () => {
  let dir: string;
  let port: number;
  let pid: number | undefined;

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'isthmus-ci-recipe-'));
    port = await freePort();
  });

  after(() => {
    // Only if a test failed half-way: the server this suite started, by its PID.
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('starts a server with two accounts whose credentials the SDK and the CLI use', async () => {
    const started = await run(START, ['--dir', dir, '--listen', `127.0.0.1:${port}`, 'alice', 'bob']);
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, new RegExp(`serving http://127\\.0\\.0\\.1:${port}`));
    pid = Number(readFileSync(join(dir, 'server.pid'), 'utf8'));
    assert.ok(alive(pid), 'the PID in server.pid is the running server');

    for (const name of ['alice', 'bob']) {
      assert.equal(statSync(join(dir, `${name}.env`)).mode & 0o777, 0o600, `${name}.env holds a secret key: owner only`);
    }
    const alice = await sourced(join(dir, 'alice.env'));
    const bob = await sourced(join(dir, 'bob.env'));
    assert.equal(alice.ISTHMUS_ENDPOINT, `http://127.0.0.1:${port}`);
    assert.equal(alice.ISTHMUS_ACCOUNT, 'alice');
    assert.notEqual(alice.ISTHMUS_PROJECT_ID, bob.ISTHMUS_PROJECT_ID);

    // The CLI reads the exported variables as they are.
    const created = await new Promise<Run>((resolve) => execFile('bash', ['-c',
      'source "$1" && node bin/isthmus vpc create ci-vpc --cidr 10.8.0.0/16 -o json', '_', join(dir, 'alice.env')],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr })));
    assert.equal(created.code, 0, created.stderr);
    const vpcA = JSON.parse(created.stdout).vpc;

    // The official SDK, with the same values: a cross-account request waits for bob.
    const sdkA = sdkClient(alice.ISTHMUS_ENDPOINT!, alice.ISTHMUS_AK!, alice.ISTHMUS_SK!, alice.ISTHMUS_PROJECT_ID!);
    const sdkB = sdkClient(bob.ISTHMUS_ENDPOINT!, bob.ISTHMUS_AK!, bob.ISTHMUS_SK!, bob.ISTHMUS_PROJECT_ID!);
    const vpcB = (await sdkB.createVpc({ body: { vpc: { name: 'ci-vpc-b', cidr: '10.9.0.0/16' } } })).vpc;
    const peering = (await sdkA.createVpcPeering({ body: { peering: {
      name: 'ci-peering', request_vpc_info: { vpc_id: vpcA.id }, accept_vpc_info: { vpc_id: vpcB.id, tenant_id: bob.ISTHMUS_PROJECT_ID },
    } } })).peering;
    assert.equal(peering.status, 'PENDING_ACCEPTANCE');
    assert.deepEqual((await sdkB.listVpcs({})).vpcs.map((v: any) => v.name), ['ci-vpc-b']);
  });

  test('refuses a second start from the same directory while its server runs', async () => {
    const again = await run(START, ['--dir', dir, '--listen', `127.0.0.1:${await freePort()}`]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already runs/);
    assert.ok(pid !== undefined && alive(pid), 'the running server is left alone');
  });

  test('a start that fails after the server came up leaves no server and no credentials behind', async () => {
    const other = mkdtempSync(join(tmpdir(), 'isthmus-ci-recipe-'));
    const otherPort = await freePort();
    try {
      // The second account name is invalid: account create fails once the server runs.
      const failed = await run(START, ['--dir', other, '--listen', `127.0.0.1:${otherPort}`, 'carol', 'not valid']);
      assert.notEqual(failed.code, 0);
      assert.match(failed.stderr, /account name/);
      assert.ok(!existsSync(join(other, 'server.pid')));
      assert.ok(!existsSync(join(other, 'carol.env')), 'no credentials of a failed start');
      assert.ok(await isFree(otherPort), 'the server it started has exited');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  test('stops the server by its PID; the address is free again', async () => {
    const stopped = await run(STOP, ['--dir', dir]);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.ok(pid !== undefined && !alive(pid), 'the server has exited');
    assert.ok(!existsSync(join(dir, 'server.pid')));
    assert.ok(await isFree(port));
    assert.equal((await run(STOP, ['--dir', dir])).code, 1, 'a second stop says there is nothing to stop');
  });
});
