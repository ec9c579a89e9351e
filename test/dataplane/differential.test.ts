import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { desiredState } from '../../src/dataplane/desired.js';
import { LinuxDriver } from '../../src/dataplane/linux/driver.js';
import { names } from '../../src/dataplane/naming.js';
import { topology } from '../../src/plan/arbitrary.js';
import { compile } from '../../src/plan/compile.js';
import type { NetworkPlan } from '../../src/plan/types.js';
import { trace } from '../../src/reachability/trace.js';
import { kernelOrSkip, listen, ping, pool, removeAll, stopAll, tcp } from './support.js';

const PREFIX = 'itsd';
const INTERNET_HOST = '203.0.113.10';
const RUNS = Number(process.env.DATAPLANE_DIFF_RUNS ?? 25);
const pids: number[] = [];
const driver = new LinuxDriver({ prefix: PREFIX });

after(async () => {
  await stopAll(pids);
  await driver.close();
  await removeAll(PREFIX);
});

interface Probe { src: string; srcNs: string; dst: string; protocol: 'icmp' | 'tcp' }

/** Every flow worth asking: to each address an instance, gateway, EIP or the Internet test host answers on. */
function probes(plan: NetworkPlan): Probe[] {
  const n = names(PREFIX);
  const ports = plan.routers.flatMap((r) => r.segments.flatMap((s) => s.ports));
  const instances = ports.filter((p) => p.instance);
  const instanceIps = [...new Set(ports.map((p) => p.ip))];
  const gateways = [...new Set(plan.routers.flatMap((r) => r.segments.map((s) => s.gatewayIp)))];
  const eips = plan.routers.flatMap((r) => r.nat.map((x) => x.publicIp));
  const out: Probe[] = [];
  for (const src of instances) {
    const srcNs = n.instanceNs(src.portId);
    for (const dst of [...instanceIps, ...eips, INTERNET_HOST]) {
      if (dst === src.ip) continue;
      out.push({ src: src.portId, srcNs, dst, protocol: 'icmp' }, { src: src.portId, srcNs, dst, protocol: 'tcp' });
    }
    for (const gw of gateways) if (!instanceIps.includes(gw)) out.push({ src: src.portId, srcNs, dst: gw, protocol: 'icmp' });
  }
  return out;
}

function describe(plan: NetworkPlan): string {
  const lines: string[] = [];
  for (const r of plan.routers) {
    lines.push(`router ${r.name} ${r.cidr} (${r.vpcId})`);
    for (const s of r.segments) {
      lines.push(`  subnet ${s.name} ${s.cidr} gw ${s.gatewayIp} table ${s.routeTableId}`);
      for (const p of s.ports) lines.push(`    port ${p.name} ${p.ip}${p.instance ? '' : ' (no device)'}${p.eip ? ` eip ${p.eip.publicIp}` : ''}`);
    }
    for (const t of r.routeTables) {
      lines.push(`  table ${t.name} ${t.routeTableId}`);
      for (const e of t.entries) {
        if (e.kind === 'peering') lines.push(`    ${e.destination} -> ${e.peeringName} ${e.installed ? 'installed' : `not installed (${e.notInstalledBecause})`}`);
        else if (e.kind !== 'local' && e.kind !== 'system') lines.push(`    ${e.destination} ${e.kind}`);
      }
    }
  }
  for (const l of plan.links) lines.push(`link ${l.name} ${l.ends[0].vpcId} <-> ${l.ends[1].vpcId} ${l.network}`);
  for (const p of plan.inactivePeerings) lines.push(`peering ${p.name} ${p.status}`);
  return lines.join('\n');
}

test('real ICMP and TCP outcomes equal trace() on random topologies', { timeout: 15 * 60_000 }, async (t) => {
  if (!(await kernelOrSkip(t))) return;
  let flows = 0;
  let retries = 0;
  let reachable = 0;
  const outcome = await fc.check(fc.asyncProperty(topology, async (snapshot) => {
    const plan = compile(snapshot);
    // As the reconciler does: a pass that hit a transient error is followed by another full pass.
    for (let attempt = 1; ; attempt++) {
      try {
        await driver.apply(desiredState([plan], PREFIX), { full: true });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        retries++;
      }
    }
    const n = names(PREFIX);
    const instances = plan.routers.flatMap((r) => r.segments.flatMap((s) => s.ports.filter((p) => p.instance)));
    try {
      pids.push(...await pool(instances, 8, (p) => listen(n.instanceNs(p.portId))));
      const list = probes(plan);
      const outcomes = await pool(list, 32, (p) => (p.protocol === 'icmp' ? ping(p.srcNs, p.dst) : tcp(p.srcNs, p.dst)));
      const wrong: string[] = [];
      list.forEach((p, i) => {
        const verdict = trace(plan, { sourcePortId: p.src, destination: { ip: p.dst }, protocol: p.protocol, port: 80 });
        flows++;
        if (outcomes[i]) reachable++;
        if (verdict.reachable !== outcomes[i]) {
          wrong.push(`${p.protocol} ${p.src} -> ${p.dst}: kernel ${outcomes[i] ? 'reachable' : 'unreachable'}, trace ${verdict.reason}\n` +
            `  forward: ${JSON.stringify(verdict.forward.map((h) => h.action + ' ' + ('at' in h ? h.at.name : '')))}\n` +
            `  return: ${JSON.stringify(verdict.return.map((h) => h.action + ' ' + ('at' in h ? h.at.name : '')))}`);
        }
      });
      if (wrong.length > 0) {
        const drift = (await driver.status(desiredState([plan], PREFIX))).filter((r) => r.state !== 'ok');
        assert.fail(`kernel and trace disagree:\n${describe(plan)}\n${wrong.join('\n')}\n` +
          `kernel objects not as desired: ${drift.length === 0 ? 'none' : drift.map((r) => `${r.state} ${r.kind} ${r.namespace} ${r.object}`).join('\n')}`);
      }
    } finally {
      await stopAll(pids);
    }
  }), { seed: Number(process.env.DATAPLANE_DIFF_SEED ?? 4242), numRuns: RUNS, endOnFailure: true });
  // Our own report: the plan and the traces, not fast-check's dump of the whole snapshot.
  if (outcome.failed) assert.fail(`after ${outcome.numRuns} topologies: ${String(outcome.errorInstance instanceof Error ? outcome.errorInstance.message : outcome.errorInstance)}`);
  t.diagnostic(`${flows} flows checked, ${reachable} reachable, ${retries} passes retried`);
  assert.ok(reachable > 0 && reachable < flows, 'the topologies exercise both outcomes');
});
