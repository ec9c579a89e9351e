import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveCommand } from './serve.js';

/** The options `serve ARGS` would start with (the server itself is not started). */
function serveOptions(args: string[]): Record<string, unknown> {
  const cmd = serveCommand().exitOverride().action(() => {});
  cmd.parse(args, { from: 'user' });
  return cmd.opts();
}

test('--quota takes several TYPE=N after one flag, and repeats (CONTRACTS: [--quota TYPE=N ...])', () => {
  assert.deepEqual(serveOptions([]).quota, []);
  assert.deepEqual(serveOptions(['--quota', 'vpc=-1']).quota, ['vpc=-1']);
  assert.deepEqual(serveOptions(['--quota', 'vpc=1', 'subnet=2', '--listen', '127.0.0.1:0']).quota, ['vpc=1', 'subnet=2']);
  assert.deepEqual(serveOptions(['--quota', 'vpc=1', '--quota', 'vpcPeer=3', 'subnet=2']).quota, ['vpc=1', 'vpcPeer=3', 'subnet=2']);
  assert.equal(serveOptions(['--quota', 'vpc=1', 'subnet=2', '--listen', '127.0.0.1:0']).listen, '127.0.0.1:0');
});

test('--audit-retention is absent unless given', () => {
  assert.equal(serveOptions([]).auditRetention, undefined);
  assert.equal(serveOptions(['--audit-retention', '90d']).auditRetention, '90d');
});
