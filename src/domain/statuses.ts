/**
 * Every status the API exposes, as named constants: services compare against these,
 * never against bare strings typed in place.
 */
export const PeeringStatus = {
  PendingAcceptance: 'PENDING_ACCEPTANCE',
  Rejected: 'REJECTED',
  Expired: 'EXPIRED',
  Deleted: 'DELETED',
  Active: 'ACTIVE',
} as const;
export type PeeringStatus = (typeof PeeringStatus)[keyof typeof PeeringStatus];
export const PEERING_STATUSES: readonly PeeringStatus[] = Object.values(PeeringStatus);

export const VpcStatus = { Creating: 'CREATING', Ok: 'OK' } as const;
export type VpcStatus = (typeof VpcStatus)[keyof typeof VpcStatus];

export const SubnetStatus = { Unknown: 'UNKNOWN', Active: 'ACTIVE', Error: 'ERROR' } as const;
export type SubnetStatus = (typeof SubnetStatus)[keyof typeof SubnetStatus];

export const PortStatus = { Active: 'ACTIVE', Down: 'DOWN', Build: 'BUILD' } as const;
export type PortStatus = (typeof PortStatus)[keyof typeof PortStatus];

/** EIP statuses used here: an EIP is DOWN while unbound and ACTIVE while bound to a port. */
export const EipStatus = { Down: 'DOWN', Active: 'ACTIVE' } as const;
export type EipStatus = (typeof EipStatus)[keyof typeof EipStatus];

/** Route types of the v1 route-table API; `local` rows are system routes, never stored. */
export const RouteType = {
  Local: 'local',
  Peering: 'peering',
  Ecs: 'ecs',
  Eni: 'eni',
  Vip: 'vip',
  Nat: 'nat',
  Vpn: 'vpn',
  Dc: 'dc',
  Er: 'er',
} as const;
export type RouteType = (typeof RouteType)[keyof typeof RouteType];
export const USER_ROUTE_TYPES: readonly RouteType[] = ['peering', 'ecs', 'eni', 'vip', 'nat', 'vpn', 'dc', 'er'];
