// `vigil gallery import` as a user runs it: a real process, killed with SIGKILL part-way, then run
// again: every good image ends up enrolled exactly once, and bad files are reported and skipped.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { cliToken } from './support/cli.ts';
import { repoRoot, sharedPath } from '../src/shared/paths.ts';

const work = mkdtempSync(join(tmpdir(), 'vigil-import-'));
after(() => rmSync(work, { recursive: true, force: true }));

const folder = join(work, 'images');
const dataDir = join(work, 'data');
const env = {
  ...process.env,
  VIGIL_DATA_DIR: dataDir,
  VIGIL_MEDIA_KEY: randomBytes(32).toString('base64'),
  VIGIL_WORKERS: '1',
  VIGIL_CONFIG: join(work, 'none.json'),
};
writeFileSync(join(work, 'none.json'), '{}');

// Five images each of five people (linked, not copied), one corrupt file, one missing file.
const people = ['Colin_Powell', 'Jacques_Chirac', 'Donald_Rumsfeld', 'Gerhard_Schroeder', 'Junichiro_Koizumi'];
const rows: string[] = ['file,reference,display_name,source,legal_basis,reason'];
spawnSync('mkdir', ['-p', folder]);
for (const person of people) {
  const files = readdirSync(sharedPath('data', 'lfw', 'images', person))
    .sort()
    .slice(0, 5);
  for (const f of files) {
    symlinkSync(sharedPath('data', 'lfw', 'images', person, f), join(folder, f));
    rows.push(`${f},${person},"${person.replace(/_/g, ' ')}",custody,PACE s64A,test import`);
  }
}
writeFileSync(join(folder, 'corrupt.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
rows.push('corrupt.jpg,BROKEN-1,Broken,custody,PACE s64A,test import');
rows.push('missing.jpg,MISSING-1,Missing,custody,PACE s64A,test import');
const manifest = join(work, 'manifest.csv');
writeFileSync(manifest, rows.join('\n') + '\n');

// The command acts as the holder of the API token it is given (R30, issue 12): never a name from a flag.
const tokens = {
  importer: await cliToken({ dataDir }, 'importer', ['watchlist-manager']),
  inv: await cliToken({ dataDir }, 'inv', ['investigator']),
  other: await cliToken({ dataDir }, 'inv.other', ['investigator']),
  officer: await cliToken({ dataDir }, 'ao.one', ['authorising-officer']),
  auditor: await cliToken({ dataDir }, 'aud.one', ['auditor']),
};
const as = (token: string) => ({ ...env, VIGIL_TOKEN: token });
const importEnv = as(tokens.importer);
const args = ['bin/vigil.mjs', 'gallery', 'import', folder, '--manifest', manifest, '--json'];

function enrolledCount(): number {
  try {
    const db = new Database(join(dataDir, 'vigil.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('select count(*) as n from reference_images').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

test('an import killed part-way finishes on a re-run with every image enrolled once', async () => {
  // First run: SIGKILL once a few images are in.
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: importEnv, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let killedAt = -1;
  while (child.exitCode === null) {
    const n = enrolledCount();
    if (n >= 4) {
      child.kill('SIGKILL');
      killedAt = n;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await exited;
  assert.ok(killedAt >= 4, 'the first run was killed part-way');
  const afterKill = enrolledCount();
  assert.ok(afterKill < 25, `killed before the end (${afterKill} enrolled)`);

  // Second run: finishes, skipping what is done.
  const second = spawnSync(process.execPath, args, { cwd: repoRoot, env: importEnv, encoding: 'utf8' });
  assert.equal(second.status, 0, second.stderr);
  const summary = JSON.parse(second.stdout) as {
    enrolled: number;
    skipped: number;
    refused: number;
    refusedBy: Record<string, number>;
    total: number;
    imagesPerSecond: number;
    refusals: { line: number; file: string; code: string }[];
    duplicates: { file: string; resembles: { reference: string; score: number }[] }[];
    possibleDuplicates: number;
  };
  assert.equal(summary.total, 27);
  assert.equal(summary.skipped, afterKill, 'what the first run enrolled is skipped, not enrolled again');
  assert.equal(summary.refusedBy['unreadable'], 1, 'the missing file is reported');
  assert.equal(summary.refusedBy['corrupt'] ?? summary.refusedBy['not-an-image'], 1, 'the corrupt file is reported');
  assert.equal(afterKill + summary.enrolled + summary.refused, 27);
  // Issue 15: each refusal named with its file and reason; the duplicates listed (whom they resemble).
  assert.equal(summary.refusals.length, summary.refused);
  assert.deepEqual(
    summary.refusals.filter((r) => r.line > 26).map((r) => [r.file, r.code]),
    [
      ['corrupt.jpg', summary.refusedBy['corrupt'] ? 'corrupt' : 'not-an-image'],
      ['missing.jpg', 'unreadable'],
    ],
  );
  assert.equal(summary.duplicates.length, summary.possibleDuplicates);
  // --json: stdout is the one document (parsed above) and stderr carries no progress noise.
  assert.doesNotMatch(second.stderr, /gallery import|\d+\/27/);

  const db = new Database(join(dataDir, 'vigil.sqlite'), { readonly: true });
  try {
    const images = db.prepare('select import_key from reference_images').all() as { import_key: string }[];
    assert.equal(new Set(images.map((i) => i.import_key)).size, images.length, 'no image enrolled twice');
    assert.equal(images.length, afterKill + summary.enrolled);
    const templates = db.prepare('select count(*) as n from templates').get() as { n: number };
    assert.equal(templates.n, images.length, 'one template per image');
    const subjects = db.prepare('select count(*) as n from subjects').get() as { n: number };
    assert.equal(subjects.n, people.length);
  } finally {
    db.close();
  }

  // A third run has nothing left to do.
  const third = spawnSync(process.execPath, args, { cwd: repoRoot, env: importEnv, encoding: 'utf8' });
  assert.equal(JSON.parse(third.stdout).enrolled, 0);
});

test('vigil search finds the person among the imported subjects, as leads (R31, R34)', () => {
  const probe = sharedPath('data', 'lfw', 'images', 'Colin_Powell', 'Colin_Powell_0009.jpg');
  const common = ['bin/vigil.mjs', 'search', probe, '--case', 'CAD-9', '--offence', 'robbery', '--provenance', 'cctv'];
  const run = (extra: string[]) =>
    spawnSync(process.execPath, [...common, ...extra], { cwd: repoRoot, env: as(tokens.inv), encoding: 'utf8' });
  const refused = run(['--legal-basis', 'common law', '--json']);
  assert.equal(refused.status, 2, 'no justification: refused');
  const r = run([
    '--justification',
    'Street robbery on 2026-11-01, suspect caught on CCTV.',
    '--legal-basis',
    'common law policing purpose',
    '--candidates',
    '3',
    '--json',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const body = JSON.parse(r.stdout) as { notice: string; candidates: { rank: number; reference: string }[] };
  assert.match(body.notice, /leads, not identifications/);
  assert.equal(body.candidates.length, 3);
  assert.equal(body.candidates[0]?.reference, 'Colin_Powell');
});

test("the command line takes no identity from a flag: it acts as the token holder, with the API's checks (R30)", () => {
  const probe = sharedPath('data', 'lfw', 'images', 'Colin_Powell', 'Colin_Powell_0009.jpg');
  const search = [
    ...['bin/vigil.mjs', 'search', probe, '--case', 'CAD-9', '--offence', 'robbery', '--provenance', 'cctv'],
    ...['--justification', 'Street robbery on 2026-11-01, suspect caught on CCTV.', '--legal-basis', 'common law'],
  ];
  const run = (argv: string[], runEnv: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, argv, { cwd: repoRoot, env: runEnv, encoding: 'utf8' });

  const noToken = run(search, env);
  assert.equal(noToken.status, 2);
  assert.match(noToken.stderr, /^vigil: set VIGIL_TOKEN .*no token was given\n$/);
  const named = run([...search, '--user', 'inv'], as(tokens.inv));
  assert.equal(named.status, 2);
  assert.match(named.stderr, /unknown option '--user'/);

  // An authorising officer may not search: refused, and recorded as that real user.
  const officer = run(search, as(tokens.officer));
  assert.equal(officer.status, 2, officer.stderr);
  assert.match(officer.stderr, /ao\.one does not hold the permission search:run/);
  // An investigator who is not on the case may not search it.
  const other = run(search, as(tokens.other));
  assert.equal(other.status, 2, other.stderr);
  assert.match(other.stderr, /CAD-9 is not one of yours/);
  // An auditor may not enrol: nothing is imported.
  const before = enrolledCount();
  const auditor = run(args, as(tokens.auditor));
  assert.equal(auditor.status, 2, auditor.stdout);
  assert.equal(JSON.parse(auditor.stdout).error.code, 'missing-permission');
  assert.equal(enrolledCount(), before);

  const db = new Database(join(dataDir, 'vigil.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare(`select actor, action, details_json from audit_log where outcome = 'denied' order by seq`)
      .all() as { actor: string; action: string; details_json: string }[];
    const denied = rows.map((r) => ({ actor: r.actor, action: r.action, ...(JSON.parse(r.details_json) as object) }));
    assert.ok(
      denied.some((d) => d.actor === 'ao.one' && d.action === 'auth.denied' && (d as { via?: string }).via === 'cli'),
      "the officer's refusal is recorded as ao.one, through the command line",
    );
    assert.ok(denied.some((d) => d.actor === 'inv.other' && d.action === 'case.access-denied'));
    assert.ok(
      denied.some((d) => d.actor === 'aud.one' && (d as { permission?: string }).permission === 'gallery:enrol'),
    );
    const searches = db.prepare(`select distinct requested_by from searches`).all() as { requested_by: string }[];
    assert.deepEqual(
      searches.map((r) => r.requested_by),
      ['inv'],
      "every search on record is the token holder's",
    );
  } finally {
    db.close();
  }
});
