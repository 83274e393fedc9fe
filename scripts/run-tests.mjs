// Runs every *.test.ts under src/ and test/ with Node's own test runner (through tsx).
// Usage: npm test [-- <substring filter>]
//
// The tests that run `vigil` as a process (bin/vigil.mjs: test/cli.test.ts, the retention and
// audit CLI tests, gallery import, demo, scale-out) run the compiled build in dist/ when it is
// current, which starts in a fraction of the time tsx takes. So when src/ has changed since the
// last build, it is rebuilt first (seconds); if that fails, those tests run the sources through
// tsx instead, as bin/vigil.mjs does for a stale build. Either way they test the current sources.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent } from './build-state.mjs';

function find(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...find('src', []), ...find('test', [])]
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const root = new URL('..', import.meta.url);
if (!buildIsCurrent(root)) {
  const build = spawnSync(process.execPath, [fileURLToPath(new URL('build-server.mjs', import.meta.url))], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) console.warn('the build failed: the CLI tests run the sources through tsx');
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
