/**
 * Applies a scenario idempotently: accounts through the store (createAccount is the only
 * way to make one), everything else through the HTTP API with each account's keys. Every
 * object is looked up by name first; only what is missing is created.
 */
import { createAccount } from '../service/accounts.js';
import type { Store } from '../store/store.js';
import { ApiClient } from './client.js';
import type { AccountSpec, PeeringSpec, Scenario, VpcRef } from './scenario.js';
import { firstHost } from './subnet.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Action = 'created' | 'exists' | 'accepted' | 'rejected' | 'bound' | 'differs' | 'skipped';

export interface ApplyResult {
  action: Action;
  kind: 'account' | 'vpc' | 'subnet' | 'instance' | 'eip' | 'peering' | 'route';
  /** Where it is in the scenario, e.g. account-A/VPC-A/subnet-A01. */
  path: string;
  id: string;
  detail?: string;
}

export interface AppliedAccount {
  name: string;
  region: string;
  accountId: string;
  projectId: string;
  accessKey: string;
  secretKey: string;
  client: ApiClient;
  /** Ids by name, filled as the scenario is applied. */
  vpcs: Map<string, string>;
  ports: Map<string, any>;
}

export interface ApplyOutcome {
  results: ApplyResult[];
  accounts: Map<string, AppliedAccount>;
  peerings: Map<string, any>;
}

export interface ApplyOptions {
  store: Store;
  endpoint: string;
  /** Called for each result as it happens (progress output). */
  report?: (r: ApplyResult) => void;
  /** How long to wait for a VPC or subnet to become usable (data plane realisation). */
  readyTimeoutMs?: number;
  now?: () => Date;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function applyScenario(scenario: Scenario, options: ApplyOptions): Promise<ApplyOutcome> {
  const results: ApplyResult[] = [];
  const note = (r: ApplyResult) => {
    results.push(r);
    options.report?.(r);
  };
  const accounts = new Map<string, AppliedAccount>();
  for (const spec of scenario.accounts) accounts.set(spec.name, await ensureAccount(spec, options, note));
  for (const spec of scenario.accounts) await ensureNetwork(spec, accounts.get(spec.name)!, options, note);
  const peerings = new Map<string, any>();
  for (const spec of scenario.peerings) peerings.set(spec.name, await ensurePeering(spec, accounts, note));
  return { results, accounts, peerings };
}

async function ensureAccount(spec: AccountSpec, o: ApplyOptions, note: (r: ApplyResult) => void): Promise<AppliedAccount> {
  const read = o.store.read.identity;
  const existing = await read.accountByName(spec.name);
  const project = existing ? (await read.projectsOfAccount(existing.id)).find((p) => p.region === spec.region) : undefined;
  const user = existing ? (await read.usersOfAccount(existing.id))[0] : undefined;
  let keys: { accountId: string; projectId: string; accessKey: string; secretKey: string };
  if (existing && project && user) {
    // Reading keeps the account's password; createAccount would issue a new one.
    keys = { accountId: existing.id, projectId: project.id, accessKey: user.accessKey, secretKey: user.secretKey };
    note({ action: 'exists', kind: 'account', path: spec.name, id: project.id, detail: `project ${project.id} in ${spec.region}` });
  } else {
    const created = await createAccount(o.store, spec.name, spec.region, o.now?.() ?? new Date());
    keys = { accountId: created.account_id, projectId: created.project_id, accessKey: created.access_key, secretKey: created.secret_key };
    note({
      action: 'created', kind: 'account', path: spec.name, id: created.project_id,
      detail: existing ? `project ${created.project_id} added in ${spec.region}` : `project ${created.project_id} in ${spec.region}`,
    });
  }
  return {
    name: spec.name, region: spec.region, ...keys,
    client: new ApiClient({ endpoint: o.endpoint, accessKey: keys.accessKey, secretKey: keys.secretKey, projectId: keys.projectId }),
    vpcs: new Map(), ports: new Map(),
  };
}

/** Polls a resource until its status is one of `ready` (CREATING/UNKNOWN until realised). */
async function waitFor(c: ApiClient, path: string, key: string, ready: string[], timeoutMs: number): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const item = (await c.get(path)).body[key];
    if (ready.includes(item.status) || Date.now() > deadline) return item;
    await sleep(100);
  }
}

