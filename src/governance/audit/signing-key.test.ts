import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../db/database.ts';
import { anchorIfChanged, listAnchors } from './audit-anchors.ts';
import { appendAudit } from './audit-log.ts';
import { startAnchorSchedule } from './anchor-schedule.ts';
import { AuditError } from './audit-hash.ts';
import {
  defaultSigningKeyFile,
  legacySigningKeyFile,
  loadAuditSigningKey,
  openAuditSigningKey,
  parsePublicKey,
  signingKeyWarning,
} from './signing-key.ts';

const dirs: string[] = [];
// A key's default folder is beside its data folder (`<dir>-audit`).
after(() => dirs.flatMap((d) => [d, `${d}-audit`]).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-key-'));
  dirs.push(dir);
  return dir;
}

describe('audit signing key (R29)', () => {
  it('is created 0600 on a fresh installation and read back after', async () => {
    const dataDir = tempDir();
    const database = await openDatabase({ sqliteFile: ':memory:' });
    try {
      const created = await openAuditSigningKey(database.db, { dataDir });
      assert.equal(created.source, 'created');
      assert.equal(created.location, defaultSigningKeyFile(dataDir));
      assert.equal(statSync(created.location).mode & 0o777, 0o600);
      const again = await openAuditSigningKey(database.db, { dataDir });
      assert.equal(again.source, 'file');
      assert.equal(again.keyId, created.keyId);
      assert.equal(parsePublicKey(created.publicKeyPem, 'pem').asymmetricKeyType, 'ed25519');
    } finally {
      await database.close();
    }
  });

  it('is kept off the data folder by default; one at the old place still loads, with a warning', async () => {
    const dataDir = tempDir();
    const database = await openDatabase({ sqliteFile: ':memory:' });
    try {
      const created = await openAuditSigningKey(database.db, { dataDir });
      assert.equal(created.location, join(`${dataDir}-audit`, 'audit-signing.key'));
      assert.ok(!created.location.startsWith(`${dataDir}/`), 'not inside the data folder');
      assert.equal(signingKeyWarning(created, dataDir), null);
      const old = tempDir();
      mkdirSync(join(old, 'secrets'));
      copyFileSync(created.location, legacySigningKeyFile(old));
      await appendAudit(database.db, { actor: 'alice', action: 'auth.login' });
      const legacy = await openAuditSigningKey(database.db, { dataDir: old });
      assert.equal(legacy.keyId, created.keyId, 'the existing key, never a new one');
      assert.equal(legacy.legacyLocation, true);
      assert.match(signingKeyWarning(legacy, old) ?? '', /still in the data folder.*Move it/);
    } finally {
      await database.close();
    }
  });

  it('is never silently replaced once the installation has audit entries', async () => {
    const database = await openDatabase({ sqliteFile: ':memory:' });
    try {
      await appendAudit(database.db, { actor: 'alice', action: 'auth.login' });
      await assert.rejects(
        openAuditSigningKey(database.db, { dataDir: tempDir() }),
        (err: unknown) =>
          err instanceof AuditError && err.code === 'key-missing' && /already has audit entries/.test(err.message),
      );
      assert.throws(
        () => loadAuditSigningKey({ dataDir: tempDir(), keyFile: join(tempDir(), 'k.pem'), freshInstallation: true }),
        /configuration names it/,
      );
    } finally {
      await database.close();
    }
  });
});

describe('anchor schedule (R29)', () => {
  it('anchors only when something was appended since the last anchor', async () => {
    const database = await openDatabase({ sqliteFile: ':memory:' });
    const key = loadAuditSigningKey({ dataDir: tempDir(), freshInstallation: true });
    const schedule = startAnchorSchedule({ db: database.db, key, everyMs: 60_000 });
    try {
      assert.equal(await schedule.runNow(), null, 'an empty log has nothing to anchor');
      await appendAudit(database.db, { actor: 'alice', action: 'auth.login' });
      const first = await schedule.runNow();
      assert.equal(first?.seq, 2, 'the anchor covers its own audit.anchor entry');
      assert.equal(await schedule.runNow(), null, 'nothing new since');
      assert.equal(await anchorIfChanged(database.db, key), null);
      await appendAudit(database.db, { actor: 'alice', action: 'auth.logout' });
      const [a, b] = await Promise.all([schedule.runNow(), schedule.runNow()]);
      assert.equal(a?.seq, 4);
      assert.equal(b, null, 'runs never overlap or repeat');
      assert.deepEqual(
        (await listAnchors(database.db)).map((x) => x.seq),
        [2, 4],
      );
    } finally {
      await schedule.stop();
      await database.close();
    }
  });
});
