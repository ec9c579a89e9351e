/**
 * `isthmus routetable list|show|create|delete|add-route|del-route|associate|disassociate`
 * over /v1/{project_id}/routetables.
 */
import { Command } from 'commander';
import type { ApiClient } from './client.js';
import { NotFoundError, UsageError } from './errors.js';
import { clientOf, printDone, printList, run, withClientFlags, type CommonFlags } from './kit.js';
import { renderRecord, renderTable } from './table.js';
import { isId, resolveId } from './resolve.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export const routeTableColumns = [
  { header: 'ID', value: (t: any) => t.id },
  { header: 'NAME', value: (t: any) => t.name },
  { header: 'DEFAULT', value: (t: any) => t.default },
  { header: 'VPC_ID', value: (t: any) => t.vpc_id },
  { header: 'SUBNETS', value: (t: any) => t.subnets?.length ?? 0 },
  { header: 'ROUTES', value: (t: any) => t.routes?.length ?? 0 },
];

const tableRouteColumns = [
  { header: 'TYPE', value: (r: any) => r.type },
  { header: 'DESTINATION', value: (r: any) => r.destination },
  { header: 'NEXTHOP', value: (r: any) => r.nexthop },
  { header: 'DESCRIPTION', value: (r: any) => r.description },
];

type TableFlags = CommonFlags & { vpc?: string; subnet?: string; destination?: string; nexthop?: string; type: string; description?: string; name?: string };

/** A table by id or name; `--vpc V` alone names V's default table. */
async function tableId(c: ApiClient, ref: string | undefined, vpc: string | undefined): Promise<string> {
  if (ref !== undefined) return resolveId(c, 'routetable', ref);
  if (!vpc) throw new UsageError('name the route table, or give --vpc for that VPC\'s default table');
  const vpcId = await resolveId(c, 'vpc', vpc);
  const tables = await c.listAll(c.v1('/routetables'), 'routetables', { vpc_id: vpcId });
  const def = tables.find((t) => t.default);
  if (!def) throw new NotFoundError(`VPC ${vpc} has no default route table`);
  return def.id as string;
}

function printTable(output: CommonFlags['output'], body: any): void {
  if (output === 'json') {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  const t = body.routetable;
  const { routes, subnets, ...rest } = t;
  process.stdout.write(renderRecord({ ...rest, subnets: (subnets ?? []).map((s: any) => s.id) }));
  process.stdout.write(`\n${renderTable(routes ?? [], tableRouteColumns)}`);
}

async function nexthopOf(c: ApiClient, type: string, nexthop: string): Promise<string> {
  return type === 'peering' && !isId(nexthop) ? resolveId(c, 'peering', nexthop) : nexthop;
}

export function routeTableCommand(): Command {
  const rt = new Command('routetable').description('route tables (/v1/{project_id}/routetables); the table argument may be omitted with --vpc for the default table');

  withClientFlags(rt.command('list').description('list route tables')
    .option('--vpc <vpc>', 'only this VPC\'s (id or name)')
    .option('--subnet <subnet>', 'only the table of this subnet (id or name)'))
    .action(run(async (o: TableFlags) => {
      const c = clientOf(o);
      const vpcId = o.vpc ? await resolveId(c, 'vpc', o.vpc) : undefined;
      const subnetId = o.subnet ? await resolveId(c, 'subnet', o.subnet) : undefined;
      const { body } = await c.get(c.v1('/routetables'), { vpc_id: vpcId, subnet_id: subnetId });
      printList(o.output, body, body.routetables, routeTableColumns);
    }));

  withClientFlags(rt.command('show [table]').description('show a route table with its routes and subnets')
    .option('--vpc <vpc>', 'the default table of this VPC'))
    .action(run(async (ref: string | undefined, o: TableFlags) => {
      const c = clientOf(o);
      const { body } = await c.get(c.v1(`/routetables/${await tableId(c, ref, o.vpc)}`));
      printTable(o.output, body);
    }));

  withClientFlags(rt.command('create <name>').description('create a custom route table in a VPC')
    .requiredOption('--vpc <vpc>', 'VPC (id or name)')
    .option('--description <text>', 'description'))
    .action(run(async (name: string, o: TableFlags) => {
      const c = clientOf(o);
      const vpcId = await resolveId(c, 'vpc', o.vpc!);
      const { body } = await c.post(c.v1('/routetables'), {
        routetable: { vpc_id: vpcId, name, ...(o.description !== undefined ? { description: o.description } : {}) },
      });
      printTable(o.output, body);
    }));

  withClientFlags(rt.command('delete <table>').description('delete a custom route table (it must have no subnets)'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const id = await resolveId(c, 'routetable', ref);
      await c.delete(c.v1(`/routetables/${id}`));
      printDone(o.output, `deleted routetable ${id}`);
    }));

  withClientFlags(rt.command('add-route [table]').description('add a route to a table')
    .option('--vpc <vpc>', 'the default table of this VPC')
    .requiredOption('--destination <cidr>', 'destination CIDR')
    .requiredOption('--nexthop <nexthop>', 'next hop (a peering: id or name)')
    .option('--type <type>', 'route type: peering | ecs | eni | vip | nat | vpn | dc | ...', 'peering')
    .option('--description <text>', 'description'))
    .action(run(async (ref: string | undefined, o: TableFlags) => {
      const c = clientOf(o);
      const id = await tableId(c, ref, o.vpc);
      const nexthop = await nexthopOf(c, o.type, o.nexthop!);
      const { body } = await c.put(c.v1(`/routetables/${id}`), {
        routetable: { routes: { add: [{ type: o.type, destination: o.destination, nexthop, ...(o.description !== undefined ? { description: o.description } : {}) }] } },
      });
      printTable(o.output, body);
    }));

  withClientFlags(rt.command('del-route [table]').description('delete the route to a destination from a table')
    .option('--vpc <vpc>', 'the default table of this VPC')
    .requiredOption('--destination <cidr>', 'destination CIDR'))
    .action(run(async (ref: string | undefined, o: TableFlags) => {
      const c = clientOf(o);
      const id = await tableId(c, ref, o.vpc);
      const { body } = await c.put(c.v1(`/routetables/${id}`), { routetable: { routes: { del: [{ destination: o.destination }] } } });
      printTable(o.output, body);
    }));

  withClientFlags(rt.command('rename <table> <new-name>').description('rename a route table'))
    .action(run(async (ref: string, newName: string, o: CommonFlags) => {
      const c = clientOf(o);
      const { body } = await c.put(c.v1(`/routetables/${await resolveId(c, 'routetable', ref)}`), { routetable: { name: newName } });
      printTable(o.output, body);
    }));

  for (const verb of ['associate', 'disassociate'] as const) {
    withClientFlags(rt.command(`${verb} <table> <subnets...>`).description(
      verb === 'associate' ? 'associate subnets with the table' : 'disassociate subnets (they return to the default table)'))
      .action(run(async (ref: string, subnets: string[], o: CommonFlags) => {
        const c = clientOf(o);
        const id = await resolveId(c, 'routetable', ref);
        const ids = [];
        for (const s of subnets) ids.push(await resolveId(c, 'subnet', s));
        const { body } = await c.post(c.v1(`/routetables/${id}/action`), { routetable: { subnets: { [verb]: ids } } });
        printTable(o.output, body);
      }));
  }
  return rt;
}
