import { readdir } from 'node:fs/promises';
import type { NamespaceSpec, RouteSpec, RuleSpec } from '../model.js';
import { routeKey, ruleKey } from '../model.js';
import { run, splitJson } from './exec.js';

/** What the kernel holds in one namespace, limited to what we manage. */
export interface ObservedNamespace {
  readonly name: string;
  readonly links: Map<string, ObservedLink>;
  /** Managed routes only (not `proto kernel`, not table local), by `routeKey`. */
  readonly routes: Map<string, RouteSpec>;
  /** Rules with priority 1000..9999, by `ruleKey`. */
  readonly rules: Map<string, RuleSpec>;
  /** The digest in our nft table's comment; null when the table is missing; undefined when not read. */
  nftDigest?: string | null;
  /** sysctl values in the order of the spec's keys; undefined when not read. */
  sysctls?: readonly string[];
  /** Content of /etc/netns/<name>/resolv.conf, null when missing; undefined when not read. */
  resolvConf?: string | null;
}

export interface ObservedLink {
  readonly name: string;
  readonly kind: string | null;
  readonly up: boolean;
  readonly master: string | null;
  readonly mac: string | null;
  readonly addresses: Set<string>;
  /** The largest IPv4 GSO/GRO packet (offload.ts), when the reader reports it (iproute2 ≥ 6.3 and the netlink helper do). */
  readonly gsoIpv4?: number;
  readonly groIpv4?: number;
}

export const NETNS_DIR = '/run/netns';

/** Named network namespaces (the files `ip netns add` creates): no process needed. */
export async function listNamespaces(): Promise<Set<string>> {
  try {
    return new Set(await readdir(NETNS_DIR));
  } catch {
    return new Set();
  }
}

export const READ_SCRIPT = 'link show\naddr show\nroute show table all\nrule show\n';

/** Links, addresses, routes and rules of one namespace, in one `ip -batch` process. */
export async function observeNamespace(spec: Pick<NamespaceSpec, 'name' | 'role' | 'nft' | 'sysctls'>): Promise<ObservedNamespace> {
  const res = await run('ip', [...READ_FLAGS, '-n', spec.name, '-batch', '-'], READ_SCRIPT);
  if (res.code !== 0) throw new Error(`reading ${spec.name}: ${res.stderr.trim() || `exit ${res.code}`}`);
  return withExtras(spec, parseRead(spec.name, res.stdout));
}

export const READ_FLAGS = ['-4', '-d', '-j'] as const;

/** The output of READ_SCRIPT, parsed. */
export function parseRead(name: string, stdout: string): ObservedNamespace {
  const [links = [], addrs = [], routes = [], rules = []] = splitJson(stdout) as JsonObj[][];
  return { name, links: parseLinks(links, addrs), routes: parseRoutes(routes), rules: parseRules(rules) };
}

/** Adds the nft digest and sysctls, for namespaces that have them (one more process). */
export async function withExtras(spec: Pick<NamespaceSpec, 'name' | 'nft' | 'sysctls'>, observed: ObservedNamespace): Promise<ObservedNamespace> {
  if (spec.nft || spec.sysctls.length > 0) {
    const extra = await observeExtras(spec.name, spec.nft?.table ?? '', spec.sysctls.map(([k]) => k));
    observed.nftDigest = extra.digest;
    observed.sysctls = extra.sysctls;
  }
  return observed;
}

type JsonObj = Record<string, unknown>;

export function parseLinks(links: JsonObj[], addrs: JsonObj[]): Map<string, ObservedLink> {
  const out = new Map<string, ObservedLink>();
  for (const l of links) {
    const name = String(l.ifname);
    const info = l.linkinfo as { info_kind?: string } | undefined;
    const flags = (l.flags as string[] | undefined) ?? [];
    out.set(name, {
      name,
      kind: name === 'lo' ? 'loopback' : info?.info_kind ?? null,
      up: flags.includes('UP'),
      master: typeof l.master === 'string' ? l.master : null,
      mac: typeof l.address === 'string' ? l.address : null,
      addresses: new Set(),
      ...(typeof l.gso_ipv4_max_size === 'number' ? { gsoIpv4: l.gso_ipv4_max_size } : {}),
      ...(typeof l.gro_ipv4_max_size === 'number' ? { groIpv4: l.gro_ipv4_max_size } : {}),
    });
  }
  for (const a of addrs) {
    const link = out.get(String(a.ifname));
    for (const info of (a.addr_info as { family?: string; local?: string; prefixlen?: number }[] | undefined) ?? []) {
      if (info.family === 'inet' && link) link.addresses.add(`${info.local}/${info.prefixlen}`);
    }
  }
  return out;
}

export function parseRoutes(routes: JsonObj[]): Map<string, RouteSpec> {
  const out = new Map<string, RouteSpec>();
  for (const r of routes) {
    const table = typeof r.table === 'string' ? r.table : 'main';
    if (table === 'local' || r.protocol === 'kernel') continue;
    const rawType = typeof r.type === 'string' ? r.type : 'unicast';
    if (rawType !== 'unicast' && rawType !== 'unreachable' && rawType !== 'blackhole') continue;
    let dst = String(r.dst);
    if (dst !== 'default' && !dst.includes('/')) dst = `${dst}/32`;
    const spec: RouteSpec = {
      table, type: rawType, dst,
      via: typeof r.gateway === 'string' ? r.gateway : null,
      dev: rawType === 'unicast' && typeof r.dev === 'string' ? r.dev : null,
    };
    out.set(routeKey(spec), spec);
  }
  return out;
}

export function parseRules(rules: JsonObj[]): Map<string, RuleSpec> {
  const out = new Map<string, RuleSpec>();
  for (const r of rules) {
    const priority = Number(r.priority);
    if (!(priority >= 1000 && priority <= 9999)) continue;
    const from = r.src === 'all' || r.src === undefined ? null : `${r.src}/${r.srclen ?? 32}`;
    const spec: RuleSpec = { priority, from, table: String(r.table) };
    out.set(ruleKey(spec), spec);
  }
  return out;
}

const EXTRAS_SCRIPT = [
  'table="$1"; shift',
  'if [ -n "$table" ]; then nft list table inet "$table" 2>/dev/null | grep -m1 "comment \\"isthmus" || echo "nft-missing"; else echo "nft-none"; fi',
  'echo "---"',
  '[ $# -gt 0 ] && sysctl -n "$@" 2>/dev/null',
  'exit 0',
].join('\n');

/** The nft table's digest and the sysctls, in one process inside the namespace. */
async function observeExtras(ns: string, table: string, keys: readonly string[]): Promise<{ digest: string | null; sysctls: string[] }> {
  const res = await run('ip', ['netns', 'exec', ns, 'sh', '-c', EXTRAS_SCRIPT, 'sh', table, ...keys]);
  if (res.code !== 0) throw new Error(`reading ${ns}: ${res.stderr.trim() || `exit ${res.code}`}`);
  const [head = '', tail = ''] = res.stdout.split('---\n');
  const m = /comment "isthmus ([0-9a-f]+)"/.exec(head);
  return { digest: m ? m[1]! : null, sysctls: tail.split('\n').filter((l) => l.length > 0).map((l) => l.trim()) };
}
