// Builds the server and CLI (src/ -> dist/, same layout) with tsc, so `npm start` and the `vigil`
// bin run compiled JavaScript instead of compiling TypeScript at every start (issue 15).
// `npm install` and `npm ci` run it as part of `prepare`.
//
//   1. tsc -p tsconfig.build.json --noCheck: emits only (imports' .ts extensions rewritten to
//      .js); type-checking is `npm run typecheck`, which CI runs, so a build takes seconds.
//   2. copies the .mjs files the code loads by URL (the engine's worker entry) beside their JS.
//   3. writes dist/cli/command-manifest.json: every command's name, usage and description, from
//      which `vigil --help` is drawn without loading the commands' modules (command-table.ts).
//   4. writes .build-stamp last: bin/vigil.mjs runs dist/ only when the stamp is newer than every
//      file under src/ (else it runs the sources through tsx).
// All of it is written to dist.building-<pid>/ and renamed to dist/ once complete.
//
// Usage: npm run build:server
//        node scripts/build-server.mjs --if-available  (prepare: skip with a note when TypeScript
//                                                       is not installed, e.g. npm ci --omit=dev)
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const ifAvailable = process.argv.includes('--if-available');
const started = Date.now();

let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  const note = 'TypeScript is not installed (a production-only install?): the server was not built';
  if (ifAvailable) {
    console.warn(`${note}; bin/vigil.mjs runs the sources through tsx`);
    process.exit(0);
  }
  console.error(`${note}; run npm install first`);
  process.exit(1);
}

// A clean build into a fresh folder, swapped in at the end: nothing of a deleted or renamed source
// lingers, and a `vigil` already running from dist/ never sees a half-built one.
const out = `${dist}.building-${process.pid}`;
rmSync(out, { recursive: true, force: true });
const built = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.build.json'), '--noCheck', '--outDir', out],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (built.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  console.error('tsc failed: dist/ was left as it was');
  process.exit(built.status ?? 1);
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
for (const file of walk(src).filter((f) => f.endsWith('.mjs') && !f.endsWith('.fixture.mjs'))) {
  const to = join(out, relative(src, file));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(file, to);
}

// The manifest, from the compiled commands, with the built-in configuration (not this machine's).
const scratch = mkdtempSync(join(tmpdir(), 'vigil-build-'));
try {
  const url = (p) => JSON.stringify(pathToFileURL(join(out, p)).href);
  const script = `
    import { Command } from 'commander';
    const { loadConfig } = await import(${url('app/config.js')});
    const { createOutput } = await import(${url('cli/output.js')});
    const { lazyCliContext } = await import(${url('cli/lazy-context.js')});
    const { registerAll, writeCommandManifest } = await import(${url('cli/command-table.js')});
    const program = new Command('vigil');
    await registerAll(program, lazyCliContext(loadConfig({}, ${JSON.stringify(scratch)}), createOutput(false)).context);
    await writeCommandManifest(${JSON.stringify(join(out, 'cli', 'command-manifest.json'))}, program);`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIGIL_')));
  const manifest = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (manifest.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    console.error('could not write the command manifest: dist/ was left as it was');
    process.exit(manifest.status ?? 1);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (!existsSync(join(out, 'cli', 'main.js'))) {
  rmSync(out, { recursive: true, force: true });
  console.error('the build wrote no cli/main.js: dist/ was left as it was');
  process.exit(1);
}
writeFileSync(join(out, '.build-stamp'), `${new Date().toISOString()}\n`);
const old = `${dist}.old-${process.pid}`;
if (existsSync(dist)) renameSync(dist, old);
try {
  renameSync(out, dist);
} catch (err) {
  // Another build (of the same sources) put its dist/ in place between the two renames: keep it.
  if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
  rmSync(out, { recursive: true, force: true });
}
rmSync(old, { recursive: true, force: true });
console.log(`built the server into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
