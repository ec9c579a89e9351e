import { Errors } from '../domain/errors.js';
import type { Eip } from '../domain/entities.js';
import { newId } from '../domain/ids.js';
import { checkName } from '../domain/rules.js';
import { EipStatus } from '../domain/statuses.js';
import { formatIpv4, lastAddress, parseCidr, parseIpv4 } from '../net/index.js';
import type { PageRequest } from '../store/repos/page.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, type Caller, type ServiceDeps } from './context.js';
import { ownPort } from './ports.js';

export interface EipCreate {
  type: string;
  ipVersion?: number;
  alias?: string;
  bandwidth: { shareType: string; name?: string; size?: number; id?: string; chargeMode?: string };
}

const EIP_TYPES = ['5_bgp', '5_mailbgp', '5_gray', '5_dualStack'];

export async function ownEip(tx: StoreTx, caller: Caller, id: string): Promise<Eip> {
  const eip = await tx.eips.get(id);
  if (!eip || eip.projectId !== caller.projectId) throw Errors.eipNotFound(id);
  return eip;
}

/**
 * EIPs come from a configured pool (default 198.51.100.0/24, a documentation range, so no
 * real address is ever used). Bound to a port, an EIP is the port's only way to the Internet.
 */
export class EipService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(caller: Caller, input: EipCreate): Promise<Eip> {
    if (!EIP_TYPES.includes(input.type)) throw Errors.eipInvalid(`type must be one of ${EIP_TYPES.join(', ')}`);
    if (input.ipVersion !== undefined && input.ipVersion !== 4) throw Errors.eipInvalid('only ip_version 4 is supported');
    if (input.alias !== undefined) {
      const problem = checkName(input.alias, { required: true });
      if (problem) throw Errors.eipInvalid(`alias: ${problem}`);
    }
    const bw = input.bandwidth;
    if (bw.shareType === 'WHOLE') throw Errors.eipInvalid('shared bandwidths (share_type WHOLE) are not supported; use PER');
    if (bw.shareType !== 'PER') throw Errors.eipInvalid('bandwidth share_type must be PER or WHOLE');
    if (!bw.name || bw.name.length > 64) throw Errors.eipInvalid('bandwidth name is required for PER and must be 1 to 64 characters');
    if (bw.size === undefined || !Number.isInteger(bw.size) || bw.size < 1 || bw.size > 1000) {
      throw Errors.eipInvalid('bandwidth size is required for PER and must be 1 to 1000 (Mbit/s)');
    }
    const pool = parseCidr(this.deps.config.eipPool)!;
    return this.deps.store.audited(caller).write(async (tx) => {
      await tx.lockProjects(caller.projectId);
      // The pool is shared by every project: one allocation at a time across servers.
      await tx.lockNamed('isthmus:eip-pool');
      await this.deps.quotas.ensureRoom(tx, caller.projectId, 'publicIp', () => tx.eips.countInProject(caller.projectId), Errors.eipQuota);
      const used = new Set((await tx.eips.usedAddresses()).map((a) => parseIpv4(a)));
      let address: number | undefined;
      // Skip the network address, the first host (the island's Internet gateway) and broadcast.
      for (let a = pool.network + 2; a < lastAddress(pool); a++) if (!used.has(a)) { address = a; break; }
      if (address === undefined) throw Errors.eipPoolExhausted();
      const eip: Eip = {
        id: newId(), projectId: caller.projectId, publicIpAddress: formatIpv4(address), type: input.type,
        alias: input.alias ?? '', bandwidthName: bw.name!, bandwidthSize: bw.size!, bandwidthShareType: 'PER',
        portId: null, status: EipStatus.Down, createdAt: nowIso(this.deps),
      };
      await tx.eips.insert(eip);
      return eip;
    });
  }

  show(caller: Caller, id: string): Promise<Eip> {
    return ownEip(this.deps.store.read, caller, id);
  }

  list(caller: Caller, page: PageRequest) {
    return this.deps.store.read.eips.list(caller.projectId, page);
  }

  /** As Huawei documents: a `port_id` binds; an absent or empty one unbinds. */
  async update(caller: Caller, id: string, input: { portId?: string; alias?: string }): Promise<Eip> {
    if (input.alias !== undefined) {
      const problem = checkName(input.alias, { required: false });
      if (problem) throw Errors.eipInvalid(`alias: ${problem}`);
    }
    return this.deps.store.audited(caller).write(async (tx) => {
      const eip = await ownEip(tx, caller, id);
      let portId: string | null = null;
      if (input.portId !== undefined && input.portId !== '') {
        const port = await ownPort(tx, caller, input.portId);
        if (eip.portId !== null && eip.portId !== port.id) throw Errors.eipAlreadyBound();
        const other = await tx.eips.byPort(port.id);
        if (other && other.id !== eip.id) throw Errors.portHasEip();
        portId = port.id;
      }
      const updated: Eip = {
        ...eip, alias: input.alias ?? eip.alias, portId, status: portId ? EipStatus.Active : EipStatus.Down,
      };
      await tx.eips.update(updated);
      return updated;
    });
  }

  async delete(caller: Caller, id: string): Promise<void> {
    await this.deps.store.audited(caller).write(async (tx) => {
      const eip = await ownEip(tx, caller, id);
      if (eip.portId !== null) throw Errors.eipBound();
      await tx.eips.delete(id);
    });
  }
}
