import { Type } from '@sinclair/typebox';
import { Errors } from '../../../domain/errors.js';
import type { Operation } from '../operation.js';
import { QUOTA_TYPES, isQuotaType } from '../../../service/quotas.js';
import type { StoreTx } from '../../../store/store.js';
import type { Caller } from '../../../service/context.js';
import { projectParam, shortString } from './common.js';

/**
 * What a project uses of each quota. Per-container quotas (routes per table, tables per
 * VPC) report the fullest container. Types Isthmus has no resources for report 0.
 */
async function usage(tx: StoreTx, caller: Caller): Promise<Map<string, number>> {
  const pid = caller.projectId;
  const vpcs = (await tx.vpcs.list(pid, {}, { limit: 100_000 })).items;
  let maxTables = 0;
  let maxRoutes = 0;
  for (const vpc of vpcs) {
    const tables = await tx.routeTables.ofVpc(vpc.id);
    maxTables = Math.max(maxTables, tables.length);
    for (const t of tables) maxRoutes = Math.max(maxRoutes, await tx.routeTables.countRoutes(t.id));
  }
  return new Map([
    ['vpc', vpcs.length],
    ['subnet', await tx.subnets.countInProject(pid)],
    ['vpcPeer', await tx.peerings.countForQuota(pid)],
    ['publicIp', await tx.eips.countInProject(pid)],
    ['vpcContainRoutetable', maxTables],
    ['routetableContainRoutes', maxRoutes],
  ]);
}

export const quotaOperations: Operation[] = [
  {
    name: 'ShowQuota', method: 'GET', path: '/v1/:project_id/quotas', family: 'v1', tag: 'Quota', status: 200,
    invalid: (detail) => Errors.quotaQueryInvalid(detail),
    summary: 'Show the project\'s quotas and how much of each is used (-1 means unlimited).',
    schema: { params: Type.Object(projectParam), querystring: Type.Object({ type: Type.Optional(shortString(64)) }) },
    handler: async ({ caller, query, services }) => {
      if (query.type !== undefined && !isQuotaType(query.type)) throw Errors.quotaTypeInvalid(query.type);
      const tx = services.deps.store.read;
      const [limits, used] = await Promise.all([services.deps.quotas.limits(tx, caller.projectId), usage(tx, caller)]);
      const types = query.type !== undefined ? [query.type as string] : QUOTA_TYPES;
      return {
        quotas: { resources: types.map((type) => ({ type, used: used.get(type) ?? 0, quota: limits.get(type)!, min: 0 })) },
      };
    },
  },
];
