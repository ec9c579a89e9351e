import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { RetryableError, TerminalError, type ApplyOptions, type ApplyResult, type Driver, type DriverOptions, type StatusRow } from '../driver.js';
import { routeKey, ruleKey, type DesiredState, type NamespaceSpec } from '../model.js';
import { names as namesFor, type Names } from '../naming.js';
import { replaceScript } from '../nft.js';
import { computeActions, type Knowledge } from './diff.js';
import { PARALLEL, pool, run } from './exec.js';
import { runMany } from './many.js';
import { IpSession } from './session.js';
import { readNamespaces } from './nlread.js';
import { ensureBigPackets, GSO_IPV4_MAX } from './offload.js';
import { configureInstances, type FreshInstance } from './nsconf.js';
import { listNamespaces, parseRead, READ_FLAGS, READ_SCRIPT, withExtras, type ObservedNamespace } from './observe.js';
import { ensureResponder, responderPid, stopResponder } from './responder.js';

const BRIDGE_SYSCTL = 'net.bridge.bridge-nf-call-iptables=0';

/**
 * The iproute2 + nftables driver. Each pass lists the namespaces (a directory read), reads
 * the namespaces it must check (one `ip -batch` each, in parallel), computes the
 * difference and applies it in phases, each phase as few processes as possible:
 * per-namespace deletions, one root `ip -batch` for namespaces and veth pairs, sysctls,
 * per-namespace `ip -n NS -batch`, per-router `nft -f`. Batches run with `-force`, so one
 * failing line does not stop the others; a failure marks its namespace for the next pass.
 */
export class LinuxDriver implements Driver {
  readonly kind = 'linux' as const;
  readonly prefix: string;
  private readonly names: Names;
  /**
   * Each namespace as last applied without error. A fast pass trusts these instead of
   * re-reading the kernel (the periodic full pass reads everything and repairs drift).
   */
  private readonly applied = new Map<string, NamespaceSpec>();
  private processes = 0;
  /** Long-lived `ip -batch` per router namespace, for small changes (a route). */
  private readonly sessions = new Map<string, IpSession>();

  constructor(private readonly options: DriverOptions) {
    this.prefix = options.prefix;
    this.names = namesFor(options.prefix);
  }

