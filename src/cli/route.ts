/** `isthmus route create|list|show|delete`: peering routes over /v2.0/vpc/routes. */
import { Command } from 'commander';
import { NotFoundError, UsageError } from './errors.js';
import { clientOf, printDone, printList, printResource, run, withClientFlags, type CommonFlags } from './kit.js';
import { isId, resolveId } from './resolve.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export const routeColumns = [
  { header: 'ID', value: (r: any) => r.id },
  { header: 'VPC_ID', value: (r: any) => r.vpc_id },
  { header: 'DESTINATION', value: (r: any) => r.destination },
  { header: 'NEXTHOP', value: (r: any) => r.nexthop },
  { header: 'TYPE', value: (r: any) => r.type },
];

type RouteFlags = CommonFlags & { vpc?: string; destination?: string; nexthop?: string; type: string };

export function routeCommand(): Command {
  const route = new Command('route').description('VPC peering routes (/v2.0/vpc/routes, the VPC\'s default route table)');

  withClientFlags(route.command('create').description('route a destination of your VPC through an ACTIVE peering')
    .requiredOption('--vpc <vpc>', 'your VPC (vpc_id; id or name)')
    .requiredOption('--destination <cidr>', 'destination CIDR, e.g. 172.16.0.0/16')
    .requiredOption('--nexthop <peering>', 'the peering (id or name)')
    .option('--type <type>', 'route type', 'peering'))
    .action(run(async (o: RouteFlags) => {
      const c = clientOf(o);
      const vpcId = await resolveId(c, 'vpc', o.vpc!);
      const nexthop = o.type === 'peering' ? await resolveId(c, 'peering', o.nexthop!) : o.nexthop!;
      const { body } = await c.post('/v2.0/vpc/routes', {
        route: { destination: o.destination, nexthop, type: o.type, vpc_id: vpcId, tenant_id: c.projectId },
      });
      printResource(o.output, body, body.route);
    }));

  withClientFlags(route.command('list').description('list the peering routes of your VPCs')
    .option('--vpc <vpc>', 'only this VPC\'s (id or name)')
    .option('--destination <cidr>', 'only this destination'))
    .action(run(async (o: RouteFlags) => {
      const c = clientOf(o);
      const vpcId = o.vpc ? await resolveId(c, 'vpc', o.vpc) : undefined;
      const { body } = await c.get('/v2.0/vpc/routes', { vpc_id: vpcId, destination: o.destination });
      printList(o.output, body, body.routes, routeColumns);
    }));

  withClientFlags(route.command('show <route>').description('show a peering route (id)'))
    .action(run(async (id: string, o: CommonFlags) => {
      if (!isId(id)) throw new UsageError(`a route is named by its id, got ${JSON.stringify(id)}`);
      const c = clientOf(o);
      const { body } = await c.get(`/v2.0/vpc/routes/${id}`);
      printResource(o.output, body, body.route);
    }));

  withClientFlags(route.command('delete [route]').description('delete a peering route: by id, or by --vpc and --destination')
    .option('--vpc <vpc>', 'its VPC (id or name)')
    .option('--destination <cidr>', 'its destination'))
    .action(run(async (ref: string | undefined, o: RouteFlags) => {
      const c = clientOf(o);
      let id = ref;
      if (id === undefined) {
        if (!o.vpc || !o.destination) throw new UsageError('name the route by id, or give both --vpc and --destination');
        const vpcId = await resolveId(c, 'vpc', o.vpc);
        const found = await c.listAll('/v2.0/vpc/routes', 'routes', { vpc_id: vpcId, destination: o.destination });
        if (found.length === 0) throw new NotFoundError(`no peering route to ${o.destination} in VPC ${o.vpc}`);
        id = found[0].id as string;
      } else if (!isId(id)) {
        throw new UsageError(`a route is named by its id, got ${JSON.stringify(id)}`);
      }
      await c.delete(`/v2.0/vpc/routes/${id}`);
      printDone(o.output, `deleted route ${id}`);
    }));
  return route;
}