async function ensureNetwork(spec: AccountSpec, acc: AppliedAccount, o: ApplyOptions, note: (r: ApplyResult) => void): Promise<void> {
  const c = acc.client;
  const timeout = o.readyTimeoutMs ?? 30_000;
  const vpcs = await c.listAll(c.v1('/vpcs'), 'vpcs');
  for (const v of spec.vpcs) {
    const path = `${spec.name}/${v.name}`;
    let vpc = vpcs.find((x) => x.name === v.name);
    if (vpc) {
      note({ action: vpc.cidr === v.cidr ? 'exists' : 'differs', kind: 'vpc', path, id: vpc.id,
        detail: vpc.cidr === v.cidr ? v.cidr : `cidr is ${vpc.cidr}, the file says ${v.cidr}; not changed` });
    } else {
      vpc = (await c.post(c.v1('/vpcs'), { vpc: { name: v.name, cidr: v.cidr, ...(v.description !== undefined ? { description: v.description } : {}) } })).body.vpc;
      note({ action: 'created', kind: 'vpc', path, id: vpc.id, detail: v.cidr });
    }
    acc.vpcs.set(v.name, vpc.id);
    await waitFor(c, c.v1(`/vpcs/${vpc.id}`), 'vpc', ['OK'], timeout);

    const subnets = await c.listAll(c.v1('/subnets'), 'subnets', { vpc_id: vpc.id });
    for (const s of v.subnets) {
      const spath = `${path}/${s.name}`;
      let subnet = subnets.find((x) => x.name === s.name);
      if (subnet) {
        note({ action: subnet.cidr === s.cidr ? 'exists' : 'differs', kind: 'subnet', path: spath, id: subnet.id,
          detail: subnet.cidr === s.cidr ? s.cidr : `cidr is ${subnet.cidr}, the file says ${s.cidr}; not changed` });
      } else {
        subnet = (await c.post(c.v1('/subnets'), {
          subnet: { name: s.name, cidr: s.cidr, gateway_ip: s.gatewayIp ?? firstHost(s.cidr), vpc_id: vpc.id },
        })).body.subnet;
        note({ action: 'created', kind: 'subnet', path: spath, id: subnet.id, detail: s.cidr });
      }
      await waitFor(c, c.v1(`/subnets/${subnet.id}`), 'subnet', ['ACTIVE'], timeout);

      const ports = await c.listAll(c.v1('/ports'), 'ports', { network_id: subnet.id });
      for (const i of s.instances) {
        const ipath = `${spath}/${i.name}`;
        let port = ports.find((x) => x.name === i.name);
        if (port) {
          const ip = port.fixed_ips?.[0]?.ip_address;
          const same = i.ip === undefined || i.ip === ip;
          note({ action: same ? 'exists' : 'differs', kind: 'instance', path: ipath, id: port.id,
            detail: same ? ip : `ip is ${ip}, the file says ${i.ip}; not changed` });
        } else {
          port = (await c.post(c.v1('/ports'), {
            port: {
              name: i.name, network_id: subnet.id, device_owner: i.deviceOwner,
              ...(i.ip ? { fixed_ips: [{ subnet_id: subnet.id, ip_address: i.ip }] } : {}),
            },
          })).body.port;
          note({ action: 'created', kind: 'instance', path: ipath, id: port.id, detail: `${port.fixed_ips?.[0]?.ip_address} (${i.deviceOwner})` });
        }
        acc.ports.set(i.name, port);
        if (i.eip) await ensureEip(acc, i.eip, port, ipath, note);
      }
    }
  }
}

async function ensureEip(acc: AppliedAccount, alias: string, port: any, ipath: string, note: (r: ApplyResult) => void): Promise<void> {
  const c = acc.client;
  const path = `${ipath}/${alias}`;
  let eip = (await c.listAll(c.v1('/publicips'), 'publicips')).find((e) => e.alias === alias);
  if (!eip) {
    eip = (await c.post(c.v1('/publicips'), {
      publicip: { type: '5_bgp', ip_version: 4, alias },
      bandwidth: { share_type: 'PER', size: 5, name: `bandwidth-${alias}` },
    })).body.publicip;
    note({ action: 'created', kind: 'eip', path, id: eip.id, detail: eip.public_ip_address });
  } else if (eip.port_id === port.id) {
    note({ action: 'exists', kind: 'eip', path, id: eip.id, detail: `${eip.public_ip_address} bound to ${port.name}` });
    return;
  } else if (eip.port_id) {
    note({ action: 'differs', kind: 'eip', path, id: eip.id, detail: `bound to port ${eip.port_id}, not ${port.name}; not changed` });
    return;
  } else {
    note({ action: 'exists', kind: 'eip', path, id: eip.id, detail: eip.public_ip_address });
  }
  eip = (await c.put(c.v1(`/publicips/${eip.id}`), { publicip: { port_id: port.id } })).body.publicip;
  note({ action: 'bound', kind: 'eip', path, id: eip.id, detail: `${eip.public_ip_address} -> ${port.name}` });
}

