/**
 * The CLI tier's harness: a real server in this process (127.0.0.1, port 0, a temporary
 * SQLite store, no data plane) and the built command line run as a child process
 * (`node bin/isthmus ...`), exactly as a user or a script runs it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type RunningServer } from '../../src/app.js';
import { parseServeOptions } from '../../src/config.js';
import { createAccount, type CreatedAccount } from '../../src/service/accounts.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'isthmus');

/** The tests run the compiled CLI: fail clearly when `npm run build` is missing or older than src/cli. */
export function assertBuilt(): void {
  const built = join(ROOT, 'dist', 'cli', 'commands.js');
  assert.ok(existsSync(built), 'dist/cli/commands.js is missing: run `npm run build` before the CLI tests');
  const builtAt = statSync(built).mtimeMs;
  const src = join(ROOT, 'src', 'cli');
  for (const f of readdirSync(src)) {
    if (f.endsWith('.ts') && !f.endsWith('.test.ts')) {
      const js = join(ROOT, 'dist', 'cli', f.replace(/\.ts$/, '.js'));
      assert.ok(existsSync(js) && statSync(js).mtimeMs >= statSync(join(src, f)).mtimeMs - 1000 && builtAt > 0,
        `dist/cli/${f.replace(/\.ts$/, '.js')} is older than src/cli/${f}: run \`npm run build\` before the CLI tests`);
    }
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/isthmus ARGS` with exactly the given environment (plus PATH). */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], {
      cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024,
      env: { PATH: process.env.PATH ?? '', ...env },
    }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export class CliHarness {
  server!: RunningServer;
  url!: string;
  readonly dir = mkdtempSync(join(tmpdir(), 'isthmus-cli-'));
  readonly dataDir = join(this.dir, 'data');
  readonly home = join(this.dir, 'home');
  readonly profiles = join(this.dir, 'profiles.json');
  a!: CreatedAccount;
  b!: CreatedAccount;

  static async start(): Promise<CliHarness> {
    assertBuilt();
    const h = new CliHarness();
    const config = parseServeOptions({
      listen: '127.0.0.1:0', dataDir: h.dataDir, regions: 'eu-de', dataplane: 'none', dataplanePrefix: 'ist',
      peeringExpiry: '7d', quota: ['vpcContainRoutetable=5'], eipPool: '198.51.100.0/24',
    });
    h.server = await createServer({ config });
    await h.server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = h.server.app.server.address();
    assert.ok(address && typeof address === 'object');
    h.url = `http://127.0.0.1:${address.port}`;
    h.a = await createAccount(h.server.store, 'cli-alice', 'eu-de', new Date());
    h.b = await createAccount(h.server.store, 'cli-bob', 'eu-de', new Date());
    return h;
  }

  /** The environment of a user of this server: no credentials unless `as` says whose. */
  env(as?: CreatedAccount, extra: Record<string, string> = {}): Record<string, string> {
    return {
      HOME: this.home, ISTHMUS_PROFILES: this.profiles, ISTHMUS_ENDPOINT: this.url,
      ...(as ? { ISTHMUS_AK: as.access_key, ISTHMUS_SK: as.secret_key, ISTHMUS_PROJECT_ID: as.project_id } : {}),
      ...extra,
    };
  }

  /** `isthmus ARGS` as account `as` (credentials from the environment). */
  cli(as: CreatedAccount | undefined, ...args: string[]): Promise<CliResult> {
    return runCli(args, this.env(as));
  }

  /** As cli(), asserting exit 0 and parsing stdout as JSON (adds `-o json`). */
  async json(as: CreatedAccount, ...args: string[]): Promise<any> {
    const r = await this.cli(as, ...args, '-o', 'json');
    assert.equal(r.code, 0, `isthmus ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  async close(): Promise<void> {
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
