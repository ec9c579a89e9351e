/**
 * The error catalogue. Services throw `ApiError`s made here; each front door serialises
 * them once, in the shape of its API family (see api/huawei/errors.ts). Codes are
 * Huawei's where Huawei documents one (huawei-api.md §2); for the v2.0 peering and
 * route APIs Huawei documents none, so they carry Neutron-style type names, which are
 * also their `error_code`. docs/errors.md lists every entry; a test keeps the two in step.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** `error_code` on the wire: a Huawei code (VPC.0003) or a Neutron type (PeeringNotFound). */
    readonly code: string,
    message: string,
    /** The NeutronError `type` used by the v2.0 family. */
    readonly neutronType: string = neutronTypeFor(status),
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function neutronTypeFor(status: number): string {
  if (status === 404) return 'NotFound';
  if (status === 409) return 'Conflict';
  if (status === 403) return 'Forbidden';
  if (status === 401) return 'NotAuthorized';
  if (status >= 500) return 'InternalServerError';
  return 'BadRequest';
}

const e = (status: number, code: string, message: string, neutronType?: string) =>
  new ApiError(status, code, message, neutronType);

/** Neutron's wording for a field that fails validation on the v2.0 APIs. */
const invalidInput = (message: string) =>
  e(400, 'InvalidInput', `Invalid input for operation: ${message}`, 'InvalidInput');

