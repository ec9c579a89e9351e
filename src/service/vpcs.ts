import { Errors } from '../domain/errors.js';
import type { Vpc } from '../domain/entities.js';
import { newId } from '../domain/ids.js';
import { checkDescription, checkName, checkVpcCidr } from '../domain/rules.js';
import { VpcStatus } from '../domain/statuses.js';
import { containsCidr, parseCidr } from '../net/index.js';
import type { PageRequest } from '../store/repos/page.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, type Caller, type ServiceDeps } from './context.js';

export interface VpcCreate {
  name?: string;
  description?: string;
  cidr?: string;
  enterpriseProjectId?: string;
}

export interface VpcUpdate {
  name?: string;
  description?: string;
  cidr?: string;
  routes?: unknown[];
}

/** A VPC of the caller's project, or VPC.0003: other projects' VPCs do not exist for it. */
export async function ownVpc(tx: StoreTx, caller: Caller, id: string): Promise<Vpc> {
  const vpc = await tx.vpcs.get(id);
  if (!vpc || vpc.projectId !== caller.projectId) throw Errors.vpcNotFound(id);
  return vpc;
}

function validate(input: VpcCreate | VpcUpdate, isCreate: boolean): void {
  if (input.name !== undefined) {
    const problem = checkName(input.name, { required: !isCreate });
    if (problem) throw Errors.vpcInvalid(problem);
  }
  if (input.description !== undefined) {
    const problem = checkDescription(input.description);
    if (problem) throw Errors.vpcInvalid(problem);
  }
  if (input.cidr !== undefined && (isCreate ? input.cidr !== '' : true)) {
    const problem = checkVpcCidr(input.cidr);
    if (problem) throw Errors.vpcInvalid(problem);
  }
}

export class VpcService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(caller: Caller, input: VpcCreate): Promise<Vpc> {
    validate(input, true);
    const epid = input.enterpriseProjectId ?? '0';
    if (epid !== '0' && !/^[0-9a-f-]{36}$/i.test(epid)) throw Errors.vpcInvalid('enterprise_project_id must be "0" or a UUID');
    const now = nowIso(this.deps);
    const vpc: Vpc = {
      id: newId(), projectId: caller.projectId, name: input.name ?? '', description: input.description ?? '',
      cidr: input.cidr ?? '', status: this.deps.config.realisedOnCommit ? VpcStatus.Ok : VpcStatus.Creating,
      enterpriseProjectId: epid, createdAt: now, updatedAt: now,
    };
    await this.deps.store.audited(caller).write(async (tx) => {
      await tx.lockProjects(caller.projectId);
      await this.deps.quotas.ensureRoom(tx, caller.projectId, 'vpc', () => tx.vpcs.countInProject(caller.projectId), Errors.vpcQuota);
      if (vpc.name !== '' && await tx.vpcs.nameTaken(caller.projectId, vpc.name)) throw Errors.vpcNameExists(vpc.name);
      await tx.vpcs.insert(vpc);
      // Every VPC gets its default route table (huawei-api.md §3 rule 27).
      await tx.routeTables.insert({
        id: newId(), projectId: caller.projectId, vpcId: vpc.id, name: `rtb-${vpc.name || vpc.id.slice(0, 8)}`,
        description: '', isDefault: true, createdAt: now, updatedAt: now,
      });
      return vpc; // the audit trail names the new VPC in this same transaction
    });
    return vpc;
  }

  async show(caller: Caller, id: string): Promise<Vpc> {
    return ownVpc(this.deps.store.read, caller, id);
  }

  list(caller: Caller, filter: { id?: string; enterpriseProjectId?: string }, page: PageRequest) {
    return this.deps.store.read.vpcs.list(caller.projectId, filter, page);
  }

  async update(caller: Caller, id: string, input: VpcUpdate): Promise<Vpc> {
    validate(input, false);
    if (input.routes !== undefined && input.routes.length > 0) {
      throw Errors.vpcInvalid('legacy VPC routes are not supported; add routes with the route table API (PUT /v1/{project_id}/routetables/{id})');
    }
    return this.deps.store.audited(caller).write(async (tx) => {
      const vpc = await ownVpc(tx, caller, id);
      if (input.name !== undefined && input.name !== '' && input.name !== vpc.name &&
          await tx.vpcs.nameTaken(caller.projectId, input.name, id)) {
        throw Errors.vpcNameExists(input.name);
      }
      if (input.cidr !== undefined && input.cidr !== vpc.cidr) {
        const block = parseCidr(input.cidr)!;
        const subnets = await tx.subnets.ofVpc(id);
        if (subnets.some((s) => !containsCidr(block, parseCidr(s.cidr)!))) throw Errors.vpcCidrExcludesSubnet();
      }
      const updated: Vpc = {
        ...vpc,
        name: input.name ?? vpc.name,
        description: input.description ?? vpc.description,
        cidr: input.cidr ?? vpc.cidr,
        updatedAt: nowIso(this.deps),
      };
      await tx.vpcs.update(updated);
      return updated;
    });
  }

  /** Refused while anything hangs off the VPC (huawei-api.md §3 rule 22). */
  async delete(caller: Caller, id: string): Promise<void> {
    await this.deps.store.audited(caller).write(async (tx) => {
      // Serialised with subnet, route table and peering creation in this project, which
      // lock it too: nothing can be attached to the VPC between these checks and the delete.
      await tx.lockProjects(caller.projectId);
      await ownVpc(tx, caller, id);
      if ((await tx.subnets.ofVpc(id)).length > 0) throw Errors.vpcHasSubnets();
      if (await tx.peerings.countTouchingVpc(id) > 0) throw Errors.vpcHasPeerings();
      if (await tx.routeTables.countRoutesOfVpc(id) > 0) throw Errors.vpcHasExtensionRoutes();
      const tables = await tx.routeTables.ofVpc(id);
      if (tables.some((t) => !t.isDefault)) throw Errors.vpcHasRouteTables();
      await tx.routeTables.deleteOfVpc(id);
      if (!(await tx.vpcs.delete(id))) throw Errors.vpcNotFound(id);
    });
  }
}
