import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type RunResult } from './exec.js';

/** One `ip -n NS [flags] -batch -` with its input. */
export interface NsBatch {
  readonly ns: string;
  readonly flags: readonly string[];
  readonly input: string;
}

const NAME_RE = /^[A-Za-z0-9_.-]+$/;
const EOF_MARK = '__ISTHMUS_BATCH_EOF__';

/**
 * Many `ip -n NS -batch` processes at once. Spawning from Node costs several milliseconds
 * of event-loop time per process; one bash that forks them (at most `parallel` at a time)
 * is about twice as cheap, which is what realising hundreds of instance namespaces needs.
 * Outputs go to files in a private temporary directory, so parallel jobs never interleave.
 */
export async function runMany(jobs: readonly NsBatch[], parallel: number): Promise<RunResult[]> {
  if (jobs.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'isthmus-ip-'));
  try {
    const lines: string[] = ['set +e', 'running=0'];
    jobs.forEach((job, i) => {
      if (!NAME_RE.test(job.ns) || job.flags.some((f) => !/^-[a-z0-9]+$/.test(f))) throw new Error(`unsafe batch job ${job.ns}`);
      if (job.input.includes(EOF_MARK)) throw new Error('unsafe batch input');
      lines.push(
        `( ip ${job.flags.join(' ')} -n ${job.ns} -batch - >"$D/${i}.out" 2>"$D/${i}.err" <<'${EOF_MARK}'`,
        job.input.replace(/\n$/, ''),
        EOF_MARK,
        `echo $? >"$D/${i}.rc" ) &`,
        `running=$((running+1)); if [ $running -ge ${parallel} ]; then wait -n; running=$((running-1)); fi`,
      );
    });
    lines.push('wait');
    // The script goes in a file: hundreds of jobs exceed the argument size limit.
    await writeFile(join(dir, 'run.sh'), `D="$1"\n${lines.join('\n')}\n`, { mode: 0o600 });
    const res = await run('bash', [join(dir, 'run.sh'), dir]);
    if (res.code !== 0) throw new Error(`batch runner failed: ${res.stderr.trim()}`);
    return await Promise.all(jobs.map(async (_, i) => {
      const [out, err, rc] = await Promise.all([
        readFile(join(dir, `${i}.out`), 'utf8').catch(() => ''),
        readFile(join(dir, `${i}.err`), 'utf8').catch(() => ''),
        readFile(join(dir, `${i}.rc`), 'utf8').catch(() => '1'),
      ]);
      return { code: Number(rc.trim()), stdout: out, stderr: err };
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
