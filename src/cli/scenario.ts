/**
 * The scenario file of `isthmus apply`: its schema, parsed and checked in full before
 * anything is applied. Every problem is reported with its path in the file
 * (e.g. `accounts.account-A.vpcs.VPC-A.subnets.subnet-A01.cidr`).
 *
 *   region: eu-de                      # default region of every account
 *   accounts:
 *     NAME:
 *       region: eu-de                  # optional
 *       vpcs:
 *         NAME:
 *           cidr: 192.168.0.0/16
 *           description: ...           # optional
 *           subnets:
 *             NAME:
 *               cidr: 192.168.1.0/24
 *               gateway_ip: 192.168.1.1   # optional: first host
 *               instances:
 *                 NAME: {type: ecs | rds, device_owner: ..., ip: ..., eip: ALIAS}   # all optional
 *   peerings:
 *     NAME:
 *       request: ACCOUNT/VPC           # the requester (or a VPC name unique in the file)
 *       accept: ACCOUNT/VPC            # the accepter
 *       status: ACTIVE                 # ACTIVE (default: the accepter accepts) | PENDING_ACCEPTANCE | REJECTED
 *       routes:
 *         - {vpc: VPC, destination: CIDR}   # a route in one end's VPC, via this peering
 */
import { parseDocument } from 'yaml';
import { UsageError } from './errors.js';

export interface InstanceSpec { name: string; deviceOwner: string; ip?: string; eip?: string }
export interface SubnetSpec { name: string; cidr: string; gatewayIp?: string; instances: InstanceSpec[] }
export interface VpcSpec { name: string; cidr: string; description?: string; subnets: SubnetSpec[] }
export interface AccountSpec { name: string; region: string; vpcs: VpcSpec[] }
export interface VpcRef { account: string; vpc: string }
export interface RouteSpec { end: VpcRef; destination: string }
export type PeeringStatus = 'ACTIVE' | 'PENDING_ACCEPTANCE' | 'REJECTED';
export interface PeeringSpec { name: string; request: VpcRef; accept: VpcRef; status: PeeringStatus; description?: string; routes: RouteSpec[] }
export interface Scenario { accounts: AccountSpec[]; peerings: PeeringSpec[] }

/** One invalid file: every problem found, each with its path. */
export class ScenarioError extends UsageError {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const ACCOUNT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const REGION = /^[a-z]{2}-[a-z0-9-]{1,30}$/;
const NAME = /^[A-Za-z0-9_.\-\u4e00-\u9fa5]{1,64}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isIpv4(s: string): boolean {
  const m = IPV4.exec(s);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255 && String(Number(o)) === o);
}

export function isCidr(s: string): boolean {
  const [ip, len, ...rest] = s.split('/');
  return rest.length === 0 && ip !== undefined && isIpv4(ip) && len !== undefined && /^\d{1,2}$/.test(len) && Number(len) <= 32;
}

const TYPES: Record<string, (region: string) => string> = {
  ecs: (region) => `compute:${region}-01`,
  rds: () => 'database:rds',
};

type Obj = Record<string, unknown>;

