import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { AuditError, GENESIS_HASH } from './audit-hash.ts';
import { appendAudit } from './audit-log.ts';
import { exportAudit, listAudit } from './audit-query.ts';
import { verifyAuditChain } from './audit-verify.ts';

async function withDb(open: () => Promise<Database>, fn: (d: Database) => Promise<void>): Promise<void> {
  const database = await open();
  try {
    await fn(database);
  } finally {
    await database.close();
  }
}

for (const target of testDatabases()) {
  describe(`audit log on ${target.name} (R29)`, () => {
    it('chains entries from the genesis value and lists them newest first with filters', () =>
      withDb(target.open, async ({ db }) => {
        const a = await appendAudit(db, { actor: 'alice', action: 'auth.login', details: { method: 'password' } });
        const b = await appendAudit(db, {
          actor: 'bob',
          action: 'watchlist.entry_added',
          target: { type: 'watchlist', id: 'w1' },
          details: { subject: 's1', reason: 'warrant' },
        });
        const c = await appendAudit(db, { actor: 'alice', action: 'auth.logout' });
        const d = await appendAudit(db, { actor: null, action: 'auth.login', outcome: 'denied' });
        assert.deepEqual([a.seq, b.seq, c.seq, d.seq], [1, 2, 3, 4]);
        assert.equal(a.prevHash, GENESIS_HASH);
        assert.equal(b.prevHash, a.hash);
        assert.match(a.hash, /^[0-9a-f]{64}$/);

        const all = await listAudit(db, { limit: 10 });
        assert.equal(all.total, 4);
        assert.deepEqual(
          all.entries.map((e) => e.seq),
          [4, 3, 2, 1],
        );
        assert.deepEqual(all.entries[2], b);
        const auth = await listAudit(db, { action: 'auth', limit: 1, offset: 1 });
        assert.equal(auth.total, 3);
        assert.deepEqual(
          auth.entries.map((e) => e.seq),
          [3],
        );
        assert.equal((await listAudit(db, { action: 'auth.login', limit: 10 })).total, 2);
        assert.equal((await listAudit(db, { actor: 'alice', limit: 10 })).total, 2);
        assert.equal((await listAudit(db, { targetType: 'watchlist', targetId: 'w1', limit: 10 })).total, 1);
        assert.equal((await listAudit(db, { from: a.at, to: '2999-01-01', limit: 10 })).total, 4);
        assert.equal((await listAudit(db, { to: a.at, limit: 10 })).total, 0);

        const exported = [];
        for await (const r of exportAudit(db, { fromSeq: 2, toSeq: 3, pageSize: 1 })) exported.push(r.seq);
        assert.deepEqual(exported, [2, 3]);
        assert.equal((await verifyAuditChain(db)).ok, true);
      }));

    it('commits and rolls back with the change it records', () =>
      withDb(target.open, async ({ db }) => {
        await appendAudit(db, { actor: 'alice', action: 'case.created' });
        await assert.rejects(
          db.transaction().execute(async (tx) => {
            await appendAudit(tx, { actor: 'alice', action: 'case.deleted', target: { type: 'case', id: 'c1' } });
            throw new Error('the change failed');
          }),
          /the change failed/,
        );
        const after = await appendAudit(db, { actor: 'alice', action: 'case.created' });
        assert.equal(after.seq, 2, 'the rolled-back entry left no row and no gap');
        assert.equal((await listAudit(db, { limit: 10 })).total, 2);
        assert.equal((await verifyAuditChain(db)).ok, true);
      }));

    it('never forks under concurrent transactions', () =>
      withDb(target.open, async ({ db }) => {
        const n = 20;
        await Promise.all(
          Array.from({ length: n }, (_, i) =>
            db.transaction().execute(async (tx) => {
              await sql`SELECT 1`.execute(tx);
              return appendAudit(tx, { actor: `user${i}`, action: 'search.run', details: { i } });
            }),
          ),
        );
        const result = await verifyAuditChain(db);
        assert.equal(result.ok, true, JSON.stringify(result.firstBad));
        assert.equal(result.entries, n);
        assert.equal(result.head?.seq, n);
      }));

    it('refuses UPDATE and DELETE in the database itself', () =>
      withDb(target.open, async (database) => {
        const { db } = database;
        await appendAudit(db, { actor: 'alice', action: 'auth.login' });
        await assert.rejects(db.updateTable('audit_log').set({ actor: 'mallory' }).execute(), /append-only/);
        await assert.rejects(db.deleteFrom('audit_log').execute(), /append-only/);
        if (database.dialect === 'postgres') await assert.rejects(sql`TRUNCATE audit_log`.execute(db), /append-only/);
        assert.equal((await listAudit(db, { limit: 10 })).entries[0]?.actor, 'alice');
      }));

    it('refuses biometric data and bad entries before writing anything', () =>
      withDb(target.open, async ({ db }) => {
        await assert.rejects(
          appendAudit(db, { actor: 'alice', action: 'gallery.enrolled', details: { image: Buffer.from('jpeg') } }),
          (err: unknown) => err instanceof AuditError && err.code === 'biometric',
        );
        await assert.rejects(appendAudit(db, { actor: 'alice', action: 'Login' }), AuditError);
        await assert.rejects(appendAudit(db, { actor: '', action: 'auth.login' }), AuditError);
        await assert.rejects(
          appendAudit(db, { actor: 'a', action: 'auth.login', target: { type: 'User Account', id: 'x' } }),
          AuditError,
        );
        assert.equal((await listAudit(db, { limit: 10 })).total, 0);
      }));
  });
}
