import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { aliasIds, withAliases } from './aliases.js';
import { compile } from './compile.js';
import { GOLDEN_SCENARIOS, figure1 } from './scenarios.js';

const goldenDir = new URL('./golden/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';

for (const [name, build] of Object.entries(GOLDEN_SCENARIOS)) {
  test(`golden plan: ${name}`, () => {
    const scenario = build();
    const plan = withAliases(compile(scenario.snapshot), aliasIds(scenario.snapshot, scenario.builder.projectNames()));
    const file = new URL(`${name}.json`, goldenDir);
    const text = `${JSON.stringify(plan, null, 2)}\n`;
    if (update || !existsSync(file)) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, text);
      if (!update) assert.fail(`golden file ${name}.json was missing; written, check it and run again`);
      return;
    }
    assert.equal(text, readFileSync(file, 'utf8'), `plan differs from golden/${name}.json (UPDATE_GOLDEN=1 to regenerate)`);
  });
}

test('compile does not depend on the order of the snapshot lists', () => {
  const { snapshot } = figure1();
  const reversed = {
    ...snapshot,
    vpcs: [...snapshot.vpcs].reverse(), subnets: [...snapshot.subnets].reverse(),
    routeTables: [...snapshot.routeTables].reverse(), routes: [...snapshot.routes].reverse(),
    peerings: [...snapshot.peerings].reverse(), ports: [...snapshot.ports].reverse(), eips: [...snapshot.eips].reverse(),
  };
  assert.deepEqual(compile(reversed), compile(snapshot));
});

test('the plan is plain JSON data', () => {
  const plan = compile(figure1().snapshot);
  assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
});
