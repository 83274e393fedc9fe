/**
 * The compiled build (dist/, issue 15) behaves as the sources: the same root help, and `detect`
 * through the engine's worker threads, which load the compiled worker. Runs when dist/ is a
 * current build (scripts/run-tests.mjs builds it first; a file run alone may find it stale).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { buildIsCurrent } from '../scripts/build-state.mjs';
import { repoRoot } from '../src/shared/paths.ts';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-compiled-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const stale = buildIsCurrent(pathToFileURL(repoRoot + '/')) ? false : 'dist/ is not a current build (npm run build)';

function vigil(from: 'dist' | 'src', ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_RUN_FROM: from, VIGIL_DATA_DIR: dataDir, VIGIL_WORKERS: '1' };
  delete env['VIGIL_CONFIG'];
  return run(process.execPath, [join(repoRoot, 'bin', 'vigil.mjs'), ...args], { env, cwd: dataDir });
}

test('the compiled vigil prints the same root help as the sources (issue 15)', { skip: stale }, async () => {
  const [dist, src] = await Promise.all([vigil('dist', '--help'), vigil('src', '--help')]);
  assert.match(dist.stdout, /^Usage: vigil /);
  assert.equal(dist.stdout, src.stdout);
});

test('the compiled vigil detects faces through compiled engine workers', { skip: stale }, async () => {
  const image = join(repoRoot, 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample1.jpg');
  const r = await vigil('dist', 'detect', image, '--json');
  const out = JSON.parse(r.stdout) as { faces: unknown[]; pack: string };
  assert.equal(out.pack, 'default');
  assert.ok(out.faces.length >= 1);
});
