import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseServeOptions, type RawServeOptions } from './config.js';

const defaults: RawServeOptions = {
  listen: '127.0.0.1:8080', dataDir: './isthmus-data', regions: 'eu-de', dataplane: 'none', dataplanePrefix: 'ist',
  peeringExpiry: '7d', quota: [], eipPool: '198.51.100.0/24',
};

test('--audit-retention: absent keeps every event; a duration is kept in ms; anything else is refused at start', () => {
  assert.equal(parseServeOptions(defaults).auditRetentionMs, null);
  assert.equal(parseServeOptions({ ...defaults, auditRetention: '90d' }).auditRetentionMs, 90 * 86_400_000);
  assert.equal(parseServeOptions({ ...defaults, auditRetention: '30m' }).auditRetentionMs, 30 * 60_000);
  for (const bad of ['0d', '0', '-1d', 'forever', '90', '1y', '']) {
    assert.throws(() => parseServeOptions({ ...defaults, auditRetention: bad }), /--audit-retention must be a duration such as 90d/, bad);
  }
});