  async apply(desired: DesiredState, options: ApplyOptions): Promise<ApplyResult> {
    const started = performance.now();
    const before = this.processes;
    if (desired.prefix !== this.prefix) throw new TerminalError(`desired state for prefix ${desired.prefix}, driver owns ${this.prefix}`);
    // A session bound to a namespace deleted behind our back keeps it alive: end those first.
    for (const [ns, session] of [...this.sessions]) {
      if (!(await session.usable())) { session.close(); this.sessions.delete(ns); }
    }
    const existing = await listNamespaces();
    const known = new Map<string, Knowledge>();
    const check: NamespaceSpec[] = [];
    // A regular periodic pass reads instance namespaces too, but all of them in one netlink
    // helper process instead of one `ip` each (the deep pass reads them with `ip`).
    const light: NamespaceSpec[] = [];
    const deep = options.deep ?? true;
    for (const spec of desired.namespaces) {
      if (!existing.has(spec.name)) continue;
      const last = this.applied.get(spec.name);
      if (!last || (options.full && (deep || spec.role !== 'instance'))) check.push(spec);
      else if (options.full) light.push(spec);
      else if (last.signature !== spec.signature) known.set(spec.name, { state: 'observed', ns: asApplied(last) });
    }
    const [lightRead, observed] = await Promise.all([this.readLight(light), this.observeAll(check)]);
    for (const [name, ns] of [...observed, ...lightRead]) known.set(name, { state: 'observed', ns });
    // What the helper could not read is read with `ip`, as on a deep pass.
    for (const [name, ns] of await this.observeAll(light.filter((spec) => !lightRead.has(spec.name)))) known.set(name, { state: 'observed', ns });
    // A trusted instance whose veth vanished from its router must be read: it needs configuring again.
    const reread = desired.veths.filter((v) => {
      const a = known.get(v.a.ns);
      return a?.state === 'observed' && !a.ns.links.has(v.a.name) && existing.has(v.b.ns) && !known.has(v.b.ns);
    }).map((v) => desired.namespaces.find((ns) => ns.name === v.b.ns)!).filter(Boolean);
    for (const [name, ns] of await this.observeAll(reread)) known.set(name, { state: 'observed', ns });
    for (const spec of desired.namespaces) if (!existing.has(spec.name)) known.set(spec.name, { state: 'absent' });
    this.routers = new Set(desired.namespaces.filter((ns) => ns.role === 'router').map((ns) => ns.name));
    const phases: Record<string, number> = {};
    let mark = started;
    const phase = (name: string) => { const now = performance.now(); phases[name] = Math.round(now - mark); mark = now; };
    phase('observe');
    const actions = computeActions(desired, existing, known, this.names);
    const failed = new Set<string>();
    const errors: string[] = [];
    const note = (ns: string | string[], msg: string) => {
      for (const n of Array.isArray(ns) ? ns : [ns]) { failed.add(n); this.applied.delete(n); }
      errors.push(msg);
    };

    // 1. Deletions: stale namespaces and, inside the others, stale links, routes, rules.
    await this.deleteNamespaces(actions.deleteNamespaces).catch((e) => note(actions.deleteNamespaces, String(e)));
    phase('delete');
    for (const [ns, res] of await this.batches(actions.cleanup)) note(ns, res);
    phase('cleanup');
    // 2. Namespaces and veth pairs, one root batch.
    if (actions.root.length > 0) {
      const res = await this.batch(null, actions.root);
      if (res) note([...actions.touched], res);
    }
    // 3. Files, sysctls, configuration, nft.
    // `ip` caches interface indexes: a session must not outlive a link it may have seen.
    const relinked = new Set([...actions.cleanup].filter(([, lines]) => lines.some((l) => l.startsWith('link '))).map(([ns]) => ns));
    for (const line of actions.root) {
      const m = /^link add \S+ netns (\S+) type veth peer name \S+ netns (\S+)$/.exec(line);
      if (m) { relinked.add(m[1]!); relinked.add(m[2]!); }
    }
    for (const ns of relinked) { this.sessions.get(ns)?.close(); this.sessions.delete(ns); }
    phase('root');
    await Promise.all([...actions.resolvConf].map(([ns, text]) => writeResolvConf(ns, text).catch((e) => note(ns, String(e)))));
    await pool([...actions.sysctls], PARALLEL, async ([ns, values]) => {
      const res = await this.exec(['netns', 'exec', ns, 'sysctl', '-q', '-e', '-w', ...values.map(([k, v]) => `${k}=${v}`), BRIDGE_SYSCTL]);
      if (res.code !== 0) note(ns, `sysctl in ${ns}: ${res.stderr.trim()}`);
    });
    phase('sysctl');
    // New instance namespaces all need the same five steps: one helper process does them all.
    const fresh = desired.namespaces.flatMap((spec) => {
      const k = known.get(spec.name);
      const veth = spec.interfaces.find((i) => i.kind === 'veth');
      const route = spec.routes.find((r) => r.dst === 'default');
      if (spec.role !== 'instance' || k?.state !== 'absent' || !veth?.mac || veth.addresses.length !== 1 || !route?.via || failed.has(spec.name)) return [];
      return [{ ns: spec.name, ifname: veth.name, address: veth.addresses[0]!, gateway: route.via, mac: veth.mac } satisfies FreshInstance];
    });
    const configured = new Set<string>();
    if (fresh.length > 0) {
      this.processes++;
      const notDone = await configureInstances(fresh);
      for (const f of fresh) if (!notDone.has(f.ns)) { actions.config.delete(f.ns); configured.add(f.ns); }
    }
    for (const [ns, res] of await this.batches(actions.config)) note(ns, res);
    phase('config');
    // Links created by this pass: the veth pairs of the root batch and bridges.
    const created = new Set(relinked);
    for (const [ns, lines] of actions.config) if (lines.some((l) => l.startsWith('link add '))) created.add(ns);
    await this.bigPackets(desired, known, created, options.full && (options.deep ?? true), new Set([...failed, ...configured]));
    phase('offload');
    await pool([...actions.nft], PARALLEL, async ([ns, spec]) => {
      const script = spec ? replaceScript(spec) : `table inet ${this.names.nftTable}\ndelete table inet ${this.names.nftTable}\n`;
      const res = await this.exec(['netns', 'exec', ns, 'nft', '-f', '-'], script);
      if (res.code !== 0) note(ns, `nft in ${ns}: ${res.stderr.trim()}`);
    });
    for (const ns of actions.responders) await ensureResponder(ns).catch((e) => note(ns, String(e)));
    phase('nft');
    if (actions.root.some((l) => l.startsWith('link add'))) await this.settle(desired, actions.touched);
    phase('settle');

    for (const spec of desired.namespaces) if (!failed.has(spec.name)) this.applied.set(spec.name, spec);
    for (const ns of actions.deleteNamespaces) this.applied.delete(ns);
    if (errors.length > 0) throw new RetryableError(errors.join('; ').slice(0, 2000), [...failed]);
    return { touched: [...actions.touched].sort(), processes: this.processes - before, durationMs: performance.now() - started, phases };
  }

