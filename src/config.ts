import { parseDuration } from './domain/clock.js';
import { parseCidr } from './net/index.js';
import { parseQuotaSetting } from './service/quotas.js';

/** `serve` options as CONTRACTS.md names them, parsed and checked once at start-up. */
export interface ServeConfig {
  host: string;
  port: number;
  dataDir: string;
  store?: string;
  regions: string[];
  dataplane: 'auto' | 'linux' | 'none';
  dataplanePrefix: string;
  dataplaneTeardown: boolean;
  peeringExpiryMs: number;
  /** How long audit events are kept; null: for ever (the default). */
  auditRetentionMs: number | null;
  quotas: Map<string, number>;
  eipPool: string;
  /** Bytes of list answers kept by store revision (api/huawei/revision-cache.ts); 0 = off. */
  revisionCacheBytes: number;
}

export interface RawServeOptions {
  listen: string;
  dataDir: string;
  store?: string;
  regions: string;
  dataplane: string;
  dataplanePrefix: string;
  dataplaneTeardown?: boolean;
  peeringExpiry: string;
  /** A duration, or absent: keep every event. */
  auditRetention?: string;
  quota: string[];
  eipPool: string;
  /** MiB, as text; absent: 32. */
  revisionCache?: string;
}

export function parseServeOptions(raw: RawServeOptions): ServeConfig {
  const m = /^(.*):(\d{1,5})$/.exec(raw.listen);
  if (!m || Number(m[2]) > 65535) throw new Error(`--listen must be HOST:PORT, got ${JSON.stringify(raw.listen)}`);
  const regions = raw.regions.split(',').map((r) => r.trim()).filter(Boolean);
  if (regions.length === 0) throw new Error('--regions must name at least one region');
  if (!['auto', 'linux', 'none'].includes(raw.dataplane)) throw new Error('--dataplane must be auto, linux or none');
  if (!/^[a-z][a-z0-9]{0,3}$/.test(raw.dataplanePrefix)) {
    throw new Error('--dataplane-prefix must be 1 to 4 lower-case letters or digits, starting with a letter (kernel names are at most 15 characters)');
  }
  const expiry = parseDuration(raw.peeringExpiry);
  if (expiry === null || expiry <= 0) throw new Error(`--peering-expiry must be a duration such as 7d, 12h or 30m, got ${JSON.stringify(raw.peeringExpiry)}`);
  const retention = raw.auditRetention === undefined ? null : parseDuration(raw.auditRetention);
  if (raw.auditRetention !== undefined && !(retention !== null && retention > 0)) {
    throw new Error(`--audit-retention must be a duration such as 90d, 12h or 30m, got ${JSON.stringify(raw.auditRetention)}`);
  }
  const pool = parseCidr(raw.eipPool);
  if (!pool || !pool.canonical || pool.prefix > 29) throw new Error('--eip-pool must be a canonical IPv4 CIDR of /29 or wider');
  const cacheMiB = Number(raw.revisionCache ?? '32');
  if (!/^\d{1,5}$/.test(raw.revisionCache ?? '32') || cacheMiB > 65536) {
    throw new Error(`--revision-cache must be a whole number of MiB from 0 to 65536, got ${JSON.stringify(raw.revisionCache)}`);
  }
  const quotas = new Map<string, number>();
  for (const q of raw.quota) {
    const { type, limit } = parseQuotaSetting(q);
    quotas.set(type, limit);
  }
  return {
    host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]), dataDir: raw.dataDir, store: raw.store, regions,
    dataplane: raw.dataplane as ServeConfig['dataplane'], dataplanePrefix: raw.dataplanePrefix,
    dataplaneTeardown: raw.dataplaneTeardown ?? false, peeringExpiryMs: expiry, auditRetentionMs: retention, quotas, eipPool: raw.eipPool,
    revisionCacheBytes: cacheMiB * 1024 * 1024,
  };
}