class Checker {
  readonly problems: string[] = [];
  problem(path: string, message: string): void {
    this.problems.push(`${path || '(top)'}: ${message}`);
  }
  /** A mapping with only these keys (typos are reported, not ignored). */
  map(v: unknown, path: string, keys: readonly string[], required: readonly string[] = []): Obj | undefined {
    if (v === null || v === undefined) v = {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.problem(path, `must be a mapping with keys ${keys.join(', ')}`);
      return undefined;
    }
    const o = v as Obj;
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.problem(join(path, k), `unknown key (expected one of ${keys.join(', ')})`);
    for (const k of required) if (o[k] === undefined || o[k] === null) this.problem(join(path, k), 'is required');
    return o;
  }
  /** A mapping of NAME → spec (a missing or empty one is empty). */
  named(v: unknown, path: string, what: string, pattern = NAME): Array<[string, unknown, string]> {
    if (v === undefined || v === null) return [];
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.problem(path, `must be a mapping of ${what} name to ${what}`);
      return [];
    }
    return Object.entries(v as Obj).map(([name, spec]) => {
      const p = join(path, name);
      if (!pattern.test(name)) this.problem(p, `${JSON.stringify(name)} is not a valid ${what} name`);
      return [name, spec, p];
    });
  }
  string(v: unknown, path: string, check?: (s: string) => boolean, expected?: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.problem(path, `must be a string${expected ? ` (${expected})` : ''}`);
      return undefined;
    }
    if (check && !check(v)) {
      this.problem(path, `${JSON.stringify(v)} is not ${expected ?? 'valid'}`);
      return undefined;
    }
    return v;
  }
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Parses and checks a scenario; throws ScenarioError listing every problem. */
export function parseScenario(text: string, file = 'scenario'): Scenario {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new ScenarioError(file, doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`));
  const c = new Checker();
  const top = c.map(doc.toJS(), '', ['region', 'accounts', 'peerings']) ?? {};
  const defaultRegion = c.string(top.region, 'region', (s) => REGION.test(s), 'a region such as eu-de') ?? 'eu-de';

  const accounts: AccountSpec[] = [];
  for (const [name, raw, path] of c.named(top.accounts, 'accounts', 'account', ACCOUNT_NAME)) {
    const a = c.map(raw, path, ['region', 'vpcs']) ?? {};
    const region = c.string(a.region, join(path, 'region'), (s) => REGION.test(s), 'a region such as eu-de') ?? defaultRegion;
    const vpcs: VpcSpec[] = [];
    for (const [vpcName, vraw, vpath] of c.named(a.vpcs, join(path, 'vpcs'), 'VPC')) {
      const v = c.map(vraw, vpath, ['cidr', 'description', 'subnets'], ['cidr']) ?? {};
      const cidr = c.string(v.cidr, join(vpath, 'cidr'), isCidr, 'an IPv4 CIDR such as 192.168.0.0/16') ?? '';
      const description = c.string(v.description, join(vpath, 'description'));
      const subnets: SubnetSpec[] = [];
      for (const [subnetName, sraw, spath] of c.named(v.subnets, join(vpath, 'subnets'), 'subnet')) {
        const s = c.map(sraw, spath, ['cidr', 'gateway_ip', 'instances'], ['cidr']) ?? {};
        const scidr = c.string(s.cidr, join(spath, 'cidr'), isCidr, 'an IPv4 CIDR such as 192.168.1.0/24') ?? '';
        const gatewayIp = c.string(s.gateway_ip, join(spath, 'gateway_ip'), isIpv4, 'an IPv4 address');
        const instances: InstanceSpec[] = [];
        for (const [instName, iraw, ipath] of c.named(s.instances, join(spath, 'instances'), 'instance')) {
          const i = c.map(iraw, ipath, ['type', 'device_owner', 'ip', 'eip']) ?? {};
          const type = c.string(i.type, join(ipath, 'type'), (t) => t in TYPES, `one of ${Object.keys(TYPES).join(', ')}`);
          const owner = c.string(i.device_owner, join(ipath, 'device_owner'), (o) => o.length > 0 && o.length <= 128, 'a non-empty device owner');
          if (type && owner) c.problem(ipath, 'give type or device_owner, not both');
          const ip = c.string(i.ip, join(ipath, 'ip'), isIpv4, 'an IPv4 address');
          const eip = c.string(i.eip, join(ipath, 'eip'), (e) => NAME.test(e), 'an EIP alias (letters, digits, _ . -)');
          instances.push({ name: instName, deviceOwner: owner ?? TYPES[type ?? 'ecs']!(region), ...(ip ? { ip } : {}), ...(eip ? { eip } : {}) });
        }
        subnets.push({ name: subnetName, cidr: scidr, ...(gatewayIp ? { gatewayIp } : {}), instances });
      }
      vpcs.push({ name: vpcName, cidr, ...(description !== undefined ? { description } : {}), subnets });
    }
    accounts.push({ name, region, vpcs });
  }

  // Names that later entries refer to must be unique where they are used.
  const vpcOwners = new Map<string, string[]>();
  for (const a of accounts) for (const v of a.vpcs) vpcOwners.set(v.name, [...(vpcOwners.get(v.name) ?? []), a.name]);
  const seen = new Map<string, string>();
  for (const a of accounts) {
    for (const v of a.vpcs) for (const s of v.subnets) for (const i of s.instances) {
      const key = `${a.name}/${i.name}`;
      const p = `accounts.${a.name}.vpcs.${v.name}.subnets.${s.name}.instances.${i.name}`;
      if (seen.has(key)) c.problem(p, `instance name ${JSON.stringify(i.name)} is used twice in account ${a.name} (also at ${seen.get(key)})`);
      seen.set(key, p);
      if (i.eip !== undefined) {
        const alias = `${a.name}/eip:${i.eip}`;
        if (seen.has(alias)) c.problem(`${p}.eip`, `EIP ${JSON.stringify(i.eip)} is already bound to another instance (${seen.get(alias)})`);
        seen.set(alias, p);
      }
    }
    const vpcNames = a.vpcs.map((v) => v.name);
    for (const n of vpcNames.filter((n, i) => vpcNames.indexOf(n) !== i)) c.problem(`accounts.${a.name}.vpcs.${n}`, 'duplicate VPC name');
  }
  const ref = (v: unknown, path: string): VpcRef | undefined => {
    const s = c.string(v, path, undefined, 'ACCOUNT/VPC');
    if (s === undefined) {
      if (v === undefined || v === null) c.problem(path, 'is required (ACCOUNT/VPC)');
      return undefined;
    }
    const slash = s.indexOf('/');
    if (slash >= 0) {
      const account = s.slice(0, slash);
      const vpc = s.slice(slash + 1);
      const a = accounts.find((x) => x.name === account);
      if (!a) c.problem(path, `no account ${JSON.stringify(account)} in this file`);
      else if (!a.vpcs.some((x) => x.name === vpc)) c.problem(path, `account ${account} has no VPC ${JSON.stringify(vpc)} in this file`);
      else return { account, vpc };
      return undefined;
    }
    const owners = vpcOwners.get(s) ?? [];
    if (owners.length === 1) return { account: owners[0]!, vpc: s };
    c.problem(path, owners.length === 0 ? `no VPC ${JSON.stringify(s)} in this file` : `VPC ${JSON.stringify(s)} is in several accounts (${owners.join(', ')}): write ACCOUNT/VPC`);
    return undefined;
  };

  const peerings: PeeringSpec[] = [];
  for (const [name, raw, path] of c.named(top.peerings, 'peerings', 'peering')) {
    const p = c.map(raw, path, ['request', 'accept', 'status', 'description', 'routes'], ['request', 'accept']) ?? {};
    const request = p.request === undefined ? undefined : ref(p.request, join(path, 'request'));
    const accept = p.accept === undefined ? undefined : ref(p.accept, join(path, 'accept'));
    const status = (c.string(p.status, join(path, 'status'), (s) => ['ACTIVE', 'PENDING_ACCEPTANCE', 'REJECTED'].includes(s),
      'ACTIVE, PENDING_ACCEPTANCE or REJECTED') ?? 'ACTIVE') as PeeringStatus;
    const description = c.string(p.description, join(path, 'description'));
    if (request && accept && request.account === accept.account && status !== 'ACTIVE') {
      c.problem(join(path, 'status'), 'a peering within one account is ACTIVE at once');
    }
    const routes: RouteSpec[] = [];
    if (p.routes !== undefined && p.routes !== null && !Array.isArray(p.routes)) c.problem(join(path, 'routes'), 'must be a list of {vpc, destination}');
    (Array.isArray(p.routes) ? p.routes : []).forEach((r, i) => {
      const rpath = `${join(path, 'routes')}[${i}]`;
      const ro = c.map(r, rpath, ['vpc', 'destination'], ['vpc', 'destination']) ?? {};
      const destination = c.string(ro.destination, join(rpath, 'destination'), isCidr, 'an IPv4 CIDR');
      const vpc = c.string(ro.vpc, join(rpath, 'vpc'));
      if (!request || !accept || !vpc || !destination) return;
      const ends = [request, accept].filter((e) => vpc === e.vpc || vpc === `${e.account}/${e.vpc}`);
      if (ends.length !== 1) {
        c.problem(join(rpath, 'vpc'), ends.length === 0
          ? `${JSON.stringify(vpc)} is not an end of ${name} (${request.account}/${request.vpc}, ${accept.account}/${accept.vpc})`
          : `${JSON.stringify(vpc)} names both ends: write ACCOUNT/VPC`);
        return;
      }
      if (status !== 'ACTIVE') c.problem(rpath, `routes need an ACTIVE peering; ${name} is ${status}`);
      routes.push({ end: ends[0]!, destination });
    });
    if (request && accept) peerings.push({ name, request, accept, status, ...(description !== undefined ? { description } : {}), routes });
  }
  if (c.problems.length > 0) throw new ScenarioError(file, c.problems);
  return { accounts, peerings };
}
