#!/usr/bin/env node
// Runs every test tier with node:test. Node 20's `--test` does not expand globs, so the
// files are found here and listed explicitly. `npm test -- api` runs only the files whose
// path contains "api" (a tier or a single file).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(dir, out) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const files = [...collect(join(root, 'src'), []), ...collect(join(root, 'test'), [])]
  .sort()
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// The console's component tests (Vitest, its own package) are a tier of `npm test` too.
// They run first so that node's test summary stays the last thing printed.
let consoleStatus = 0;
if (filters.length === 0 || filters.some((w) => 'console'.includes(w) || w.startsWith('console'))) {
  const vitest = spawnSync('npm', ['--prefix', 'console', 'test'], { stdio: 'inherit', cwd: root, env: process.env });
  consoleStatus = vitest.status ?? 1;
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit', cwd: root, env: process.env },
);
process.exit(consoleStatus !== 0 ? consoleStatus : (result.status ?? 1));
