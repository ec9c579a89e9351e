import { Command } from 'commander';
import type { Kysely } from 'kysely';
import { chooseDriver, desiredState, makeDriver } from '../dataplane/index.js';
import { latestPlans, realisedRows } from '../service/dataplane.js';
import { withStore, withStoreFlags, type StoreFlags } from './store-flags.js';
import type { Store } from '../store/store.js';

interface Opts extends StoreFlags { prefix?: string; regions?: string; json?: boolean; all?: boolean }

/** The regions to realise: as given, else every region a project lives in. */
async function regionsOf(store: Store, opts: Opts): Promise<string[]> {
  if (opts.regions) return opts.regions.split(',').map((r) => r.trim()).filter(Boolean);
  const db = store.adapter.db as unknown as Kysely<{ projects: { region: string } }>;
  const rows = await db.selectFrom('projects').select('region').distinct().execute();
  return rows.map((r) => r.region).sort();
}

/** The prefix as given, else the one the server recorded, else the default. */
async function prefixOf(store: Store, opts: Opts): Promise<string> {
  if (opts.prefix) return opts.prefix;
  const rows = await realisedRows(store);
  return rows[0]?.prefix ?? 'ist';
}

function common(cmd: Command): Command {
  return withStoreFlags(cmd)
    .option('--prefix <pfx>', 'data plane prefix (default: the one the server recorded, else ist)')
    .option('--regions <list>', 'regions (default: every region with a project)');
}

async function prepare(opts: Opts) {
  return withStore(opts, async (store) => {
    const prefix = await prefixOf(store, opts);
    const plans = await latestPlans(store, await regionsOf(store, opts));
    return { prefix, desired: desiredState(plans, prefix) };
  });
}

export function dataplaneCommand(): Command {
  const dp = new Command('dataplane').description('inspect and clean the linux data plane');
  common(dp.command('status'))
    .description('desired vs actual kernel state, per object')
    .option('--json', 'one JSON object per line')
    .option('--all', 'also list objects that are as desired')
    .action(async (opts: Opts) => {
      await chooseDriver('linux');
      const { prefix, desired } = await prepare(opts);
      const rows = await makeDriver('linux', { prefix }).status(desired);
      const shown = opts.all ? rows : rows.filter((r) => r.state !== 'ok');
      for (const r of shown) {
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : `${r.state.padEnd(8)} ${r.kind.padEnd(10)} ${r.namespace.padEnd(16)} ${r.object}${r.owner ? `  (${r.owner})` : ''}\n`);
      }
      const bad = rows.filter((r) => r.state !== 'ok').length;
      if (!opts.json) process.stdout.write(`${rows.length} objects, ${rows.length - bad} as desired, ${bad} not (prefix ${prefix})\n`);
      process.exitCode = bad === 0 ? 0 : 3;
    });
  common(dp.command('gc'))
    .description('remove kernel objects with our prefix that the plan no longer has')
    .action(async (opts: Opts) => {
      await chooseDriver('linux');
      const { prefix, desired } = await prepare(opts);
      const removed = await makeDriver('linux', { prefix }).gc(desired);
      for (const ns of removed) process.stdout.write(`removed ${ns}\n`);
      process.stdout.write(`${removed.length} namespaces removed (prefix ${prefix})\n`);
    });
  return dp;
}
