import type { Port } from '../domain/entities.js';
import { compareCidr, containsIp, type Cidr } from '../net/index.js';
import { addressOf, blockOf, blockText } from './parse.js';
import { compileFilter } from './filters.js';
import type { RouterInputs } from './inputs.js';
import { compileNat } from './nat.js';
import { cmp } from './order.js';
import { compileRouteTables, type ParsedSubnet } from './route-tables.js';
import type { PlanPort, Router, Segment } from './types.js';

/**
 * Compiles one VPC into its router. A pure function of `RouterInputs` alone: the unit
 * of work that `recompile()` redoes or reuses.
 */
export function compileRouter(inputs: RouterInputs): Router {
  const { vpc } = inputs;
  const vpcCidr = blockOf(vpc.cidr);

  // Subnets whose text is not a CIDR cannot hold anything; skip them rather than fail.
  const subnets = inputs.subnets
    .map((s) => ({ subnet: s, block: blockOf(s.cidr), gateway: addressOf(s.gatewayIp) }))
    .filter((s): s is { subnet: typeof s.subnet; block: Cidr; gateway: number | null } => s.block !== null)
    .sort((a, b) => compareCidr(a.block, b.block) || cmp(a.subnet.id, b.subnet.id));
  const parsed: ParsedSubnet[] = subnets.map((s) => ({ id: s.subnet.id, block: s.block, routeTableId: s.subnet.routeTableId }));

  const { tables, tableOfSubnet } = compileRouteTables({
    vpcId: vpc.id, vpcCidr, subnets: parsed,
    routeTables: inputs.routeTables, routes: inputs.routes, peerings: inputs.peerings,
  });

  const portsOf = new Map<string, Array<{ port: Port; ip: number }>>();
  for (const port of inputs.ports) {
    const ip = addressOf(port.ipAddress);
    if (ip === null) continue;
    const list = portsOf.get(port.subnetId);
    if (list) list.push({ port, ip });
    else portsOf.set(port.subnetId, [{ port, ip }]);
  }

  const bound: Array<{ eip: NonNullable<ReturnType<typeof inputs.eipsByPort.get>>; portId: string; privateIp: string }> = [];
  const segments = subnets.map(({ subnet, block }): Segment => {
    // A port is realised only inside its own subnet's block.
    const ports = (portsOf.get(subnet.id) ?? [])
      .filter((p) => containsIp(block, p.ip))
      .sort((a, b) => a.ip - b.ip || cmp(a.port.id, b.port.id))
      .map(({ port }): PlanPort => {
        const eip = inputs.eipsByPort.get(port.id);
        if (eip) bound.push({ eip, portId: port.id, privateIp: port.ipAddress });
        return {
          portId: port.id, projectId: port.projectId, name: port.name, ip: port.ipAddress,
          mac: port.macAddress, deviceOwner: port.deviceOwner, deviceId: port.deviceId,
          instance: port.deviceOwner !== '',
          eip: eip ? { eipId: eip.id, publicIp: eip.publicIpAddress } : null,
        };
      });
    return {
      subnetId: subnet.id, name: subnet.name, cidr: blockText(subnet.cidr)!, gatewayIp: subnet.gatewayIp,
      routeTableId: tableOfSubnet.get(subnet.id)!, ports,
    };
  });

  const nat = compileNat(bound);
  const filter = compileFilter({
    vpcId: vpc.id,
    subnetBlocks: subnets.map((s) => s.block),
    gatewayIps: subnets.flatMap((s) => (s.gateway === null ? [] : [s.gateway])),
    eipIps: nat.map((n) => addressOf(n.publicIp)!),
    peerings: inputs.peerings,
    peerCidrs: inputs.peerCidrs,
  });

  return {
    vpcId: vpc.id, projectId: vpc.projectId, name: vpc.name,
    cidr: vpcCidr ? blockText(vpc.cidr) : null,
    segments, routeTables: tables, filter, nat,
  };
}