export const Errors = {
  // Gateway (authentication, routing, transport): the APIG shape.
  authFailed: (detail: string) => e(401, 'APIGW.0301', `Incorrect IAM authentication information: ${detail}`),
  accessKeyLocked: () => e(401, 'APIGW.0301', 'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden'),
  forbiddenProject: (projectId: string) =>
    e(403, 'APIGW.0302', `The IAM user is not authorized to access project ${projectId}.`),
  apiNotFound: () => e(404, 'APIGW.0101', 'API not found'),
  bodyTooLarge: () => e(413, 'APIGW.0201', 'Request entity too large'),
  badUrl: () => e(400, 'APIGW.0201', 'The request URL is not valid: a path segment is not correctly percent-encoded.'),
  uriTooLong: () => e(414, 'APIGW.0201', 'Request-URI too long: a path parameter exceeds its maximum length.'),
  unsupportedMediaType: (type: string) => e(415, 'APIGW.0201', `Unsupported content type: ${type}`),
  /** A request the gateway refuses before any operation owns it (no API family's own code applies). */
  gatewayBadRequest: (detail: string) => e(400, 'APIGW.0201', detail),
  internal: () => e(500, 'ISTHMUS.0500', 'Internal server error. The request id identifies it in the server log.'),
  storeUnavailable: () => e(503, 'ISTHMUS.0503', 'The service is temporarily unavailable: its database cannot be reached. Retry later.'),

  // Identity (POST /v3/auth/tokens).
  badCredentials: () => e(401, 'IAM.0001', 'The username or password is wrong.'),
  badAuthRequest: (detail: string) => e(400, 'IAM.0002', `Invalid authentication request: ${detail}`),
  projectNotFound: (detail: string) => e(401, 'IAM.0003', `The project does not exist or is not accessible: ${detail}`),

  // v1 common
  tenantMismatch: () => e(400, 'VPC.0007', 'Inconsistent tenant IDs: urlTenantId is not equal tokenTenantId.'),

  // VPCs
  vpcNotFound: (id: string) => e(404, 'VPC.0003', `VPC does not exist. vpcId: ${id}`),
  vpcInvalid: (detail: string) => e(400, 'VPC.0101', `Invalid VPC parameter values: ${detail}`),
  vpcIdInvalid: () => e(400, 'VPC.0101', 'getVpc error vpcId is invalid.'),
  vpcQuota: () => e(409, 'VPC.0114', "Quota exceeded for resources: ['router']."),
  vpcNameExists: (name: string) => e(400, 'VPC.0115', `The router name exists: ${name}`),
  vpcHasSubnets: () => e(409, 'VPC.0104', 'Router contains subnets, please delete subnet first.'),
  vpcHasExtensionRoutes: () =>
    e(409, 'VPC.0120', 'Extension routes exist under this router. Delete the routes first.'),
  vpcHasPeerings: () =>
    e(409, 'VPC.0120', 'VPC peering connections exist under this router. Delete the VPC peering connections first.'),
  vpcHasRouteTables: () => e(409, 'VPC.0120', 'Custom route tables exist under this router. Delete them first.'),
  vpcCidrExcludesSubnet: () => e(400, 'VPC.0117', 'VPC CIDR block cannot contain the subnet CIDR block.'),

  // Subnets
  subnetInvalid: (detail: string) => e(400, 'VPC.0201', `Subnet parameter is invalid: ${detail}`),
  subnetNotFound: (id: string) =>
    e(404, 'VPC.0202', `Query resource by id ${id} fail.the subnet could not be found.`),
  subnetOutsideVpc: () => e(400, 'VPC.0203', 'Subnet is not in the range of VPC.'),
  subnetConflict: () =>
    e(400, 'VPC.0204', 'The subnet already exists in the VPC or conflicts with an existing VPC subnet.'),
  // The route-side rule (huawei-api.md §3 rule 18) seen from the subnet: its local route
  // may not take in a route the VPC already has. Huawei documents no code for this order
  // of events; VPC.0204 is its code for a subnet CIDR conflict.
  subnetOverlapsRoute: (cidr: string, destination: string, type: string) =>
    e(400, 'VPC.0204', `The subnet CIDR ${cidr} contains the ${type} route to ${destination} in the VPC's route tables; delete the route first.`),
  subnetNotInVpc: () => e(400, 'VPC.0207', 'Subnet does not belong to the VPC.'),
  subnetCidrInvalid: (detail: string) => e(400, 'VPC.0212', `Invalid subnet CIDR block: ${detail}`),
  // Huawei answers 500 here; a client's mistake is a 4xx in Isthmus (documented deviation).
  subnetHasPorts: () => e(409, 'VPC.0208', 'The subnet has private IP addresses in use (ports). Delete them first.'),
  subnetQuota: () => e(409, 'VPC.0213', "Quota exceeded for resources: ['subnet']."),

  // Route tables (v1): Huawei's VPC.28xx family.
  routeTableInvalid: (detail: string) => e(400, 'VPC.2801', `Invalid route table parameter: ${detail}`),
  routeTableNotFound: (id: string) => e(404, 'VPC.2808', `RouteTable is not exist: ${id}`),
  routeConflict: (detail: string) => e(400, 'VPC.2809', detail),
  routeTableQuota: () => e(409, 'VPC.2811', "Quota exceeded for resources: ['vpcContainRoutetable']."),
  routeTableDefault: () => e(400, 'VPC.2812', 'The default route table cannot be deleted.'),
  routeTableInUse: () => e(409, 'VPC.2813', 'The route table is associated with subnets. Disassociate them first.'),
  routesQuota: () => e(409, 'VPC.2814', "Quota exceeded for resources: ['routetableContainRoutes']: at most 200 routes per route table."),

  // Quotas
  quotaTypeInvalid: (type: string) => e(400, 'VPC.1207', `Invalid resource type: ${type}`),
  quotaQueryInvalid: (detail: string) => e(400, 'VPC.1207', `Invalid quota query: ${detail}`),

  // VPC peering (v2.0, Neutron style)
  peeringNotFound: (id: string) => e(404, 'PeeringNotFound', `Peering ${id} could not be found.`, 'PeeringNotFound'),
  peeringBadVpc: () => invalidInput('Accept VPC id or tenant id is incorrect.'),
  peeringBadRequestVpc: () => invalidInput('Request VPC id or tenant id is incorrect.'),
  peeringInvalid: (detail: string) => invalidInput(detail),
  notUuid: (field: string, value: string) =>
    e(400, 'InvalidInput', `Invalid input for ${field}. Reason: '${value}' is not a valid UUID.`, 'InvalidInput'),
  peeringSameVpc: () => invalidInput('A VPC cannot be peered with itself.'),
  peeringOtherRegion: () => invalidInput('The peer VPC must be in the same region as the local VPC.'),
  peeringExists: (a: string, b: string) =>
    e(409, 'PeeringExists', `A VPC peering connection between VPC ${a} and VPC ${b} already exists. Delete it first.`, 'PeeringExists'),
  peeringNotPending: (action: 'accept' | 'reject', status: string) =>
    e(409, 'PeeringStateConflict',
      `Can not ${action} peering request not in PENDING_ACCEPTANCE state (current status: ${status}).`, 'PeeringStateConflict'),
  peeringNotAccepter: (action: 'accept' | 'reject') =>
    e(403, 'PeeringActionForbidden',
      `Only the owner of the accepter VPC can ${action} this VPC peering connection.`, 'PeeringActionForbidden'),
  peeringQuota: (projectId: string) =>
    e(409, 'OverQuota', `Quota exceeded for resources: ['vpcPeer'] in project ${projectId}.`, 'OverQuota'),

  // Peering routes (v2.0)
  routeNotFound: (id: string) => e(404, 'RouteNotFound', `Route ${id} could not be found.`, 'RouteNotFound'),
  routeInvalid: (detail: string) => invalidInput(detail),
  routePeeringNotActive: (id: string, status: string) =>
    e(409, 'PeeringNotActive', `Peering ${id} is ${status}; routes can use only an ACTIVE VPC peering connection.`, 'PeeringNotActive'),
  routeVpcNotInPeering: () => invalidInput('The route VPC is not one end of the VPC peering connection.'),
  routeOverlapsSubnet: (destination: string, subnet: string) =>
    e(400, 'RouteOverlapsSubnet', `Route destination ${destination} overlaps local subnet ${subnet}.`, 'InvalidInput'),
  routeDuplicate: (destination: string) =>
    e(409, 'RouteConflict', `A route with destination ${destination} already exists in the route table.`, 'Conflict'),
  routeQuota: () =>
    e(409, 'OverQuota', "Quota exceeded for resources: ['routetableContainRoutes']: at most 200 routes per route table.", 'OverQuota'),
  routeNotOwner: () =>
    e(403, 'RouteActionForbidden', 'Only the owner of a VPC can change the routes of its route table.', 'Forbidden'),

  // Ports
  portNotFound: (id: string) => e(404, 'VPC.0701', `Port ${id} could not be found.`),
  portInvalid: (detail: string) => e(400, 'VPC.0702', `Invalid port parameter: ${detail}`),
  ipInUse: (ip: string) => e(409, 'VPC.0703', `IP address ${ip} is already allocated in the subnet.`),
  subnetFull: () => e(409, 'VPC.0704', 'No more IP addresses available in the subnet.'),

  // EIPs
  eipNotFound: (id: string) => e(404, 'VPC.0504', `Floating IP ${id} could not be found.`),
  eipInvalid: (detail: string) => e(400, 'VPC.0501', `Invalid EIP parameter: ${detail}`),
  eipAlreadyBound: () => e(409, 'VPC.0510', 'The EIP is already bound to a port. Unbind it first.'),
  portHasEip: () => e(409, 'VPC.0511', 'The port already has an EIP bound.'),
  eipBound: () => e(409, 'VPC.0517', 'EIP is bound to a port. Unbind it first.'),
  eipQuota: () => e(409, 'VPC.0521', "Quota exceeded for resources: ['floatingip']."),
  eipPoolExhausted: () => e(409, 'VPC.0522', 'No EIP addresses left in the pool.'),

  // Isthmus extensions
  reachabilityInvalid: (detail: string) => e(400, 'ISTHMUS.0400', `Invalid reachability request: ${detail}`),
  eventsInvalid: (detail: string) => e(400, 'ISTHMUS.0410', `Invalid events request: ${detail}`),
} as const;
