import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/database.ts';
import { appendAudit } from './audit-log.ts';
import { dropAuditTriggers } from './audit-testing.ts';

const bin = fileURLToPath(new URL('../../../bin/vigil.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vigil-audit-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

function vigil(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const config = join(root, 'config.json');
  writeFileSync(config, '{}');
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_DATA_DIR: join(root, 'data'), VIGIL_CONFIG: config };
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
