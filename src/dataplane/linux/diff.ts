import { routeKey, ruleKey, type DesiredState, type NamespaceSpec, type NftSpec, type RouteSpec } from '../model.js';
import type { Names } from '../naming.js';
import type { ObservedNamespace } from './observe.js';

/**
 * What to do, grouped by the process that will do it, in phases:
 * 1. `cleanup`: per namespace, deletions (stale routes, rules, links) that must precede creations;
 * 2. `root`: one root `ip -batch` adding namespaces and veth pairs;
 * 3. `sysctls`, then `config` (per namespace `ip -n NS -batch`), then `nft` (per router `nft -f`);
 * 4. `deleteNamespaces` for what the plan no longer has.
 */
export interface Actions {
  readonly cleanup: Map<string, string[]>;
  readonly root: string[];
  readonly sysctls: Map<string, readonly (readonly [string, string])[]>;
  readonly config: Map<string, string[]>;
  readonly nft: Map<string, NftSpec | null>;
  readonly resolvConf: Map<string, string>;
  readonly responders: string[];
  readonly deleteNamespaces: string[];
  /** Namespaces this pass touches; the rest are already as desired. */
  readonly touched: Set<string>;
}

/**
 * How much we know of each desired namespace: absent (to create), observed in full, or
 * trusted (unchanged since the last successful apply and not re-read on this pass).
 */
export type Knowledge = { readonly state: 'absent' } | { readonly state: 'observed'; readonly ns: ObservedNamespace } | { readonly state: 'trusted' };

export function computeActions(desired: DesiredState, existing: ReadonlySet<string>, known: ReadonlyMap<string, Knowledge>, names: Names): Actions {
  const a: Actions = {
    cleanup: new Map(), root: [], sysctls: new Map(), config: new Map(), nft: new Map(),
    resolvConf: new Map(), responders: [], deleteNamespaces: [], touched: new Set(),
  };
  const push = (map: Map<string, string[]>, ns: string, line: string) => {
    let list = map.get(ns);
    if (!list) map.set(ns, (list = []));
    list.push(line);
    a.touched.add(ns);
  };
  const wanted = new Set(desired.namespaces.map((n) => n.name));
  const knowledge = (ns: string): Knowledge => known.get(ns) ?? (existing.has(ns) ? { state: 'trusted' } : { state: 'absent' });

  // Veth pairs first: an interface (re)created by the root batch starts from nothing.
  const recreated = new Set<string>();
  const vethLines: string[] = [];
  for (const veth of desired.veths) {
    const ka = knowledge(veth.a.ns);
    const kb = knowledge(veth.b.ns);
    const aExists = ka.state === 'trusted' || (ka.state === 'observed' && ka.ns.links.has(veth.a.name));
    if (aExists && kb.state === 'absent' && ka.state === 'observed') {
      // The far namespace vanished but this end survived (a process kept it alive): start over.
      push(a.cleanup, veth.a.ns, `link del ${veth.a.name}`);
    } else if (aExists) {
      continue;
    }
    if (kb.state === 'observed' && kb.ns.links.has(veth.b.name)) push(a.cleanup, veth.b.ns, `link del ${veth.b.name}`);
    vethLines.push(`link add ${veth.a.name} netns ${veth.a.ns} type veth peer name ${veth.b.name} netns ${veth.b.ns}`);
    recreated.add(`${veth.a.ns}/${veth.a.name}`);
    recreated.add(`${veth.b.ns}/${veth.b.name}`);
    a.touched.add(veth.a.ns);
    a.touched.add(veth.b.ns);
  }

  for (const spec of desired.namespaces) {
    const k = knowledge(spec.name);
    if (k.state === 'absent') {
      a.root.push(`netns add ${spec.name}`);
      a.touched.add(spec.name);
    }
    if (k.state === 'trusted') continue;
    const obs = k.state === 'observed' ? withoutRecreated(k.ns, recreated) : null;
    diffNamespace(spec, obs, names, (line) => push(a.cleanup, spec.name, line), (line) => push(a.config, spec.name, line));
    if (spec.sysctls.length > 0 && (!obs || !sameSysctls(spec, obs))) { a.sysctls.set(spec.name, spec.sysctls); a.touched.add(spec.name); }
    if (spec.nft && (!obs || obs.nftDigest !== spec.nft.digest)) { a.nft.set(spec.name, spec.nft); a.touched.add(spec.name); }
    if (spec.resolvConf !== null && obs?.resolvConf !== spec.resolvConf) a.resolvConf.set(spec.name, spec.resolvConf);
    if (spec.responder) a.responders.push(spec.name);
  }

  a.root.push(...vethLines);
  for (const ns of [...existing].sort()) {
    if (names.ownsNamespace(ns) && !wanted.has(ns)) {
      a.deleteNamespaces.push(ns);
      a.touched.add(ns);
    }
  }
  return a;
}

