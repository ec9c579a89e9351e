import type { Operation } from '../operation.js';
import { eipOperations } from './eips.js';
import { iamOperations } from './iam.js';
import { peeringOperations } from './peerings.js';
import { portOperations } from './ports.js';
import { quotaOperations } from './quotas.js';
import { routeTableOperations } from './route-tables.js';
import { routeOperations } from './routes.js';
import { subnetOperations } from './subnets.js';
import { vpcOperations } from './vpcs.js';

/** Every Huawei-compatible operation this endpoint serves. */
export const huaweiOperations: readonly Operation[] = [
  ...iamOperations,
  ...vpcOperations,
  ...subnetOperations,
  ...routeTableOperations,
  ...quotaOperations,
  ...portOperations,
  ...eipOperations,
  ...peeringOperations,
  ...routeOperations,
];
