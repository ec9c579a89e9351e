/** `isthmus profile add|list|remove`: named credentials in ~/.isthmus/profiles.json ($ISTHMUS_PROFILES). */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from './errors.js';
import { outputOption, run, type Output } from './kit.js';
import { profileFromAccountJson, profilesPath, readProfiles, writeProfiles, type Profile } from './profiles.js';
import { renderTable } from './table.js';

export function profileCommand(): Command {
  const profile = new Command('profile').description('named credentials (file ~/.isthmus/profiles.json, or $ISTHMUS_PROFILES)');

  profile.command('add <name>')
    .description('add or replace a profile from `isthmus account create --json` output (FILE, or - for stdin), or from flags')
    .option('--from-account-json <file>', 'output of `isthmus account create NAME --json` (- reads stdin)')
    .option('--endpoint <url>', 'endpoint the profile talks to (default http://127.0.0.1:8080)')
    .option('--ak <access-key>', 'access key (without --from-account-json)')
    .option('--sk <secret-key>', 'secret key (without --from-account-json)')
    .option('--project-id <id>', 'project (without --from-account-json)')
    .action(run(async (name: string, o: { fromAccountJson?: string; endpoint?: string; ak?: string; sk?: string; projectId?: string }) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) throw new UsageError('a profile name holds letters, digits, _ . or - (at most 64)');
      let p: Profile;
      if (o.fromAccountJson !== undefined) {
        let text: string;
        try {
          text = readFileSync(o.fromAccountJson === '-' ? 0 : o.fromAccountJson, 'utf8');
        } catch (err) {
          throw new UsageError(`cannot read ${o.fromAccountJson}: ${err instanceof Error ? err.message : String(err)}`);
        }
        p = profileFromAccountJson(text, o.fromAccountJson, o.endpoint);
      } else {
        if (!o.ak || !o.sk || !o.projectId) throw new UsageError('give --from-account-json FILE, or --ak, --sk and --project-id');
        p = { access_key: o.ak, secret_key: o.sk, project_id: o.projectId, ...(o.endpoint ? { endpoint: o.endpoint } : {}) };
      }
      if (p.endpoint) {
        try { new URL(p.endpoint); } catch { throw new UsageError(`--endpoint must be a URL, got ${JSON.stringify(p.endpoint)}`); }
      }
      const path = profilesPath();
      const file = readProfiles(path);
      file.profiles[name] = p;
      writeProfiles(file, path);
      process.stdout.write(`profile ${name} written to ${path} (project ${p.project_id})\n`);
    }));

  profile.command('list').description('list the profiles (secret keys are not shown)').addOption(outputOption())
    .action(run(async (o: { output: Output }) => {
      const file = readProfiles();
      const rows = Object.entries(file.profiles).map(([name, p]) => ({
        name, endpoint: p.endpoint ?? '', project_id: p.project_id, access_key: p.access_key,
        account_name: p.account_name ?? '', region: p.region ?? '',
      }));
      if (o.output === 'json') {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      process.stdout.write(renderTable(rows, [
        { header: 'NAME', value: (r) => r.name }, { header: 'ACCOUNT', value: (r) => r.account_name },
        { header: 'REGION', value: (r) => r.region }, { header: 'PROJECT_ID', value: (r) => r.project_id },
        { header: 'ACCESS_KEY', value: (r) => r.access_key }, { header: 'ENDPOINT', value: (r) => r.endpoint },
      ]));
    }));

  profile.command('remove <name>').description('remove a profile')
    .action(run(async (name: string) => {
      const path = profilesPath();
      const file = readProfiles(path);
      if (!file.profiles[name]) throw new UsageError(`no profile ${JSON.stringify(name)} in ${path}`);
      delete file.profiles[name];
      writeProfiles(file, path);
      process.stdout.write(`profile ${name} removed\n`);
    }));
  return profile;
}
