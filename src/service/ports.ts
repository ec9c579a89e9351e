import { randomBytes } from 'node:crypto';
import { Errors } from '../domain/errors.js';
import type { Port } from '../domain/entities.js';
import { newId } from '../domain/ids.js';
import { reservedAddresses } from '../domain/rules.js';
import { EipStatus, PortStatus } from '../domain/statuses.js';
import { containsIp, formatIpv4, lastAddress, parseCidr, parseIpv4 } from '../net/index.js';
import type { PortFilter } from '../store/repos/ports.js';
import type { PageRequest } from '../store/repos/page.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, type Caller, type ServiceDeps } from './context.js';
import { ownSubnet } from './subnets.js';

export interface PortCreate {
  name?: string;
  networkId: string;
  fixedIps?: Array<{ ip_address?: string; subnet_id?: string }>;
  deviceOwner?: string;
  deviceId?: string;
  adminStateUp?: boolean;
}

export async function ownPort(tx: StoreTx, caller: Caller, id: string): Promise<Port> {
  const port = await tx.ports.get(id);
  if (!port || port.projectId !== caller.projectId) throw Errors.portNotFound(id);
  return port;
}

/** OpenStack's MAC prefix, as Huawei ports carry. */
function newMac(): string {
  const b = randomBytes(3);
  return `fa:16:3e:${[...b].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

/**
 * A port; with a device owner it is an instance (CONTRACTS.md, Instances). Its fixed IP
 * comes from its subnet: the one asked for if free and not reserved, else the lowest free.
 */
export class PortService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(caller: Caller, input: PortCreate): Promise<Port> {
    if ((input.name?.length ?? 0) > 255) throw Errors.portInvalid('name must be at most 255 characters');
    if ((input.fixedIps?.length ?? 0) > 1) throw Errors.portInvalid('at most one fixed IP per port');
    const wanted = input.fixedIps?.[0];
    if (wanted?.subnet_id !== undefined && wanted.subnet_id !== input.networkId) {
      throw Errors.portInvalid('fixed_ips subnet_id must be the port network_id (the subnet)');
    }
    const now = nowIso(this.deps);
    return this.deps.store.audited(caller).write(async (tx) => {
      await tx.lockProjects(caller.projectId); // serialised with subnet deletion (no orphan port)
      const subnet = await ownSubnet(tx, caller, input.networkId);
      const block = parseCidr(subnet.cidr)!;
      const reserved = reservedAddresses(block);
      reserved.add(parseIpv4(subnet.gatewayIp)!);
      const used = new Set((await tx.ports.ipsInSubnet(subnet.id)).map((ip) => parseIpv4(ip)!));
      let ip: number | undefined;
      if (wanted?.ip_address !== undefined) {
        const asked = parseIpv4(wanted.ip_address);
        if (asked === null) throw Errors.portInvalid(`${JSON.stringify(wanted.ip_address)} is not an IPv4 address`);
        if (!containsIp(block, asked)) throw Errors.portInvalid(`${wanted.ip_address} is not in the subnet ${subnet.cidr}`);
        if (reserved.has(asked)) throw Errors.portInvalid(`${wanted.ip_address} is a reserved address of the subnet`);
        if (used.has(asked)) throw Errors.ipInUse(wanted.ip_address);
        ip = asked;
      } else {
        for (let a = block.network; a <= lastAddress(block); a++) {
          if (!reserved.has(a) && !used.has(a)) { ip = a; break; }
        }
        if (ip === undefined) throw Errors.subnetFull();
      }
      const port: Port = {
        id: newId(), projectId: caller.projectId, vpcId: subnet.vpcId, subnetId: subnet.id, name: input.name ?? '',
        deviceOwner: input.deviceOwner ?? '', deviceId: input.deviceId ?? '', macAddress: newMac(), ipAddress: formatIpv4(ip),
        status: (input.deviceOwner ?? '') !== '' ? PortStatus.Active : PortStatus.Down,
        adminStateUp: input.adminStateUp ?? true, createdAt: now, updatedAt: now,
      };
      try {
        await tx.ports.insert(port);
      } catch (err) {
        if (tx.isUniqueViolation(err)) throw Errors.ipInUse(port.ipAddress);
        throw err;
      }
      return port;
    });
  }

  show(caller: Caller, id: string): Promise<Port> {
    return ownPort(this.deps.store.read, caller, id);
  }

  list(caller: Caller, filter: PortFilter, page: PageRequest) {
    return this.deps.store.read.ports.list(caller.projectId, filter, page);
  }

  async update(caller: Caller, id: string, input: { name?: string }): Promise<Port> {
    if ((input.name?.length ?? 0) > 255) throw Errors.portInvalid('name must be at most 255 characters');
    return this.deps.store.audited(caller).write(async (tx) => {
      const port = await ownPort(tx, caller, id);
      const updated: Port = { ...port, name: input.name ?? port.name, updatedAt: nowIso(this.deps) };
      await tx.ports.update(updated);
      return updated;
    });
  }

  /** Deleting a port releases the binding of its EIP (the EIP itself stays, DOWN). */
  async delete(caller: Caller, id: string): Promise<void> {
    await this.deps.store.audited(caller).write(async (tx) => {
      await ownPort(tx, caller, id);
      const eip = await tx.eips.byPort(id);
      if (eip) await tx.eips.update({ ...eip, portId: null, status: EipStatus.Down });
      if (!(await tx.ports.delete(id))) throw Errors.portNotFound(id);
    });
  }
}
