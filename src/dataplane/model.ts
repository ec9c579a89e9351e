/**
 * The kernel-level desired state: what the data plane must hold, in the kernel's own
 * vocabulary (namespaces, interfaces, addresses, routes, rules, sysctls, nftables
 * tables). `desired.ts` derives it from the NetworkPlan; drivers make the kernel match
 * it. Plain data, sorted, so two computations of the same plan are deep-equal and a
 * namespace's `signature` changes exactly when something in it must change.
 */
export interface DesiredState {
  readonly prefix: string;
  /** Sorted by name. */
  readonly namespaces: readonly NamespaceSpec[];
  /** Veth pairs, created in one root batch; sorted by the first end's name. */
  readonly veths: readonly VethSpec[];
  /** The plan revisions this state was computed from, by region. */
  readonly revisions: Readonly<Record<string, number>>;
}

export type NamespaceRole = 'router' | 'instance' | 'internet';

export interface NamespaceSpec {
  readonly name: string;
  readonly role: NamespaceRole;
  /** The cloud object realised: VPC id (router), port id (instance), '' (Internet). */
  readonly ownerId: string;
  /** sysctl key → value, sorted by key. Set with one process when the namespace is new or drifted. */
  readonly sysctls: readonly (readonly [string, string])[];
  /** Interfaces living in this namespace that we manage, sorted by name. */
  readonly interfaces: readonly InterfaceSpec[];
  /** Routes we manage (never `proto kernel` connected routes), sorted by key. */
  readonly routes: readonly RouteSpec[];
  /** Policy rules we manage (priority 1000..9999), sorted by priority. */
  readonly rules: readonly RuleSpec[];
  /** The namespace's nftables table, replaced atomically; null when it has none. */
  readonly nft: NftSpec | null;
  /** Content of /etc/netns/<name>/resolv.conf (instances), or null. */
  readonly resolvConf: string | null;
  /** Processes the namespace needs (the Internet test host). */
  readonly responder: boolean;
  /** A digest of everything above: equal signatures mean nothing to do. */
  readonly signature: string;
}

export interface InterfaceSpec {
  readonly name: string;
  readonly kind: 'bridge' | 'veth' | 'loopback';
  /** The bridge this interface is a port of. */
  readonly master: string | null;
  /** "a.b.c.d/len", sorted. */
  readonly addresses: readonly string[];
  readonly mac: string | null;
}

export interface VethSpec {
  readonly a: { readonly ns: string; readonly name: string };
  readonly b: { readonly ns: string; readonly name: string };
  /** What it realises, for status output. */
  readonly purpose: 'instance' | 'peering' | 'uplink';
  readonly ownerId: string;
}

export interface RouteSpec {
  /** 'main' or a numeric table id. */
  readonly table: string;
  readonly type: 'unicast' | 'unreachable' | 'blackhole';
  /** "a.b.c.d/len" or "default". */
  readonly dst: string;
  readonly via: string | null;
  readonly dev: string | null;
}

export interface RuleSpec {
  readonly priority: number;
  /** "a.b.c.d/len" or null (all). */
  readonly from: string | null;
  readonly table: string;
}

export interface NftSpec {
  /** "inet ist_vpc" */
  readonly family: 'inet';
  readonly table: string;
  /** The full `table ... { }` definition, applied with delete + create in one `nft -f`. */
  readonly text: string;
  /** Short digest of `text`, stored as the table's comment to recognise drift. */
  readonly digest: string;
}

/** A stable key for a route: two routes with equal keys are the same kernel object. */
export function routeKey(r: RouteSpec): string {
  return `${r.table}|${r.type}|${r.dst}|${r.via ?? ''}|${r.dev ?? ''}`;
}

export function ruleKey(r: RuleSpec): string {
  return `${r.priority}|${r.from ?? 'all'}|${r.table}`;
}
