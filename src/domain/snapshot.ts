import type { Eip, Peering, Port, Route, RouteTable, Subnet, Vpc } from './entities.js';

/**
 * A consistent read of all network intent of one region at one revision: the only input
 * of `plan/compile()`. Every committed change bumps `revision`.
 */
export interface IntentSnapshot {
  readonly revision: number;
  readonly region: string;
  readonly vpcs: readonly Vpc[];
  readonly subnets: readonly Subnet[];
  readonly routeTables: readonly RouteTable[];
  readonly routes: readonly Route[];
  readonly peerings: readonly Peering[];
  readonly ports: readonly Port[];
  readonly eips: readonly Eip[];
}
