import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/db.ts';
import { jsonColumns, timestampColumns } from './0018-postgres-column-types.ts';

const written = '2026-03-04T05:06:07.089Z';
const later = '2026-03-04T05:06:08.000Z';

for (const target of testDatabases()) {
  describe(`column types on ${target.name} (issue 16)`, () => {
    it('times and JSON come back exactly as the code wrote them, and times compare in SQL', async () => {
      const database = await target.open();
      try {
        const payload = JSON.stringify({ z: 1, a: [1, 2.5, 'x'], nested: { k: null } });
        for (const [id, at] of [
          ['j1', written],
          ['j2', later],
        ] as const) {
          await database.db
            .insertInto('job_outbox')
            .values({ id, name: 'n', payload_json: payload, created_at: at, relayed_at: null, attempts: 0 })
            .execute();
        }
        const rows = await database.db.selectFrom('job_outbox').selectAll().orderBy('created_at').execute();
        assert.deepEqual(
          rows.map((r) => r.created_at),
          [written, later],
        );
        assert.equal(rows[0]?.relayed_at, null);
        assert.equal(typeof rows[0]?.payload_json, 'string');
        assert.deepEqual(JSON.parse(rows[0]!.payload_json), JSON.parse(payload));
        const before = await database.db
          .selectFrom('job_outbox')
          .select('id')
          .where('created_at', '<', later)
          .execute();
        assert.deepEqual(
          before.map((r) => r.id),
          ['j1'],
        );
        // A raw query gets the same strings (the pool's parsers, not a Kysely plugin).
        const raw = await sql<{ at: string }>`select max(created_at) as at from job_outbox`.execute(database.db);
        assert.equal(raw.rows[0]?.at, later);
      } finally {
        await database.close();
      }
    });

    it('PostgreSQL: the listed columns are timestamptz and jsonb; the audit log stays text', async (t) => {
      if (target.name !== 'postgres') return t.skip('SQLite keeps text');
      const database = await target.open();
      try {
        const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
          select table_name, column_name, data_type from information_schema.columns
          where table_schema = current_schema()`.execute(database.db);
        const typeOf = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
        const expect = (columns: Readonly<Record<string, readonly string[]>>, type: string) => {
          for (const [table, names] of Object.entries(columns)) {
            for (const c of names) {
              const found = typeOf.get(`${table}.${c}`);
              if (found !== undefined) assert.equal(found, type, `${table}.${c}`);
            }
          }
        };
        expect(timestampColumns, 'timestamp with time zone');
        expect(jsonColumns, 'jsonb');
        for (const c of ['audit_log.at', 'audit_log.details_json', 'audit_anchors.at', 'users.roles_json']) {
          assert.equal(typeOf.get(c), 'text', c);
        }
      } finally {
        await database.close();
      }
    });
  });
}
