import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DatabaseError, migrate, openDatabase } from './database.ts';
import { migrations } from './migrations/index.ts';
import { testDatabases } from '../../test/support/db.ts';

for (const target of testDatabases()) {
  describe(`database on ${target.name}`, () => {
    it('applies every migration once and reads keys back as numbers', async () => {
      const database = await target.open();
      try {
        assert.deepEqual(
          await migrate(database.db, database.dialect, database.pgSchema),
          [],
          'a second run has nothing to apply',
        );
        const tables = await database.db.introspection.getTables();
        for (const t of ['subjects', 'reference_images', 'templates', 'cases', 'searches', 'search_candidates']) {
          assert.ok(
            tables.some((x) => x.name === t),
            `table ${t}`,
          );
        }
        const now = new Date().toISOString();
        await database.db
          .insertInto('subjects')
          .values({
            id: 's1',
            reference: 'C1',
            display_name: 'A',
            category: null,
            date_of_birth: null,
            created_at: now,
            created_by: 'u',
          })
          .execute();
        await database.db
          .insertInto('reference_images')
          .values({
            id: 'i1',
            subject_id: 's1',
            media_id: 'm',
            sha256: 'h',
            width: 1,
            height: 1,
            format: 'jpeg',
            source: 'custody',
            legal_basis: 'PACE',
            capture_date: null,
            added_by: 'u',
            reason: 'r',
            quality_json: '{}',
            import_key: null,
            created_at: now,
          })
          .execute();
        const row = await database.db
          .insertInto('templates')
          .values({
            image_id: 'i1',
            subject_id: 's1',
            model_id: 'm',
            vector_sealed: Buffer.from([1, 2, 3]),
            created_at: now,
          })
          .returning(['key', 'vector_sealed'])
          .executeTakeFirstOrThrow();
        assert.equal(typeof row.key, 'number');
        assert.deepEqual([...row.vector_sealed], [1, 2, 3]);
        const count = await database.db
          .selectFrom('templates')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(count.n), 1);
        // Foreign keys are enforced in both dialects: deleting the subject takes its rows with it.
        await database.db.deleteFrom('subjects').where('id', '=', 's1').execute();
        assert.equal((await database.db.selectFrom('templates').selectAll().execute()).length, 0);
      } finally {
        await database.close();
      }
    });
  });
}

describe('openDatabase', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-db-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps SQLite in a file under the data directory, and reopens it migrated', async () => {
    const first = await openDatabase({ dataDir: dir });
    assert.equal(first.location, join(dir, 'vigil.sqlite'));
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    assert.deepEqual(await migrate(second.db, second.dialect), []);
    await second.close();
    assert.ok(Object.keys(migrations).length >= 1);
  });

  it('issue 12: the SQLite files are owner-only (0600) and a folder it creates is 0700', async () => {
    const folder = join(dir, 'fresh', 'data');
    const database = await openDatabase({ dataDir: folder });
    try {
      await database.db
        .insertInto('subjects')
        .values({
          id: 'm1',
          reference: 'M1',
          display_name: 'A',
          category: null,
          date_of_birth: null,
          created_at: new Date().toISOString(),
          created_by: 'u',
        })
        .execute();
      const file = join(folder, 'vigil.sqlite');
      assert.equal(statSync(folder).mode & 0o777, 0o700);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        assert.ok(existsSync(f), f);
        assert.equal((statSync(f).mode & 0o777).toString(8), '600', f);
      }
    } finally {
      await database.close();
    }
    // An installation made before: its world-readable file is narrowed when it is opened.
    const old = join(dir, 'old.sqlite');
    writeFileSync(old, '', { mode: 0o644 });
    chmodSync(old, 0o644);
    const reopened = await openDatabase({ sqliteFile: old });
    await reopened.close();
    assert.equal(statSync(old).mode & 0o777, 0o600);
  });

  it('refuses a URL that is not PostgreSQL, and names an unreachable server', async () => {
    await assert.rejects(openDatabase({ url: 'mysql://x' }), DatabaseError);
    await assert.rejects(
      openDatabase({ url: 'postgres://nobody@127.0.0.1:1/none' }),
      (err: unknown) =>
        err instanceof DatabaseError &&
        /cannot reach PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1/.test(err.message),
    );
  });
});
