import type { ServiceDeps } from './context.js';
import { EipService } from './eips.js';
import { NetworkService } from './network.js';
import { PeeringRouteService } from './peering-routes.js';
import { PeeringService } from './peerings.js';
import { PortService } from './ports.js';
import { RouteTableService } from './route-tables.js';
import { SubnetService } from './subnets.js';
import { TokenIssuer } from './tokens.js';
import { VpcService } from './vpcs.js';

/** Every use case, built once per server from the same dependencies. */
export interface Services {
  deps: ServiceDeps;
  vpcs: VpcService;
  subnets: SubnetService;
  routeTables: RouteTableService;
  peerings: PeeringService;
  peeringRoutes: PeeringRouteService;
  ports: PortService;
  eips: EipService;
  tokens: TokenIssuer;
  network: NetworkService;
}

export function buildServices(deps: ServiceDeps): Services {
  return {
    deps,
    vpcs: new VpcService(deps),
    subnets: new SubnetService(deps),
    routeTables: new RouteTableService(deps),
    peerings: new PeeringService(deps),
    peeringRoutes: new PeeringRouteService(deps),
    ports: new PortService(deps),
    eips: new EipService(deps),
    tokens: new TokenIssuer(deps),
    network: new NetworkService(deps),
  };
}