  async status(desired: DesiredState): Promise<StatusRow[]> {
    const existing = await listNamespaces();
    const rows: StatusRow[] = [];
    const observed = await this.observeAll(desired.namespaces.filter((spec) => existing.has(spec.name)));
    for (const spec of desired.namespaces) rows.push(...statusOf(spec, observed.get(spec.name) ?? null, this.names));
    for (const spec of desired.namespaces) {
      if (spec.responder && existing.has(spec.name)) {
        rows.push({ kind: 'process', namespace: spec.name, object: 'internet responder', owner: '', state: (await responderPid(spec.name)) ? 'ok' : 'missing' });
      }
    }
    const wanted = new Set(desired.namespaces.map((n) => n.name));
    for (const ns of [...existing].sort()) {
      if (this.names.ownsNamespace(ns) && !wanted.has(ns)) rows.push({ kind: 'namespace', namespace: ns, object: ns, owner: '', state: 'extra' });
    }
    return rows;
  }

  async gc(desired: DesiredState | null): Promise<string[]> {
    const existing = await listNamespaces();
    const wanted = new Set(desired?.namespaces.map((n) => n.name) ?? []);
    const stale = [...existing].filter((ns) => this.names.ownsNamespace(ns) && !wanted.has(ns)).sort();
    if (!desired) await this.close();
    await this.deleteNamespaces(stale);
    for (const ns of stale) this.applied.delete(ns);
    if (desired) await this.apply(desired, { full: true });
    return stale;
  }

  /**
   * Waits (at most 2 s) until new veths carry traffic: the kernel reports carrier changes
   * through linkwatch, which batches events up to a second, and a bridge port forwards
   * only after it. Until then the first ARP of an instance is lost.
   */
  private async settle(desired: DesiredState, touched: ReadonlySet<string>): Promise<void> {
    const routers = desired.namespaces.filter((ns) => ns.role === 'router' && touched.has(ns.name));
    const deadline = performance.now() + 2000;
    let waiting = routers;
    while (waiting.length > 0 && performance.now() < deadline) {
      const ready = await pool(waiting, PARALLEL, async (spec) => {
        const res = await this.exec(['-d', '-j', '-n', spec.name, 'link', 'show']);
        if (res.code !== 0) return true;
        const links = new Map((JSON.parse(res.stdout || '[]') as Record<string, any>[]).map((l) => [String(l.ifname), l]));
        return spec.interfaces.every((want) => {
          if (want.kind !== 'veth') return true;
          const l = links.get(want.name);
          if (!l) return true;
          const state = l.linkinfo?.info_slave_data?.state;
          return l.operstate === 'UP' && (!want.master || state === 'forwarding');
        });
      });
      waiting = waiting.filter((_, i) => !ready[i]);
      if (waiting.length > 0) await new Promise((r) => setTimeout(r, 20));
    }
  }

