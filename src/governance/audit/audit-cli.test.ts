import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/database.ts';
import { appendAudit } from './audit-log.ts';
import { dropAuditTriggers } from '../../../test/support/audit.ts';
import { openAuditWitness } from './audit-witness.ts';
import { loadAuditSigningKey } from './signing-key.ts';
import { defaultWitnessFile } from './witness-format.ts';

const bin = fileURLToPath(new URL('../../../bin/vigil.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vigil-audit-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

function vigil(args: string[], data = 'data'): Promise<{ code: number; stdout: string; stderr: string }> {
  const config = join(root, 'config.json');
  writeFileSync(config, '{}');
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_DATA_DIR: join(root, data), VIGIL_CONFIG: config };
  for (const k of ['DATABASE_URL', 'VIGIL_KEY_FILE', 'VIGIL_MEDIA_KEY']) delete env[k];
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, cwd: root }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('vigil audit verify (R29)', () => {
  it('exits 0 on an intact chain and 2 naming the first tampered entry', async () => {
    const database = await openDatabase({ dataDir: join(root, 'data') });
    try {
      for (let i = 1; i <= 5; i++) await appendAudit(database.db, { actor: `officer${i}`, action: 'search.run' });
    } finally {
      await database.close();
    }
    const intact = await vigil(['audit', 'verify', '--json']);
    assert.equal(intact.code, 0, intact.stderr + intact.stdout);
    assert.equal((JSON.parse(intact.stdout) as { entries: number }).entries, 5);

    const tampered = await openDatabase({ dataDir: join(root, 'data') });
    try {
      await dropAuditTriggers(tampered);
      await tampered.db.updateTable('audit_log').set({ actor: 'nobody' }).where('seq', '=', 3).execute();
    } finally {
      await tampered.close();
    }
    const broken = await vigil(['audit', 'verify', '--json']);
    assert.equal(broken.code, 2, broken.stderr + broken.stdout);
    const { error } = JSON.parse(broken.stdout) as { error: { name: string; code: string; message: string } };
    assert.equal(error.name, 'AuditError');
    assert.equal(error.code, 'altered');
    assert.match(error.message, /broken at entry 3 \(altered\)/);
  });
});

describe('vigil audit anchor and the witness (R29)', () => {
  it('anchors as the local principal, witnesses its entry, and verify says what it compared', async () => {
    const anchored = await vigil(['audit', 'anchor', '--json'], 'witnessed');
    assert.equal(anchored.code, 0, anchored.stderr + anchored.stdout);
    const list = await vigil(['audit', 'list', '--json'], 'witnessed');
    const { entries } = JSON.parse(list.stdout) as { entries: { action: string; actor: string }[] };
    assert.match(entries[0]?.actor ?? '', /^local:/, 'no --user: the OS user, as local:<name>');
    assert.equal(entries[0]?.action, 'audit.anchor');
    const witness = readFileSync(join(root, 'witnessed-audit', 'audit-witness.jsonl'), 'utf8');
    assert.equal(witness.trim().split('\n').length, 1, 'one line: the audit.anchor entry');
    const verified = await vigil(['audit', 'verify'], 'witnessed');
    assert.equal(verified.code, 0, verified.stderr + verified.stdout);
    for (const what of [
      /^chain: 1 entries intact/m,
      /^anchors: 1 signed/m,
      /^audit\.anchor entries: 1/m,
      /^witness \(.*\): 1 line\(s\), 1 entries matched/m,
      /^triggers: append-only triggers present/m,
    ]) {
      assert.match(verified.stdout, what);
    }
    assert.match((await vigil(['audit', 'anchor', '--user', 'x'], 'witnessed')).stderr, /unknown option '--user'/);
  });
});

describe('vigil audit acknowledge (R29)', () => {
  it('vouches for entries a crash left unwitnessed, audited, and verify reports them witnessed late', async () => {
    const dataDir = join(root, 'crashed');
    const key = loadAuditSigningKey({ dataDir, freshInstallation: true });
    const database = await openDatabase({ dataDir });
    try {
      const witness = openAuditWitness({ db: database.db, key, file: defaultWitnessFile(dataDir), everyMs: 60_000 });
      for (let i = 0; i < 2; i++) await appendAudit(database.db, { actor: 'alice', action: 'search.run' });
      await witness.close();
      for (let i = 0; i < 2; i++) await appendAudit(database.db, { actor: 'bob', action: 'search.run' });
    } finally {
      await database.close();
    }
    const noReason = await vigil(['audit', 'acknowledge', '--through', '4'], 'crashed');
    assert.notEqual(noReason.code, 0);
    assert.match(noReason.stderr, /--reason/);
    const acked = await vigil(
      ['audit', 'acknowledge', '--through', '4', '--reason', 'kill -9, matches the server log'],
      'crashed',
    );
    assert.equal(acked.code, 0, acked.stderr + acked.stdout);
    assert.match(acked.stdout, /acknowledged 2 unwitnessed entries \(3\.\.4\) as local:.+ in entry #5/);
    const again = await vigil(['audit', 'acknowledge', '--through', '4', '--reason', 'twice', '--json'], 'crashed');
    assert.equal(again.code, 2, again.stderr + again.stdout);
    assert.match(again.stdout, /nothing-to-acknowledge/);
    const list = await vigil(['audit', 'list', '--json', '--action', 'audit.unwitnessed'], 'crashed');
    const { entries } = JSON.parse(list.stdout) as { entries: { actor: string; details: Record<string, unknown> }[] };
    assert.equal(entries.length, 1);
    assert.match(entries[0]?.actor ?? '', /^local:/);
    assert.deepEqual([entries[0]?.details['fromSeq'], entries[0]?.details['throughSeq']], [3, 4]);
    const verified = await vigil(['audit', 'verify'], 'crashed');
    assert.equal(verified.code, 0, verified.stderr + verified.stdout);
    assert.match(verified.stdout, /2 witnessed late \(acknowledged by local:.+ in entry #5\)/);
  });
});
