/**
 * The databases repository tests run against: SQLite always, and PostgreSQL when
 * VIGIL_TEST_POSTGRES_URL is set (CI sets it after checking the server answers). Each opened
 * PostgreSQL database is a fresh schema, dropped again on close, so tests never share rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';

export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<Database>;
}

export const postgresTestUrl = process.env['VIGIL_TEST_POSTGRES_URL'];

export function testDatabases(): TestDatabase[] {
  const sqlite: TestDatabase = { name: 'sqlite', open: () => openDatabase({ sqliteFile: ':memory:' }) };
  if (!postgresTestUrl) return [sqlite];
  const url = postgresTestUrl;
  const postgres: TestDatabase = {
    name: 'postgres',
    async open() {
      const schema = `vigil_test_${randomBytes(6).toString('hex')}`;
      const drop = async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      };
      let database: Awaited<ReturnType<typeof openDatabase>>;
      try {
        database = await openDatabase({ url, pgSchema: schema, poolSize: 4 });
      } catch (err) {
        await drop();
        throw err;
      }
      return {
        ...database,
        async close() {
          await database.close();
          await drop();
        },
      };
    },
  };
  return [sqlite, postgres];
}
