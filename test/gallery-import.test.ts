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

const args = ['bin/vigil.mjs', 'gallery', 'import', folder, '--manifest', manifest, '--user', 'importer', '--json'];

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
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: 'ignore' });
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
  const second = spawnSync(process.execPath, args, { cwd: repoRoot, env, encoding: 'utf8' });
  assert.equal(second.status, 0, second.stderr);
  const summary = JSON.parse(second.stdout) as {
    enrolled: number;
    skipped: number;
    refused: number;
    refusedBy: Record<string, number>;
    total: number;
    imagesPerSecond: number;
  };
  assert.equal(summary.total, 27);
  assert.equal(summary.skipped, afterKill, 'what the first run enrolled is skipped, not enrolled again');
  assert.equal(summary.refusedBy['unreadable'], 1, 'the missing file is reported');
  assert.equal(summary.refusedBy['corrupt'] ?? summary.refusedBy['not-an-image'], 1, 'the corrupt file is reported');
  assert.equal(afterKill + summary.enrolled + summary.refused, 27);

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
  const third = spawnSync(process.execPath, args, { cwd: repoRoot, env, encoding: 'utf8' });
  assert.equal(JSON.parse(third.stdout).enrolled, 0);
});

test('vigil search finds the person among the imported subjects, as leads (R31, R34)', () => {
  const probe = sharedPath('data', 'lfw', 'images', 'Colin_Powell', 'Colin_Powell_0009.jpg');
  const common = ['bin/vigil.mjs', 'search', probe, '--case', 'CAD-9', '--offence', 'robbery', '--provenance', 'cctv'];
  const run = (extra: string[]) =>
    spawnSync(process.execPath, [...common, ...extra], { cwd: repoRoot, env, encoding: 'utf8' });
  const refused = run(['--legal-basis', 'common law', '--user', 'inv', '--json']);
  assert.equal(refused.status, 2, 'no justification: refused');
  const r = run([
    '--justification',
    'Street robbery on 2026-11-01, suspect caught on CCTV.',
    '--legal-basis',
    'common law policing purpose',
    '--user',
    'inv',
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
