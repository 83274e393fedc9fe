import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Command } from 'commander';
import { loadConfig } from '../app/config.ts';
import {
  commandNamed,
  commandSummaries,
  commandTable,
  registerAll,
  registerForArgs,
  registerSummaries,
  writeCommandManifest,
} from './command-table.ts';
import { lazyCliContext } from './lazy-context.ts';
import { createOutput } from './output.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-command-table-'));
after(() => rmSync(root, { recursive: true, force: true }));
const lazy = () => lazyCliContext(loadConfig({}, root), createOutput(false));
const program = () => new Command('vigil').description('Vigil').option('--json', 'machine-readable output');

test('each command module registers exactly the names the table lists, in the table order (issue 15)', async () => {
  for (const entry of commandTable) {
    const p = program();
    (await entry.load())(p, lazy().context);
    assert.deepEqual(
      p.commands.map((c) => c.name()),
      entry.names,
      `command-table.ts lists ${entry.names.join(', ')}`,
    );
  }
});

test("the root help drawn from the build's manifest is the help of the real commands", async () => {
  const full = program();
  await registerAll(full, lazy().context);
  const file = join(root, 'command-manifest.json');
  await writeCommandManifest(file, full);

  const fromManifest = program();
  await registerForArgs(fromManifest, lazy().context, ['--help'], file);
  assert.equal(fromManifest.helpInformation(), full.helpInformation());
  assert.ok(
    fromManifest.commands.every((c) => c.options.length === 0),
    'stand-ins, not the loaded commands',
  );

  const stand = program();
  registerSummaries(stand, commandSummaries(full));
  assert.equal(stand.helpInformation(), full.helpInformation());
});

test('a stale or missing manifest falls back to loading every command', async () => {
  const stale = join(root, 'stale.json');
  writeFileSync(stale, JSON.stringify({ commands: [{ name: 'detect', term: 'detect', description: 'x' }] }));
  for (const manifest of [stale, join(root, 'none.json')]) {
    const p = program();
    await registerForArgs(p, lazy().context, [], manifest);
    assert.equal(p.commands.length, commandTable.flatMap((c) => c.names).length);
    assert.ok(p.commands.find((c) => c.name() === 'detect')!.options.length > 0, 'the real commands');
  }
});

test('only the named command is loaded: after global options, through `help`, or a second name of a module', async () => {
  assert.deepEqual(commandNamed(['--json', 'detect', 'a.jpg'])?.names, ['detect']);
  assert.deepEqual(commandNamed(['--token-file', 'detect', 'search', 'x'])?.names, ['search']);
  assert.deepEqual(commandNamed(['help', 'restore'])?.names, ['backup', 'restore']);
  assert.deepEqual(commandNamed(['jobs', 'list'])?.names, ['worker', 'jobs']);
  assert.equal(commandNamed(['--help']), undefined);
  assert.equal(commandNamed(['help']), undefined);
  assert.equal(commandNamed(['nonsense']), undefined);
  assert.equal(commandNamed([]), undefined);

  const p = program();
  await registerForArgs(p, lazy().context, ['--json', 'restore', 'x'], join(root, 'none.json'));
  assert.deepEqual(
    p.commands.map((c) => c.name()),
    ['backup', 'restore'],
  );
});

test('the lazy context loads the real one on demand; synchronous members need it loaded first', async () => {
  const { context, ready } = lazy();
  assert.equal(context.config.dataDir, join(root, 'data'));
  assert.throws(() => context.registry, /used before its command ran/);
  await ready();
  assert.ok(context.registry);
  await context.close();
});