  private routers = new Set<string>();

  /** The router's session, (re)opened when missing, ended, or bound to an older namespace. */
  private async session(ns: string): Promise<IpSession | null> {
    const current = this.sessions.get(ns);
    if (current && (await current.usable())) return current;
    current?.close();
    this.sessions.delete(ns);
    try {
      const opened = await IpSession.open(ns);
      this.processes++;
      this.sessions.set(ns, opened);
      return opened;
    } catch {
      return null;
    }
  }

  /** Ends the sessions (they live in the namespaces and would keep deleted ones alive). */
  async close(): Promise<void> {
    for (const s of this.sessions.values()) s.close();
    this.sessions.clear();
  }

  private async deleteNamespaces(list: readonly string[]): Promise<void> {
    if (list.length === 0) return;
    for (const ns of list) { this.sessions.get(ns)?.close(); this.sessions.delete(ns); }
    for (const ns of list) if (ns === this.names.internetNs) await stopResponder(ns);
    const res = await this.batch(null, list.map((ns) => `netns del ${ns}`));
    await Promise.all(list.map((ns) => rm(`/etc/netns/${ns}`, { recursive: true, force: true })));
    if (res) throw new RetryableError(res, list);
  }

  /** Reads namespaces: one `ip -batch` each (forked by one bash), plus nft/sysctls of routers. */
  private async observeAll(specs: readonly NamespaceSpec[]): Promise<Map<string, ObservedNamespace>> {
    const out = new Map<string, ObservedNamespace>();
    const jobs = specs.map((s) => ({ ns: s.name, flags: READ_FLAGS, input: READ_SCRIPT }));
    const results = jobs.length > 4
      ? await runMany(jobs, PARALLEL)
      : await Promise.all(jobs.map((j) => run('ip', [...j.flags, '-n', j.ns, '-batch', '-'], j.input)));
    this.processes += specs.length + (specs.length > 4 ? 1 : 0);
    await pool(specs.map((spec, i) => [spec, results[i]!] as const), PARALLEL, async ([spec, res]) => {
      if (res.code !== 0) return; // vanished meanwhile: treated as absent next time
      if (spec.nft || spec.sysctls.length > 0) this.processes++;
      out.set(spec.name, await withExtras(spec, parseRead(spec.name, res.stdout)));
    });
    return out;
  }

  /** False once the kernel has shown it cannot carry IPv4 packets above 64 KiB (before 6.3). */
  private bigPacketsSupported = true;

