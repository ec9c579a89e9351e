import type { Eip, Peering, Port, Project, Route, RouteTable, Subnet, Vpc } from '../domain/entities.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { EipStatus, PeeringStatus, PortStatus, SubnetStatus, VpcStatus, type RouteType } from '../domain/statuses.js';
import { cidr, formatIpv4 } from '../net/index.js';

/**
 * Builds IntentSnapshots for tests and benchmarks, with deterministic ids (a counter
 * written as a UUID) and timestamps, so that compiled plans are reproducible and golden
 * files stay stable. It writes what the service layer would store, defaults included.
 */
export class SnapshotBuilder {
  private counter = 0;
  private readonly projects: Project[] = [];
  private readonly vpcs: Vpc[] = [];
  private readonly subnets: Subnet[] = [];
  private readonly routeTables: RouteTable[] = [];
  private readonly routes: Route[] = [];
  private readonly peerings: Peering[] = [];
  private readonly ports: Port[] = [];
  private readonly eips: Eip[] = [];
  private readonly defaults = new Map<string, RouteTable>();

  constructor(private readonly region = 'eu-de', private readonly revision = 1) {}

  /** A UUID-shaped id from a counter: `00000000-0000-4000-8000-00000000002a`. */
  nextId(): string {
    this.counter += 1;
    return `00000000-0000-4000-8000-${this.counter.toString(16).padStart(12, '0')}`;
  }

  /** Creation times advance one second per object, in creation order. */
  private stamp(): string {
    return new Date(Date.UTC(2026, 0, 1) + this.counter * 1000).toISOString();
  }

  project(name: string): Project {
    this.counter += 1;
    const project = { id: this.counter.toString(16).padStart(32, '0'), accountId: `account-${name}`, region: this.region, name };
    this.projects.push(project);
    return project;
  }

  /** A VPC with its default route table. */
  vpc(project: Project, name: string, cidrText: string): Vpc {
    const id = this.nextId();
    const at = this.stamp();
    const vpc: Vpc = {
      id, projectId: project.id, name, description: '', cidr: cidrText, status: VpcStatus.Ok,
      enterpriseProjectId: '0', createdAt: at, updatedAt: at,
    };
    this.vpcs.push(vpc);
    const table: RouteTable = {
      id: this.nextId(), projectId: project.id, vpcId: id, name: `rtb-${name}`, description: '',
      isDefault: true, createdAt: at, updatedAt: at,
    };
    this.routeTables.push(table);
    this.defaults.set(id, table);
    return vpc;
  }

  defaultTable(vpc: Vpc): RouteTable {
    return this.defaults.get(vpc.id)!;
  }

  routeTable(vpc: Vpc, name: string, associate: readonly Subnet[] = []): RouteTable {
    const at = this.stamp();
    const table: RouteTable = {
      id: this.nextId(), projectId: vpc.projectId, vpcId: vpc.id, name, description: '',
      isDefault: false, createdAt: at, updatedAt: at,
    };
    this.routeTables.push(table);
    for (const subnet of associate) {
      const index = this.subnets.indexOf(subnet);
      this.subnets[index] = { ...subnet, routeTableId: table.id };
    }
    return table;
  }

  /** A subnet of the VPC, associated with its default table; the gateway is the first host. */
  subnet(vpc: Vpc, name: string, cidrText: string): Subnet {
    const at = this.stamp();
    const subnet: Subnet = {
      id: this.nextId(), projectId: vpc.projectId, vpcId: vpc.id, name, description: '', cidr: cidrText,
      gatewayIp: formatIpv4(cidr(cidrText).network + 1), dhcpEnable: true, primaryDns: '', secondaryDns: '',
      dnsList: [], availabilityZone: '', extraDhcpOpts: [], routeTableId: this.defaultTable(vpc).id,
      status: SubnetStatus.Active, createdAt: at, updatedAt: at,
    };
    this.subnets.push(subnet);
    return subnet;
  }

  /** A port; an instance (ECS by default) unless `deviceOwner` is ''. */
  port(subnet: Subnet, name: string, ip: string, deviceOwner = 'compute:eu-de-01a'): Port {
    const at = this.stamp();
    const n = this.counter;
    const port: Port = {
      id: this.nextId(), projectId: subnet.projectId, vpcId: subnet.vpcId, subnetId: subnet.id, name,
      deviceOwner, deviceId: deviceOwner ? `device-${name}` : '',
      macAddress: `fa:16:3e:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`,
      ipAddress: ip, status: PortStatus.Active, adminStateUp: true, createdAt: at, updatedAt: at,
    };
    this.ports.push(port);
    return port;
  }

  /** An EIP, bound to `port` when given. */
  eip(publicIp: string, port: Port | null): Eip {
    const eip: Eip = {
      id: this.nextId(), projectId: port?.projectId ?? this.projects[0]?.id ?? '', publicIpAddress: publicIp,
      type: '5_bgp', alias: '', bandwidthName: 'bw', bandwidthSize: 10, bandwidthShareType: 'PER',
      portId: port?.id ?? null, status: port ? EipStatus.Active : EipStatus.Down, createdAt: this.stamp(),
    };
    this.eips.push(eip);
    return eip;
  }

  peering(name: string, request: Vpc, accept: Vpc, status: PeeringStatus = PeeringStatus.Active): Peering {
    const at = this.stamp();
    const peering: Peering = {
      id: this.nextId(), name, description: '', status,
      requestVpcId: request.id, requestProjectId: request.projectId,
      acceptVpcId: accept.id, acceptProjectId: accept.projectId,
      createdAt: at, updatedAt: at, expiresAt: status === PeeringStatus.PendingAcceptance ? at : null,
    };
    this.peerings.push(peering);
    return peering;
  }

  /** A route in the VPC's default table (or `table`): via a peering, or another next-hop type. */
  route(vpc: Vpc, destination: string, via: Peering | { type: RouteType; nexthop: string }, table?: RouteTable): Route {
    const route: Route = {
      id: this.nextId(), projectId: vpc.projectId, vpcId: vpc.id,
      routeTableId: (table ?? this.defaultTable(vpc)).id,
      type: 'type' in via ? via.type : 'peering',
      destination, nexthop: 'type' in via ? via.nexthop : via.id, description: '', createdAt: this.stamp(),
    };
    this.routes.push(route);
    return route;
  }

  snapshot(): IntentSnapshot {
    return {
      revision: this.revision, region: this.region,
      vpcs: [...this.vpcs], subnets: [...this.subnets], routeTables: [...this.routeTables], routes: [...this.routes],
      peerings: [...this.peerings], ports: [...this.ports], eips: [...this.eips],
    };
  }

  /** The projects made so far (benchmarks store them, with their accounts). */
  projectList(): Project[] {
    return [...this.projects];
  }

  /** Project names by id, for aliasing ids in golden files. */
  projectNames(): Map<string, string> {
    return new Map(this.projects.map((p) => [p.id, p.name]));
  }
}

export { PeeringStatus };
