import type { StoreTx } from '../store/store.js';

/**
 * Quota defaults: the values Huawei documents (huawei-api.md §1.6). `-1` means unlimited.
 * Effective limit = the project's own override, else the server's (`serve --quota`),
 * else this table.
 */
export const DEFAULT_QUOTAS: Readonly<Record<string, number>> = {
  vpc: 150,
  subnet: 400,
  securityGroup: 100,
  securityGroupRule: 5000,
  publicIp: 10,
  vpn: 5,
  vpcPeer: 50,
  loadbalancer: 10,
  listener: 10,
  physicalConnect: 10,
  virtualInterface: 50,
  firewall: 200,
  shareBandwidthIP: 20,
  shareBandwidth: 5,
  address_group: 50,
  flow_log: 10,
  vpcContainRoutetable: 1,
  routetableContainRoutes: 200,
};

export const QUOTA_TYPES: readonly string[] = Object.keys(DEFAULT_QUOTAS);

export function isQuotaType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(DEFAULT_QUOTAS, type);
}

export class Quotas {
  constructor(private readonly serverOverrides: ReadonlyMap<string, number> = new Map()) {}

  async limit(tx: StoreTx, projectId: string, type: string): Promise<number> {
    const own = (await tx.identity.quotaOverrides(projectId)).get(type);
    if (own !== undefined) return own;
    return this.serverOverrides.get(type) ?? DEFAULT_QUOTAS[type] ?? -1;
  }

  async limits(tx: StoreTx, projectId: string): Promise<Map<string, number>> {
    const own = await tx.identity.quotaOverrides(projectId);
    return new Map(QUOTA_TYPES.map((t) => [t, own.get(t) ?? this.serverOverrides.get(t) ?? DEFAULT_QUOTAS[t]!]));
  }

  /**
   * Throws `error` when one more of `type` would exceed the project's limit. `used` counts
   * what the project has; it is not asked when the limit is -1 (unlimited), where the
   * count would grow with the project (a benchmark's thousands of VPCs) for nothing.
   */
  async ensureRoom(tx: StoreTx, projectId: string, type: string, used: () => Promise<number>, error: () => Error): Promise<void> {
    const limit = await this.limit(tx, projectId, type);
    if (limit >= 0 && (await used()) + 1 > limit) throw error();
  }
}

/** Parses `TYPE=N` as given to `serve --quota` and `isthmus quota set`. */
export function parseQuotaSetting(text: string): { type: string; limit: number } {
  const m = /^([A-Za-z_]+)=(-1|\d+)$/.exec(text.trim());
  if (!m) throw new Error(`quota must be TYPE=N (N a whole number or -1), got ${JSON.stringify(text)}`);
  if (!isQuotaType(m[1]!)) throw new Error(`unknown quota type ${m[1]}; known: ${QUOTA_TYPES.join(', ')}`);
  return { type: m[1]!, limit: Number(m[2]) };
}

