import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { createAnchor, exportAnchors, parseAnchorsExport, signAnchor } from './audit-anchors.ts';
import { computeAuditHash } from './audit-hash.ts';
import { appendAudit, rowToRecord } from './audit-log.ts';
import { dropAuditTriggers } from '../../../test/support/audit.ts';
import { verifyAuditChain, type VerifyResult } from './audit-verify.ts';
import { loadAuditSigningKey, type AuditSigningKey } from './signing-key.ts';

const dirs: string[] = [];
// A key's default folder is beside its data folder (`<dir>-audit`).
after(() => dirs.flatMap((d) => [d, `${d}-audit`]).forEach((d) => rmSync(d, { recursive: true, force: true })));
function newKey(): AuditSigningKey {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-key-'));
  dirs.push(dir);
  return loadAuditSigningKey({ dataDir: dir, freshInstallation: true });
}
const key = newKey();

/** Six entries with a target, details and a system actor among them. */
async function seed(database: Database, n = 6): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await appendAudit(database.db, {
      actor: i % 3 === 0 ? null : `officer${i}`,
      action: i % 2 ? 'search.run' : 'alert.viewed',
      target: { type: 'case', id: `c${i}` },
      details: { n: i, period: { from: '2024-01-01', to: '2024-01-02' } },
    });
  }
}

function bad(r: VerifyResult): { seq: number; problem: string } | undefined {
  return r.firstBad ? { seq: r.firstBad.seq, problem: r.firstBad.problem } : undefined;
}

async function withTampered(
  open: () => Promise<Database>,
  fn: (d: Database) => Promise<void>,
  seedCount = 6,
): Promise<void> {
  const database = await open();
  try {
    await seed(database, seedCount);
    await dropAuditTriggers(database);
    await fn(database);
  } finally {
    await database.close();
  }
}

const alterations: Record<string, (seq: number) => Record<string, string | number | null>> = {
  at: () => ({ at: '2020-01-01T00:00:00.000Z' }),
  actor: () => ({ actor: 'someone-else' }),
  action: () => ({ action: 'search.deleted' }),
  outcome: () => ({ outcome: 'denied' }),
  target_type: () => ({ target_type: 'deployment' }),
  target_id: () => ({ target_id: 'c999' }),
  details_json: (seq) => ({ details_json: JSON.stringify({ n: seq + 100, period: { from: 'x', to: 'y' } }) }),
  details_whitespace: (seq) => ({ details_json: `{ "n":${seq},"period":{"from":"2024-01-01","to":"2024-01-02"}}` }),
  prev_hash: () => ({ prev_hash: 'f'.repeat(64) }),
  hash: () => ({ hash: 'e'.repeat(64) }),
};

