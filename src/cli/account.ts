import { Command } from 'commander';
import { openStore } from '../store/open.js';
import { createAccount } from '../service/accounts.js';
import { parseQuotaSetting } from '../service/quotas.js';

export function accountCommand(): Command {
  const account = new Command('account').description('manage accounts (works while a server runs on the same store)');
  account.command('create <name>')
    .description('create an account with a user, keys and a project in the region (or add a region to it)')
    .option('--region <region>', 'region of the project', 'eu-de')
    .option('--data-dir <dir>', 'directory of the embedded SQLite store', './isthmus-data')
    .option('--store <url>', 'sqlite:PATH | postgres://...')
    .option('--json', 'print one JSON object')
    .action(async (name: string, opts: { region: string; dataDir: string; store?: string; json?: boolean }) => {
      const store = await openStore(opts);
      try {
        const created = await createAccount(store, name, opts.region, new Date());
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(created)}\n`);
        } else {
          for (const [k, v] of Object.entries(created)) process.stdout.write(`${k.padEnd(14)} ${v}\n`);
        }
      } finally {
        await store.close();
      }
    });
  return account;
}

export function quotaCommand(): Command {
  const quota = new Command('quota').description('per-project quota overrides');
  quota.command('set <project_id> <settings...>')
    .description('set quotas of one project, e.g. vpcPeer=10000 vpc=-1 (-1 = unlimited)')
    .option('--data-dir <dir>', 'directory of the embedded SQLite store', './isthmus-data')
    .option('--store <url>', 'sqlite:PATH | postgres://...')
    .action(async (projectId: string, settings: string[], opts: { dataDir: string; store?: string }) => {
      const parsed = settings.map(parseQuotaSetting);
      const store = await openStore(opts);
      try {
        await store.write(async (tx) => {
          if (!(await tx.identity.projectById(projectId))) throw new Error(`no project ${projectId}`);
          for (const { type, limit } of parsed) await tx.identity.setQuota(projectId, type, limit);
        });
        process.stdout.write(`${parsed.map((p) => `${p.type}=${p.limit}`).join(' ')}\n`);
      } finally {
        await store.close();
      }
    });
  return quota;
}
