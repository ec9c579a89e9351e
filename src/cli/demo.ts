/**
 * `isthmus demo [--data-dir DIR] [--listen HOST:PORT] [--keep-running]`: an empty store, a
 * server in this process, the seed's Figure 1 applied (examples/figure1.yaml), and the
 * traces that show peering-AB working, plus one instructive failure.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { createServer } from '../app.js';
import { parseServeOptions } from '../config.js';
import { chooseDriver } from '../dataplane/index.js';
import { applyScenario, type AppliedAccount } from './apply-engine.js';
import { formatResult, readScenario, summary } from './apply.js';
import type { ApiClient } from './client.js';
import { ExitCode, UsageError } from './errors.js';
import { run } from './kit.js';
import { formatTrace } from './trace.js';
import { pingFrom, realisedNamespace } from './demo-packets.js';

export const FIGURE1 = fileURLToPath(new URL('../../examples/figure1.yaml', import.meta.url));

/* eslint-disable @typescript-eslint/no-explicit-any */
interface DemoFlags { dataplanePrefix: string; dataDir?: string; listen: string; keepRunning?: boolean; dataplane: 'auto' | 'linux' | 'none'; file: string }

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
}
function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** An address of the subnet that no port holds (to show ADDRESS_NOT_FOUND). */
async function freeAddress(c: ApiClient, port: any): Promise<string> {
  const subnet = (await c.get(c.v1(`/subnets/${port.network_id}`))).body.subnet;
  const held = new Set((await c.listAll(c.v1('/ports'), 'ports', { network_id: subnet.id })).map((p) => p.fixed_ips?.[0]?.ip_address));
  const [base, len] = subnet.cidr.split('/');
  const size = 2 ** (32 - Number(len));
  for (let i = size - 10; i > 1; i--) {
    const ip = intToIp(ipToInt(base) + i);
    if (!held.has(ip) && ip !== subnet.gateway_ip) return ip;
  }
  throw new Error(`no free address in ${subnet.cidr}`);
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new UsageError(`the demo scenario has no ${what}`);
  return value;
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('start a server on an empty store, apply the seed\'s Figure 1 (examples/figure1.yaml) and trace it')
    .option('--data-dir <dir>', 'an empty directory for the store (default: a fresh temporary one, removed afterwards)')
    .option('--listen <host:port>', 'address the demo server listens on', '127.0.0.1:0')
    .option('--keep-running', 'keep serving after the traces (Ctrl-C stops)')
    .addOption(new Option('--dataplane <kind>', 'auto | linux | none (the linux one is removed when the demo stops)').choices(['auto', 'linux', 'none']).default('none'))
    .option('--dataplane-prefix <pfx>', 'prefix of the kernel objects of the demo\'s data plane', 'demo')
    .addOption(new Option('--file <yaml>', 'the scenario to apply').default(FIGURE1).hideHelp())
    .action(run(async (o: DemoFlags) => {
      let dataDir: string;
      let temporary = false;
      if (o.dataDir !== undefined) {
        if (existsSync(o.dataDir) && readdirSync(o.dataDir).length > 0) throw new UsageError(`--data-dir ${o.dataDir} is not empty: the demo starts from an empty store`);
        mkdirSync(o.dataDir, { recursive: true });
        dataDir = o.dataDir;
      } else {
        dataDir = mkdtempSync(join(tmpdir(), 'isthmus-demo-'));
        temporary = true;
      }
      const scenario = readScenario(o.file);
      const config = parseServeOptions({
        listen: o.listen, dataDir, regions: 'eu-de', dataplane: o.dataplane, dataplanePrefix: o.dataplanePrefix,
        peeringExpiry: '7d', quota: [], eipPool: '198.51.100.0/24',
      });
      const chosen = o.dataplane === 'none' ? { kind: 'none' as const, reason: 'the demo default' } : await chooseDriver(config.dataplane);
      const server = await createServer({
        config,
        // The server's log only when asked for (LOG_LEVEL=info|warn|...): the demo's output is the story.
        ...(process.env.LOG_LEVEL ? { logger: { level: process.env.LOG_LEVEL } } : {}),
        ...(chosen.kind !== 'none' ? { dataplane: { kind: chosen.kind, prefix: config.dataplanePrefix, teardown: true } } : {}),
      });
      let closed = false;
      const close = async () => {
        if (closed) return;
        closed = true;
        await server.close();
        if (temporary) rmSync(dataDir, { recursive: true, force: true });
      };
      try {
        await server.app.listen({ host: config.host, port: config.port });
        const address = server.app.server.address();
        const listening = typeof address === 'object' && address ? address.port : config.port;
        const endpoint = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${listening}`;
        const out = (s: string) => process.stdout.write(s);
        out(`Isthmus demo: server at ${endpoint}, store in ${dataDir}${temporary ? ' (temporary)' : ''}, data plane ${chosen.kind}\n\n`);
        out(`Applying ${o.file} (the seed's Figure 1):\n`);
        const outcome = await applyScenario(scenario, { store: server.store, endpoint, report: (r) => out(`  ${formatResult(r)}`) });
        out(`  ${summary(outcome.results)}\n`);

        const a = need(outcome.accounts.get('account-A'), 'account-A');
        const b = need(outcome.accounts.get('account-B'), 'account-B');
        const port = (acc: AppliedAccount, name: string) => need(acc.ports.get(name), `${acc.name} instance ${name}`);
        const ip = (p: any) => p.fixed_ips[0].ip_address as string;
        const a01 = port(a, 'ECS-A01');
        const a02 = port(a, 'ECS-A02');
        const b01 = port(b, 'RDS-B01');
        const b02 = port(b, 'RDS-B02');
        const nobody = await freeAddress(b.client, b01);
        const traces: Array<{ who: AppliedAccount; label: string; body: object; expect: string; why: string }> = [
          {
            who: a, label: `ECS-A01 (${ip(a01)}) -> RDS-B01 (${ip(b01)}) tcp/3306`, expect: 'REACHABLE',
            why: 'A service server reaches a database server over peering-AB:',
            body: { source: { port_id: a01.id }, destination: { ip: ip(b01) }, protocol: 'tcp', port: 3306 },
          },
          {
            who: b, label: `RDS-B02 (${ip(b02)}) -> ECS-A02 (${ip(a02)}) icmp`, expect: 'REACHABLE',
            why: 'And the other way, asked by account B:',
            body: { source: { port_id: b02.id }, destination: { ip: ip(a02) }, protocol: 'icmp' },
          },
          {
            who: a, label: `ECS-A01 (${ip(a01)}) -> ${nobody} tcp/3306`, expect: 'ADDRESS_NOT_FOUND',
            why: `An address of VPC-B's subnet that no instance holds: the route is there, nobody answers:`,
            body: { source: { port_id: a01.id }, destination: { ip: nobody }, protocol: 'tcp', port: 3306 },
          },
        ];
        let ok = true;
        for (const t of traces) {
          const answer = (await t.who.client.post(t.who.client.isthmus('/reachability'), t.body)).body;
          out(`${t.why}\n${formatTrace(answer, t.label)}\n`);
          if (answer.reason !== t.expect) {
            ok = false;
            out(`  (expected ${t.expect})\n\n`);
          }
        }
        if (chosen.kind === 'linux') {
          out('Real packets through the linux data plane (ping from the instance\'s namespace, as `isthmus exec` runs it):\n');
          const pings: Array<[AppliedAccount, any, string, string, boolean]> = [
            [a, a01, ip(b01), `ECS-A01 -> RDS-B01 (${ip(b01)})`, true],
            [b, b02, ip(a02), `RDS-B02 -> ECS-A02 (${ip(a02)})`, true],
            [a, a01, nobody, `ECS-A01 -> ${nobody}`, false],
          ];
          for (const [, from, to, label, expected] of pings) {
            const ns = await realisedNamespace(server.store, from.id, 30_000);
            // The data plane converges a moment after the last commit: a reachable pair gets a few tries.
            let answered = ns !== undefined && await pingFrom(ns, to);
            for (let i = 0; expected && !answered && ns !== undefined && i < 10; i++) {
              await new Promise((r) => setTimeout(r, 1000));
              answered = await pingFrom(ns, to);
            }
            out(`  ${label}: ${ns === undefined ? 'not realised yet' : answered ? 'echo reply' : 'no reply'}\n`);
            if (answered !== expected) ok = false;
          }
          out('\n');
        }
        out(ok ? 'Peering-AB works: the service servers and the database servers communicate using private IP addresses.\n'
          : 'The demo did not see what Figure 1 promises (see above).\n');

        if (o.keepRunning) {
          out(`\nStill serving at ${endpoint} (Ctrl-C stops). Try:\n`);
          for (const acc of [a, b]) {
            out(`  export ISTHMUS_ENDPOINT=${endpoint} ISTHMUS_AK=${acc.accessKey} ISTHMUS_SK=${acc.secretKey} ISTHMUS_PROJECT_ID=${acc.projectId}   # ${acc.name}\n`);
          }
          out('  isthmus peering list; isthmus trace --from ECS-A01 --to ECS-A02\n');
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
        }
        return ok ? ExitCode.ok : ExitCode.unreachable;
      } finally {
        await close();
      }
    }));
}