  /**
   * Gives veths and bridges the large IPv4 GSO/GRO size (offload.ts): the namespaces where
   * this pass created links (fresh instances got it from configureInstances), those read through the
   * netlink helper with a link lacking it and, on a deep pass, every namespace. One
   * process; a failure costs throughput, not reachability, so it is logged, not retried.
   */
  private async bigPackets(desired: DesiredState, known: ReadonlyMap<string, Knowledge>, created: ReadonlySet<string>, deep: boolean, skip: ReadonlySet<string>): Promise<void> {
    if (!this.bigPacketsSupported) return;
    const links = new Map<string, string[]>();
    for (const spec of desired.namespaces) {
      if (skip.has(spec.name)) continue;
      const ifs = spec.interfaces.filter((i) => i.kind !== 'loopback');
      const k = known.get(spec.name);
      const observed = k?.state === 'observed' ? ifs.map((i) => k.ns.links.get(i.name)) : [];
      const lacking = observed.some((l) => l?.gsoIpv4 !== undefined && (l.gsoIpv4 !== GSO_IPV4_MAX || l.groIpv4 !== GSO_IPV4_MAX));
      const unknown = observed.length === 0 || observed.some((l) => l?.gsoIpv4 === undefined);
      if (ifs.length > 0 && (created.has(spec.name) || lacking || (deep && unknown))) links.set(spec.name, ifs.map((i) => i.name));
    }
    if (links.size === 0) return;
    this.processes++;
    const res = await ensureBigPackets(links);
    if (res.errors.some((e) => e.endsWith(' unsupported'))) this.bigPacketsSupported = false;
    if (res.errors.length > 0) this.options.log?.('large IPv4 packets not set on some links', { errors: res.errors.slice(0, 5), count: res.errors.length });
  }

  /** Instance namespaces through the netlink helper (one process); what it could not read is left out. */
  private async readLight(specs: readonly NamespaceSpec[]): Promise<Map<string, ObservedNamespace>> {
    if (specs.length === 0) return new Map();
    this.processes++;
    try {
      return await readNamespaces(specs.map((s) => s.name));
    } catch (err) {
      this.options.log?.('netlink read failed', { err: String(err) });
      return new Map();
    }
  }

  /** Per-namespace batches; returns the error of each namespace that failed. */
  private async batches(jobs: ReadonlyMap<string, readonly string[]>): Promise<[string, string][]> {
    const list = [...jobs].filter(([, lines]) => lines.length > 0);
    if (list.length === 0) return [];
    // A few: spawn each directly (fastest for one route change); many: fork them from one bash.
    const jobsIn = list.map(([ns, lines]) => ({ ns, flags: ['-force'], input: `${lines.join('\n')}\n` }));
    this.processes += list.length + (list.length > 4 ? 1 : 0);
    const results = list.length > 4
      ? await runMany(jobsIn, PARALLEL)
      : await Promise.all(list.map(async ([ns, lines], i) => {
        const session = this.routers.has(ns) ? await this.session(ns) : null;
        if (session) {
          const res = await session.exec(lines);
          if (res.code !== 0) { session.close(); this.sessions.delete(ns); }
          return res;
        }
        const j = jobsIn[i]!;
        return run('ip', [...j.flags, '-n', j.ns, '-batch', '-'], j.input);
      }));
    const failed: [string, string][] = [];
    results.forEach((res, i) => {
      const [ns, lines] = list[i]!;
      if (res.code === 0 || onlyVanished(lines, res.stderr)) return;
      this.options.log?.('ip batch failed', { ns, stderr: res.stderr.trim().slice(0, 1000) });
      failed.push([ns, `ip batch in ${ns}: ${res.stderr.trim().split('\n').slice(0, 6).join(' | ')}`]);
    });
    return failed;
  }

  private exec(args: string[], input?: string) {
    this.processes++;
    return run('ip', args, input);
  }

  /** One `ip [-n NS] -force -batch -`; returns an error message or null. */
  private async batch(ns: string | null, lines: readonly string[]): Promise<string | null> {
    if (lines.length === 0) return null;
    const args = ns ? ['-n', ns, '-force', '-batch', '-'] : ['-force', '-batch', '-'];
    this.processes++;
    const res = await run('ip', args, `${lines.join('\n')}\n`);
    if (res.code === 0 || onlyVanished(lines, res.stderr)) return null;
    this.options.log?.('ip batch failed', { ns, stderr: res.stderr.trim().slice(0, 1000) });
    return `ip batch${ns ? ` in ${ns}` : ''}: ${res.stderr.trim().split('\n').slice(0, 6).join(' | ')}`;
  }
}

/**
 * True when every failed line of a batch deleted something that was already gone (a veth
 * vanishes with its peer's namespace): the goal of the line is met.
 */
