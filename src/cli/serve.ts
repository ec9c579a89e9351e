import { Command } from 'commander';
import { createServer } from '../app.js';
import { parseServeOptions } from '../config.js';
import { chooseDriver } from '../dataplane/index.js';
import { withStoreFlags } from './store-flags.js';

export function serveCommand(): Command {
  return withStoreFlags(new Command('serve'))
    .description('serve the Huawei/OTC-compatible VPC peering API')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080')
    .option('--regions <list>', 'comma-separated regions this endpoint serves', 'eu-de')
    .option('--dataplane <kind>', 'auto | linux | none', 'auto')
    .option('--dataplane-prefix <pfx>', 'prefix of every kernel object this server owns', 'ist')
    .option('--dataplane-teardown', 'remove the data plane when the server stops')
    .option('--peering-expiry <duration>', 'pending cross-project requests expire after this', '7d')
    .option('--audit-retention <duration>', 'delete audit events older than this, e.g. 90d (default: keep them all)')
    .option('--quota <TYPE=N...>', 'server-wide quota per project, e.g. --quota vpc=-1 vpcPeer=1000 (repeatable; -1 = unlimited)', [])
    .option('--eip-pool <cidr>', 'pool EIPs are assigned from (a documentation range)', '198.51.100.0/24')
    .option('--revision-cache <MiB>', 'memory for list answers kept while the store revision holds (0 = off)', '32')
    .action(async (raw) => {
      const config = parseServeOptions(raw);
      const chosen = await chooseDriver(config.dataplane);
      const server = await createServer({
        config,
        logger: { level: process.env.LOG_LEVEL ?? 'info' },
        dataplane: { kind: chosen.kind, prefix: config.dataplanePrefix, teardown: config.dataplaneTeardown },
      });
      server.app.log.info({ dataplane: chosen.kind, reason: chosen.reason, prefix: config.dataplanePrefix },
        `data plane: ${chosen.kind} (${chosen.reason})`);
      await server.app.listen({ host: config.host, port: config.port });
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        server.app.log.info(`${signal}: shutting down`);
        await server.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}