/** The namespace as it will be once the root batch has recreated some of its veths. */
function withoutRecreated(ns: ObservedNamespace, recreated: ReadonlySet<string>): ObservedNamespace {
  const gone = new Set([...ns.links.keys()].filter((name) => recreated.has(`${ns.name}/${name}`)));
  if (gone.size === 0) return ns;
  return {
    ...ns,
    links: new Map([...ns.links].filter(([name]) => !gone.has(name))),
    routes: new Map([...ns.routes].filter(([, r]) => !r.dev || !gone.has(r.dev))),
  };
}

function sameSysctls(spec: NamespaceSpec, obs: ObservedNamespace): boolean {
  if (!obs.sysctls) return false;
  return spec.sysctls.every(([, v], i) => obs.sysctls![i] === v);
}

/** Links, addresses, routes and rules of one namespace; `obs` null means "just created, empty". */
export function diffNamespace(spec: NamespaceSpec, obs: ObservedNamespace | null, names: Names, cleanup: (line: string) => void, config: (line: string) => void): void {
  const desiredIfs = new Map(spec.interfaces.map((i) => [i.name, i]));
  // Stale links first: routes through them go with them.
  for (const link of obs?.links.values() ?? []) {
    if (!desiredIfs.has(link.name) && names.ownsInterface(link.name)) cleanup(`link del ${link.name}`);
  }
  // Managed routes and rules the plan no longer has.
  const wantedRoutes = new Map(spec.routes.map((r) => [routeKey(r), r]));
  const wantedDst = new Set(spec.routes.map((r) => `${r.table}|${r.dst}`));
  for (const [key, route] of obs?.routes ?? []) {
    if (wantedRoutes.has(key) || wantedDst.has(`${route.table}|${route.dst}`)) continue;
    if (route.dev && !desiredIfs.has(route.dev) && route.dev !== 'lo') continue; // goes with its link
    cleanup(`route del ${route.type === 'unicast' ? '' : `${route.type} `}${route.dst} table ${route.table}`);
  }
  const wantedRules = new Set(spec.rules.map(ruleKey));
  for (const [key, rule] of obs?.rules ?? []) {
    if (!wantedRules.has(key)) cleanup(`rule del pref ${rule.priority}`);
  }

  for (const want of spec.interfaces) {
    const have = obs?.links.get(want.name);
    if (want.kind === 'bridge' && (!have || have.kind !== 'bridge')) {
      if (have) cleanup(`link del ${want.name}`);
      config(`link add ${want.name} type bridge`);
    }
    const fresh = !have || (want.kind === 'bridge' && have.kind !== 'bridge');
    if (want.kind === 'veth' && fresh && spec.role === 'instance') config(`link set ${want.name} addrgenmode none`);
    if (want.mac && (fresh || have!.mac !== want.mac)) config(`link set ${want.name} address ${want.mac}`);
    // Old addresses go first: deleting a primary address takes its subnet's secondaries with it.
    if (!fresh && want.kind !== 'loopback') {
      for (const addr of have!.addresses) if (!want.addresses.includes(addr)) config(`addr del ${addr} dev ${want.name}`);
    }
    for (const addr of want.addresses) {
      if (fresh || !have!.addresses.has(addr)) config(`addr add ${addr} dev ${want.name}`);
    }
    if (want.master && (fresh || have!.master !== want.master)) config(`link set ${want.name} master ${want.master}`);
    if (fresh || !have!.up) config(`link set ${want.name} up`);
  }

  for (const route of spec.routes) {
    if (obs?.routes.has(routeKey(route))) continue;
    config(routeCommand(route));
  }
  for (const rule of spec.rules) {
    if (obs?.rules.has(ruleKey(rule))) continue;
    const same = [...(obs?.rules.values() ?? [])].find((r) => r.priority === rule.priority);
    if (same && wantedRules.has(ruleKey(same))) continue;
    config(`rule add pref ${rule.priority} from ${rule.from ?? 'all'} lookup ${rule.table}`);
  }
}

export function routeCommand(r: RouteSpec): string {
  const type = r.type === 'unicast' ? '' : `${r.type} `;
  const via = r.via ? ` via ${r.via}` : '';
  const dev = r.dev ? ` dev ${r.dev}` : '';
  return `route replace ${type}${r.dst}${via}${dev} table ${r.table}`;
}
