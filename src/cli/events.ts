import { Command } from 'commander';
import { eventView } from '../api/isthmus/events.js';
import { withStore, withStoreFlags, type StoreFlags } from './store-flags.js';

/**
 * `isthmus events --project PID`: the audit trail of one project read from the store
 * (as GET /isthmus/v1/{project}/events shows it to that project), oldest first.
 */
export function eventsCommand(): Command {
  return withStoreFlags(new Command('events'))
    .description('the audit trail of a project: every mutating API call, oldest first (reads the store)')
    .requiredOption('--project <project_id>', 'the project whose events to show')
    .option('--operation <name>', 'only this operation, e.g. CreateVpcPeering')
    .option('--resource-id <id>', 'only events of this resource')
    .option('--since <time>', 'only events at or after this ISO 8601 time')
    .option('--limit <n>', 'at most this many events', '1000')
    .option('--json', 'one JSON object per line')
    .action(async (opts: {
      project: string; operation?: string; resourceId?: string; since?: string; limit: string; json?: boolean;
    } & StoreFlags) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit must be a positive integer');
      let since: string | undefined;
      if (opts.since !== undefined) {
        const t = Date.parse(opts.since);
        if (Number.isNaN(t)) throw new Error('--since must be an ISO 8601 time');
        since = new Date(t).toISOString();
      }
      await withStore(opts, async (store) => {
        const page = await store.read.events.list(opts.project, {
          ...(opts.operation !== undefined ? { operation: opts.operation } : {}),
          ...(opts.resourceId !== undefined ? { resourceId: opts.resourceId } : {}),
          ...(since !== undefined ? { since } : {}),
        }, { limit });
        for (const e of page.items) {
          const v = eventView(e, opts.project);
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(v)}\n`);
          } else {
            const who = v.user_id ?? (v.project_id === opts.project ? '-' : `project ${String(v.project_id)}`);
            process.stdout.write(`${e.time}  ${String(e.status).padEnd(3)} ${(e.errorCode ?? '').padEnd(16)} ${e.operation.padEnd(22)} `
              + `${e.resourceType} ${e.resourceId ?? '-'}  by ${String(who)}  req ${e.requestId}\n`);
          }
        }
      });
    });
}