for (const target of testDatabases()) {
  describe(`audit chain verification on ${target.name} (R29)`, () => {
    it('verifies an intact chain, paging through it', async () => {
      const database = await target.open();
      try {
        await seed(database, 7);
        const r = await verifyAuditChain(database.db, { pageSize: 2 });
        assert.equal(r.ok, true);
        assert.equal(r.entries, 7);
        assert.equal(r.head?.seq, 7);
        assert.equal(r.firstBad, undefined);
      } finally {
        await database.close();
      }
    });

    it('names the altered row whatever field of whichever row was changed', () =>
      withTampered(target.open, async ({ db }) => {
        for (const seq of [1, 4, 6]) {
          for (const [field, change] of Object.entries(alterations)) {
            const original = await db
              .selectFrom('audit_log')
              .selectAll()
              .where('seq', '=', seq)
              .executeTakeFirstOrThrow();
            await db.updateTable('audit_log').set(change(seq)).where('seq', '=', seq).execute();
            const r = await verifyAuditChain(db, { pageSize: 4 });
            assert.deepEqual(bad(r), { seq, problem: 'altered' }, `${field} of entry ${seq}`);
            assert.equal(r.ok, false);
            assert.equal(r.entries, seq - 1);
            const { seq: _s, ...rest } = original;
            await db.updateTable('audit_log').set(rest).where('seq', '=', seq).execute();
          }
        }
        assert.equal((await verifyAuditChain(db)).ok, true, 'restored rows verify again');
      }));

    it('names the broken link after a row rewritten with its hash recomputed', () =>
      withTampered(target.open, async ({ db }) => {
        const row = await db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
        const record = rowToRecord(row);
        const hash = computeAuditHash({ ...record, actor: 'someone-else', target: record.target ?? null });
        await db.updateTable('audit_log').set({ actor: 'someone-else', hash }).where('seq', '=', 3).execute();
        const r = await verifyAuditChain(db);
        assert.deepEqual(bad(r), { seq: 4, problem: 'broken-link' });
        assert.match(r.firstBad?.message ?? '', /hash of entry 3/);
      }));

    it('detects a deleted row at its seq, in the middle and at the start', () =>
      withTampered(target.open, async ({ db }) => {
        await db.deleteFrom('audit_log').where('seq', '=', 4).execute();
        let r = await verifyAuditChain(db);
        assert.deepEqual(bad(r), { seq: 4, problem: 'missing' });
        assert.match(r.firstBad?.message ?? '', /entry 4 is missing/);
        await db.deleteFrom('audit_log').where('seq', '=', 1).execute();
        r = await verifyAuditChain(db);
        assert.deepEqual(bad(r), { seq: 1, problem: 'missing' });
      }));

    it('detects a truncated tail through a stored anchor, and through an exported one', () =>
      withTampered(target.open, async (database) => {
        const { db } = database;
        const anchor = await createAnchor(db, key); // entry 7
        assert.equal(anchor.seq, 7);
        const exported = parseAnchorsExport(JSON.stringify(await exportAnchors(db, key)), 'anchors.json');
        await appendAudit(db, { actor: 'a', action: 'auth.login' });
        assert.equal((await verifyAuditChain(db, { publicKey: key.publicKey })).ok, true);
        await db.deleteFrom('audit_log').where('seq', '>=', 6).execute();
        let r = await verifyAuditChain(db, { publicKey: key.publicKey });
        assert.deepEqual(bad(r), { seq: 6, problem: 'truncated' });
        // The attacker deletes the stored anchors too: the outside party's copy still catches it.
        await db.deleteFrom('audit_anchors').execute();
        assert.equal((await verifyAuditChain(db, { publicKey: key.publicKey })).ok, true, 'nothing left to see');
        r = await verifyAuditChain(db, { publicKey: exported.publicKeyObject, anchors: exported.anchors });
        assert.deepEqual(bad(r), { seq: 6, problem: 'truncated' });
      }));

    it('detects a tail rewritten from some entry on through the anchor after it', () =>
      withTampered(target.open, async ({ db }) => {
        const anchor = await createAnchor(db, key);
        await db.deleteFrom('audit_log').where('seq', '>=', 5).execute();
        for (let i = 5; i <= anchor.seq; i++) await appendAudit(db, { actor: 'mallory', action: 'auth.login' });
        const r = await verifyAuditChain(db, { publicKey: key.publicKey });
        assert.deepEqual(bad(r), { seq: anchor.seq, problem: 'altered' });
      }));

    it('refuses anchors with a forged signature or from another key', async () => {
      const database = await target.open();
      try {
        await seed(database, 3);
        const real = await createAnchor(database.db, key);
        const forgedHash = { ...real, hash: 'c'.repeat(64) };
        const { privateKey } = generateKeyPairSync('ed25519');
        const otherKey = { ...key, privateKey };
        const wrongKey = signAnchor({ seq: real.seq, hash: real.hash, at: real.at }, otherKey);
        const r = await verifyAuditChain(database.db, { publicKey: key.publicKey, anchors: [forgedHash, wrongKey] });
        assert.equal(r.ok, false);
        assert.equal(r.firstBad, undefined, 'the chain itself is intact');
        assert.equal(r.anchors.checked, 1, 'only the genuine stored anchor counts');
        assert.deepEqual(
          r.anchors.invalid.map((i) => [i.seq, i.source]),
          [
            [real.seq, 'supplied'],
            [real.seq, 'supplied'],
          ],
        );
        assert.ok(r.anchors.invalid.some((i) => /forged or altered/.test(i.message)));
        await assert.rejects(verifyAuditChain(database.db), /no public key/);
      } finally {
        await database.close();
      }
    });

    it('detects a forged anchor row in the database', () =>
      withTampered(target.open, async ({ db }) => {
        const real = await createAnchor(db, key);
        await sql`UPDATE audit_anchors SET seq = ${real.seq + 5} WHERE seq = ${real.seq}`.execute(db);
        const r = await verifyAuditChain(db, { publicKey: key.publicKey });
        assert.equal(r.ok, false);
        assert.equal(r.anchors.invalid[0]?.source, 'stored');
        // A refused anchor is not evidence of truncation; its audit.anchor entry lost its anchor, though.
        assert.deepEqual(bad(r), { seq: real.seq, problem: 'anchor-missing' });
      }));
  });
}
