/** `isthmus eip create|list|show|update|bind|unbind|delete` over /v1/{project_id}/publicips. */
import { Command } from 'commander';
import { clientOf, parseIntFlag, printDone, printList, printResource, run, withClientFlags, type CommonFlags } from './kit.js';
import { resolveId } from './resolve.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export const eipColumns = [
  { header: 'ID', value: (e: any) => e.id },
  { header: 'ALIAS', value: (e: any) => e.alias },
  { header: 'PUBLIC_IP_ADDRESS', value: (e: any) => e.public_ip_address },
  { header: 'STATUS', value: (e: any) => e.status },
  { header: 'PORT_ID', value: (e: any) => e.port_id },
  { header: 'PRIVATE_IP_ADDRESS', value: (e: any) => e.private_ip_address },
];

type EipFlags = CommonFlags & {
  alias?: string; type: string; bandwidthSize: number; shareType: string; bandwidthName?: string; chargeMode?: string;
  port?: string; unbind?: boolean;
};

export function eipCommand(): Command {
  const eip = new Command('eip').description('elastic IPs (EIP, /v1/{project_id}/publicips); named by id, alias or address');

  withClientFlags(eip.command('create').description('assign an EIP from the pool (it starts DOWN, unbound)')
    .option('--alias <alias>', 'alias (names the EIP in this CLI)')
    .option('--type <type>', 'publicip type', '5_bgp')
    .option('--bandwidth-size <mbit>', 'bandwidth size', parseIntFlag('--bandwidth-size', 1, 100000), 5)
    .option('--share-type <type>', 'bandwidth share_type: PER | WHOLE', 'PER')
    .option('--bandwidth-name <name>', 'bandwidth name')
    .option('--charge-mode <mode>', 'bandwidth charge_mode: bandwidth | traffic')
    .option('--port <port>', 'bind to this port at once (id or name)'))
    .action(run(async (o: EipFlags) => {
      const c = clientOf(o);
      const portId = o.port ? await resolveId(c, 'port', o.port) : undefined;
      let { body } = await c.post(c.v1('/publicips'), {
        publicip: { type: o.type, ip_version: 4, ...(o.alias ? { alias: o.alias } : {}) },
        bandwidth: {
          share_type: o.shareType, size: o.bandwidthSize, name: o.bandwidthName ?? `bandwidth-${o.alias ?? 'eip'}`,
          ...(o.chargeMode ? { charge_mode: o.chargeMode } : {}),
        },
      });
      if (portId) body = (await c.put(c.v1(`/publicips/${body.publicip.id}`), { publicip: { port_id: portId } })).body;
      printResource(o.output, body, body.publicip);
    }));

  withClientFlags(eip.command('list').description('list the project\'s EIPs'))
    .action(run(async (o: CommonFlags) => {
      const c = clientOf(o);
      const { body } = await c.get(c.v1('/publicips'));
      printList(o.output, body, body.publicips, eipColumns);
    }));

  withClientFlags(eip.command('show <eip>').description('show an EIP (id, alias or address)'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const { body } = await c.get(c.v1(`/publicips/${await resolveId(c, 'eip', ref)}`));
      printResource(o.output, body, body.publicip);
    }));

  const update = async (ref: string, publicip: Record<string, unknown>, o: CommonFlags) => {
    const c = clientOf(o);
    const id = await resolveId(c, 'eip', ref);
    if (typeof publicip.port_id === 'string' && publicip.port_id !== '') publicip.port_id = await resolveId(c, 'port', publicip.port_id);
    const { body } = await c.put(c.v1(`/publicips/${id}`), { publicip });
    printResource(o.output, body, body.publicip);
  };

  withClientFlags(eip.command('update <eip>').description('bind (--port), unbind (--unbind) or re-alias an EIP')
    .option('--port <port>', 'bind to this port (port_id; id or name)')
    .option('--unbind', 'unbind it (port_id empty)')
    .option('--alias <alias>', 'new alias'))
    .action(run(async (ref: string, o: EipFlags) => {
      const publicip: Record<string, unknown> = {};
      if (o.port) publicip.port_id = o.port;
      if (o.unbind) publicip.port_id = '';
      if (o.alias !== undefined) publicip.alias = o.alias;
      await update(ref, publicip, o);
    }));

  withClientFlags(eip.command('bind <eip> <port>').description('bind an EIP to a port (same as update --port)'))
    .action(run(async (ref: string, portRef: string, o: CommonFlags) => update(ref, { port_id: portRef }, o)));

  withClientFlags(eip.command('unbind <eip>').description('unbind an EIP (same as update --unbind)'))
    .action(run(async (ref: string, o: CommonFlags) => update(ref, { port_id: '' }, o)));

  withClientFlags(eip.command('delete <eip>').description('release an EIP (it must be unbound)'))
    .action(run(async (ref: string, o: CommonFlags) => {
      const c = clientOf(o);
      const id = await resolveId(c, 'eip', ref);
      await c.delete(c.v1(`/publicips/${id}`));
      printDone(o.output, `released eip ${id}`);
    }));
  return eip;
}