export function onlyVanished(lines: readonly string[], stderr: string): boolean {
  const failed = [...stderr.matchAll(/Command failed -:(\d+)/g)].map((m) => lines[Number(m[1]) - 1] ?? '');
  if (failed.length === 0) return false;
  const messages = stderr.split('\n').filter((l) => l.trim() && !l.startsWith('Command failed'));
  return failed.every((l) => / del /.test(` ${l}`)) &&
    messages.every((m) => /Cannot find device|No such process|No such file or directory|Cannot find|Address not found|No such device/.test(m));
}

/**
 * The namespace as we left it: what a fast pass diffs against instead of reading the kernel
 * (and, in tests, what the kernel reports for a namespace exactly as desired).
 */
export function asApplied(spec: NamespaceSpec): ObservedNamespace {
  return {
    name: spec.name,
    links: new Map(spec.interfaces.map((i) => [i.name, { name: i.name, kind: i.kind, up: true, master: i.master, mac: i.mac, addresses: new Set(i.addresses) }])),
    routes: new Map(spec.routes.map((r) => [routeKey(r), r])),
    rules: new Map(spec.rules.map((r) => [ruleKey(r), r])),
    nftDigest: spec.nft?.digest ?? null,
    sysctls: spec.sysctls.map(([, v]) => v),
  };
}

async function writeResolvConf(ns: string, text: string): Promise<void> {
  const path = `/etc/netns/${ns}/resolv.conf`;
  const current = await readFile(path, 'utf8').catch(() => null);
  if (current === text) return;
  await mkdir(`/etc/netns/${ns}`, { recursive: true });
  await writeFile(path, text);
}

function statusOf(spec: NamespaceSpec, obs: ObservedNamespace | null, names: Names): StatusRow[] {
  const row = (kind: StatusRow['kind'], object: string, state: StatusRow['state']): StatusRow =>
    ({ kind, namespace: spec.name, object, owner: spec.ownerId, state });
  if (!obs) return [row('namespace', spec.name, 'missing')];
  const rows: StatusRow[] = [row('namespace', spec.name, 'ok')];
  for (const want of spec.interfaces) {
    const have = obs.links.get(want.name);
    rows.push(row('interface', want.name, !have ? 'missing' : !have.up || (want.master && have.master !== want.master) ? 'drift' : 'ok'));
    for (const addr of want.addresses) rows.push(row('address', `${addr} dev ${want.name}`, have?.addresses.has(addr) ? 'ok' : 'missing'));
  }
  for (const link of obs.links.values()) {
    if (names.ownsInterface(link.name) && !spec.interfaces.some((i) => i.name === link.name)) rows.push(row('interface', link.name, 'extra'));
  }
  const wantedRoutes = new Set(spec.routes.map(routeKey));
  for (const r of spec.routes) rows.push(row('route', routeKey(r), obs.routes.has(routeKey(r)) ? 'ok' : 'missing'));
  for (const key of obs.routes.keys()) if (!wantedRoutes.has(key)) rows.push(row('route', key, 'extra'));
  const wantedRules = new Set(spec.rules.map(ruleKey));
  for (const r of spec.rules) rows.push(row('rule', ruleKey(r), obs.rules.has(ruleKey(r)) ? 'ok' : 'missing'));
  for (const key of obs.rules.keys()) if (!wantedRules.has(key)) rows.push(row('rule', key, 'extra'));
  if (spec.nft) rows.push(row('nft', `inet ${spec.nft.table}`, obs.nftDigest === spec.nft.digest ? 'ok' : obs.nftDigest === null ? 'missing' : 'drift'));
  spec.sysctls.forEach(([k, v], i) => rows.push(row('sysctl', `${k}=${v}`, obs.sysctls?.[i] === v ? 'ok' : 'drift')));
  return rows;
}

export function linuxDriver(options: DriverOptions): Driver {
  return new LinuxDriver(options);
}
