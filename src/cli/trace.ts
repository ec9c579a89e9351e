/**
 * `isthmus trace --from PORT --to PORT|IP [--protocol tcp --port 3306]`: asks
 * POST /isthmus/v1/{project_id}/reachability and prints the verdict, the explanation and
 * the hops. Exit 0 when reachable, 4 when not.
 */
import { Command, Option } from 'commander';
import type { ApiClient } from './client.js';
import { ExitCode, UsageError } from './errors.js';
import { clientOf, parseIntFlag, run, withClientFlags, type CommonFlags, type Output } from './kit.js';
import { isIpv4, resolveId } from './resolve.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface TraceRequest {
  source: { port_id: string };
  destination: { port_id: string } | { ip: string };
  protocol: 'icmp' | 'tcp' | 'udp';
  port?: number;
}

export async function traceRequest(c: ApiClient, from: string, to: string, protocol: TraceRequest['protocol'], port?: number): Promise<TraceRequest> {
  const source = { port_id: await resolveId(c, 'port', from) };
  // An address is any IPv4; another project's instances are named by address.
  const destination = isIpv4(to) ? { ip: to } : { port_id: await resolveId(c, 'port', to) };
  return { source, destination, protocol, ...(port !== undefined ? { port } : {}) };
}

function formatHops(hops: readonly any[]): string {
  const width = Math.max(0, ...hops.map((h) => String(h.action).length));
  return hops.map((h, i) => `  ${String(i + 1).padStart(2)}. ${String(h.action).padEnd(width)}  ${h.at}: ${h.detail}\n`).join('');
}

/** The answer, readably: verdict line, explanation, then the forward and return paths hop by hop. */
export function formatTrace(answer: any, label: string): string {
  const verdict = answer.reachable ? 'REACHABLE' : `NOT REACHABLE (${answer.reason})`;
  let out = `${label}: ${verdict}\n  ${answer.explanation}\n`;
  if (answer.forward?.length) out += `forward:\n${formatHops(answer.forward)}`;
  if (answer.return?.length) out += `return:\n${formatHops(answer.return)}`;
  return out;
}

type TraceFlags = CommonFlags & { from: string; to: string; protocol?: TraceRequest['protocol']; port?: number };

export function traceCommand(): Command {
  return withClientFlags(new Command('trace')
    .description('can this instance reach that instance or address, and the reply come back? (exit 0 reachable, 4 not)')
    .requiredOption('--from <port>', 'source port (id or name; your own)')
    .requiredOption('--to <port|ip>', 'destination: your port (id or name) or any IPv4 address')
    .addOption(new Option('--protocol <protocol>', 'icmp | tcp | udp (default: tcp with --port, else icmp)').choices(['icmp', 'tcp', 'udp']))
    .option('--port <port>', 'destination port for tcp/udp', parseIntFlag('--port', 1, 65535)))
    .action(run(async (o: TraceFlags) => {
      const protocol = o.protocol ?? (o.port !== undefined ? 'tcp' : 'icmp');
      if (protocol !== 'icmp' && o.port === undefined) throw new UsageError(`--protocol ${protocol} needs --port`);
      if (protocol === 'icmp' && o.port !== undefined) throw new UsageError('--port goes with --protocol tcp or udp, not icmp');
      const c = clientOf(o);
      const request = await traceRequest(c, o.from, o.to, protocol, o.port);
      const { body } = await c.post(c.isthmus('/reachability'), request);
      printTrace(o.output, body, `${o.from} -> ${o.to} ${protocol}${o.port !== undefined ? `/${o.port}` : ''}`);
      return body.reachable === true ? ExitCode.ok : ExitCode.unreachable;
    }));
}

export function printTrace(output: Output, body: any, label: string): void {
  process.stdout.write(output === 'json' ? `${JSON.stringify(body, null, 2)}\n` : formatTrace(body, label));
}
