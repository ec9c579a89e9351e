/**
 * `isthmus apply FILE.yaml [--data-dir DIR | --store URL] [--endpoint URL]`: applies a
 * declarative scenario idempotently and prints what it created and what already existed.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { applyScenario, type ApplyOutcome, type ApplyResult } from './apply-engine.js';
import { DEFAULT_ENDPOINT } from './client.js';
import { ExitCode, UsageError } from './errors.js';
import { outputOption, run, type Output } from './kit.js';
import { profilesPath, readProfiles, writeProfiles } from './profiles.js';
import { parseScenario, type Scenario } from './scenario.js';
import { withStore, withStoreFlags, type StoreFlags } from './store-flags.js';

export function readScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseScenario(text, file);
}

export function formatResult(r: ApplyResult): string {
  return `${r.action.padEnd(8)} ${r.kind.padEnd(8)} ${r.path}${r.id ? `  ${r.id}` : ''}${r.detail ? `  (${r.detail})` : ''}\n`;
}

export function summary(results: readonly ApplyResult[]): string {
  const count = (a: string) => results.filter((r) => r.action === a).length;
  const parts = [`${count('created')} created`, `${count('exists')} already existed`];
  for (const a of ['accepted', 'rejected', 'bound', 'skipped', 'differs']) if (count(a)) parts.push(`${count(a)} ${a}`);
  return `${parts.join(', ')}\n`;
}

/** One profile per account, named after it, so later commands can use --profile NAME. */
export function writeAccountProfiles(outcome: ApplyOutcome, endpoint: string): string {
  const path = profilesPath();
  const file = readProfiles(path);
  for (const a of outcome.accounts.values()) {
    file.profiles[a.name] = {
      endpoint, access_key: a.accessKey, secret_key: a.secretKey, project_id: a.projectId, region: a.region, account_name: a.name,
    };
  }
  writeProfiles(file, path);
  return path;
}

type ApplyFlags = StoreFlags & { endpoint?: string; output: Output; writeProfiles?: boolean };

export function applyCommand(): Command {
  return withStoreFlags(new Command('apply'), { dataDir: 'directory of the embedded SQLite store (for the accounts)' })
    .description('apply a scenario file (accounts, VPCs, subnets, instances, EIPs, peerings, routes) idempotently; '
      + 'accounts go through the store, the rest through the API. Exit 1 also when an object differs from the file')
    .argument('<file>', 'scenario YAML (see docs/cli.md)')
    .option('--endpoint <url>', 'API endpoint (ISTHMUS_ENDPOINT; default http://127.0.0.1:8080)')
    .option('--write-profiles', 'write a profile per account (named after it) to the profiles file')
    .addOption(outputOption())
    .action(run(async (file: string, o: ApplyFlags) => {
      const scenario = readScenario(file);
      const endpoint = o.endpoint ?? (process.env.ISTHMUS_ENDPOINT || DEFAULT_ENDPOINT);
      const outcome = await withStore(o, (store) => applyScenario(scenario, {
        store, endpoint, report: o.output === 'json' ? undefined : (r) => process.stdout.write(formatResult(r)),
      }));
      if (o.output === 'json') {
        process.stdout.write(`${JSON.stringify({ results: outcome.results }, null, 2)}\n`);
      } else {
        process.stdout.write(summary(outcome.results));
      }
      if (o.writeProfiles) {
        const path = writeAccountProfiles(outcome, endpoint);
        if (o.output !== 'json') process.stdout.write(`profiles ${[...outcome.accounts.keys()].join(', ')} written to ${path}\n`);
      }
      const differs = outcome.results.filter((r) => r.action === 'differs').length;
      if (differs > 0) {
        process.stderr.write(`isthmus: ${differs} object${differs === 1 ? '' : 's'} differ from ${file} and were left as they are\n`);
        return ExitCode.refused;
      }
      return ExitCode.ok;
    }));
}
