import { Command } from 'commander';
import { changePassword, createAccount } from '../service/accounts.js';
import { parseQuotaSetting } from '../service/quotas.js';
import { withStore, withStoreFlags, type StoreFlags } from './store-flags.js';

export function accountCommand(): Command {
  const account = new Command('account').description('manage accounts (works while a server runs on the same store)');
  withStoreFlags(account.command('create <name>'))
    .description('create an account with a user, keys and a project in the region (or add a region to it)')
    .option('--region <region>', 'region of the project', 'eu-de')
    .option('--json', 'print one JSON object')
    .action(async (name: string, opts: StoreFlags & { region: string; json?: boolean }) => {
      print(await withStore(opts, (store) => createAccount(store, name, opts.region, new Date())), opts.json);
    });
  withStoreFlags(account.command('password <name>'))
    .description('give the account\'s user a new password; tokens issued under the old one are refused')
    .option('--json', 'print one JSON object')
    .action(async (name: string, opts: StoreFlags & { json?: boolean }) => {
      print(await withStore(opts, (store) => changePassword(store, name)), opts.json);
    });
  return account;
}

/** One JSON object (`--json`), or `key  value` lines. */
function print(fields: object, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(fields)}\n`);
  } else {
    for (const [k, v] of Object.entries(fields)) process.stdout.write(`${k.padEnd(14)} ${v}\n`);
  }
}

export function quotaCommand(): Command {
  const quota = new Command('quota').description('per-project quota overrides');
  withStoreFlags(quota.command('set <project_id> <settings...>'))
    .description('set quotas of one project, e.g. vpcPeer=10000 vpc=-1 (-1 = unlimited)')
    .action(async (projectId: string, settings: string[], opts: StoreFlags) => {
      const parsed = settings.map(parseQuotaSetting);
      await withStore(opts, (store) => store.write(async (tx) => {
        if (!(await tx.identity.projectById(projectId))) throw new Error(`no project ${projectId}`);
        for (const { type, limit } of parsed) await tx.identity.setQuota(projectId, type, limit);
      }));
      process.stdout.write(`${parsed.map((p) => `${p.type}=${p.limit}`).join(' ')}\n`);
    });
  return quota;
}
