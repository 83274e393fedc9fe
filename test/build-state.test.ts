import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { buildIsCurrent } from '../scripts/build-state.mjs';

const root = mkdtempSync(join(tmpdir(), 'vigil-build-state-'));
after(() => rmSync(root, { recursive: true, force: true }));
const at = (file: string, seconds: number) => utimesSync(join(root, file), seconds, seconds);

test('bin/vigil.mjs runs dist/ only when its stamp is newer than every source but the tests (issue 15)', () => {
  const url = pathToFileURL(root + '/');
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), '');
  writeFileSync(join(root, 'src', 'cli', 'main.test.ts'), '');
  at('src/cli/main.ts', 1000);
  at('src/cli/main.test.ts', 1000);
  assert.equal(buildIsCurrent(url), false, 'no build');

  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'dist', '.build-stamp'), '');
  at('dist/.build-stamp', 2000);
  assert.equal(buildIsCurrent(url), true);

  at('src/cli/main.test.ts', 3000);
  assert.equal(buildIsCurrent(url), true, 'an edited test does not make the build stale');
  at('src/cli/main.ts', 3000);
  assert.equal(buildIsCurrent(url), false, 'an edited source does');
});