const GONE = ['DELETED', 'EXPIRED'];

async function ensurePeering(spec: PeeringSpec, accounts: Map<string, AppliedAccount>, note: (r: ApplyResult) => void): Promise<any> {
  const end = (r: VpcRef) => {
    const acc = accounts.get(r.account)!;
    return { acc, vpcId: acc.vpcs.get(r.vpc)! };
  };
  const req = end(spec.request);
  const acc = end(spec.accept);
  const c = req.acc.client;
  const path = spec.name;
  const candidates = (await c.listAll('/v2.0/vpc/peerings', 'peerings', { name: spec.name })).filter((p) =>
    p.name === spec.name && p.request_vpc_info?.vpc_id === req.vpcId && p.accept_vpc_info?.vpc_id === acc.vpcId && !GONE.includes(p.status));
  // A rejected request stays visible; it is the one meant only when the file says REJECTED.
  let peering = candidates.find((p) => p.status !== 'REJECTED' || spec.status === 'REJECTED');
  if (peering) {
    note({ action: 'exists', kind: 'peering', path, id: peering.id, detail: peering.status });
  } else {
    peering = (await c.post('/v2.0/vpc/peerings', {
      peering: {
        name: spec.name, ...(spec.description !== undefined ? { description: spec.description } : {}),
        request_vpc_info: { vpc_id: req.vpcId, tenant_id: req.acc.projectId },
        accept_vpc_info: { vpc_id: acc.vpcId, tenant_id: acc.acc.projectId },
      },
    })).body.peering;
    note({ action: 'created', kind: 'peering', path, id: peering.id,
      detail: `${spec.request.account}/${spec.request.vpc} -> ${spec.accept.account}/${spec.accept.vpc}: ${peering.status}` });
  }
  if (peering.status === 'PENDING_ACCEPTANCE' && spec.status !== 'PENDING_ACCEPTANCE') {
    const verb = spec.status === 'ACTIVE' ? 'accept' : 'reject';
    peering = (await acc.acc.client.put(`/v2.0/vpc/peerings/${peering.id}/${verb}`)).body;
    note({ action: verb === 'accept' ? 'accepted' : 'rejected', kind: 'peering', path, id: peering.id, detail: `by ${spec.accept.account}: ${peering.status}` });
  } else if (peering.status !== spec.status) {
    note({ action: 'differs', kind: 'peering', path, id: peering.id, detail: `status is ${peering.status}, the file says ${spec.status}` });
  }

  for (const r of spec.routes) {
    const owner = end(r.end);
    const rpath = `${path}/${r.end.account}/${r.end.vpc}/${r.destination}`;
    if (peering.status !== 'ACTIVE') {
      note({ action: 'skipped', kind: 'route', path: rpath, id: '', detail: `peering is ${peering.status}` });
      continue;
    }
    const oc = owner.acc.client;
    const found = (await oc.listAll('/v2.0/vpc/routes', 'routes', { vpc_id: owner.vpcId, destination: r.destination }))
      .find((x) => x.destination === r.destination && x.vpc_id === owner.vpcId);
    if (found) {
      const same = found.nexthop === peering.id;
      note({ action: same ? 'exists' : 'differs', kind: 'route', path: rpath, id: found.id,
        detail: same ? `via ${spec.name}` : `goes via ${found.nexthop}, not ${spec.name}; not changed` });
      continue;
    }
    const route = (await oc.post('/v2.0/vpc/routes', {
      route: { destination: r.destination, nexthop: peering.id, type: 'peering', vpc_id: owner.vpcId, tenant_id: owner.acc.projectId },
    })).body.route;
    note({ action: 'created', kind: 'route', path: rpath, id: route.id, detail: `via ${spec.name}` });
  }
  return peering;
}
