// Runs the tests under src/ and test/ with Node's own test runner (through tsx). Two tiers live
// beside the code (docs/architecture.md): unit specs (`*.spec.ts`: in-memory fakes at the
// repository seam, no database, no engine) and medium tests (`*.test.ts`: real SQLite, PostgreSQL
// and Redis when configured, the real engine); the end-to-end ones are under test/.
// Usage: npm test [-- <substring filter>]; npm run test:unit (the specs alone).
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
    else if (name.endsWith('.test.ts') || name.endsWith('.spec.ts')) out.push(p);
  }
  return out;
}

const unitOnly = process.argv.includes('--unit');
const filters = process.argv.slice(2).filter((a) => a !== '--unit');
const files = [...find('src', []), ...find('test', [])]
  .filter((f) => !unitOnly || f.endsWith('.spec.ts'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const root = new URL('..', import.meta.url);
if (!unitOnly && !buildIsCurrent(root)) {
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
