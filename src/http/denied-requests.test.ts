// R29/R30: a flood of refused requests adds a handful of audit entries, not one each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDatabases } from '../../test/support/db.ts';
import { readAuditPage } from '../governance/audit/audit-log.ts';
import { openAuthTestApp } from '../../test/support/http-auth.ts';

for (const target of testDatabases()) {
  describe(`denied requests in the audit log on ${target.name}`, () => {
    it('2,000 unauthenticated requests add at most a handful of entries, with the count', async () => {
      const t = await openAuthTestApp(target);
      let rows: Awaited<ReturnType<typeof readAuditPage>> = [];
      try {
        for (let i = 0; i < 2000; i++) {
          const r = await t.app.inject({ url: i % 2 ? '/test/search' : '/v1/users', remoteAddress: '203.0.113.9' });
          assert.equal(r.statusCode, 401);
        }
        assert.equal((await t.app.inject({ url: '/test/search', remoteAddress: '198.51.100.1' })).statusCode, 401);
        await t.app.close(); // closes the window: the summaries are written
        rows = await readAuditPage(t.database.db, 0, 10_000);
      } finally {
        await t.close();
      }
      const denials = rows.filter((r) => r.action.startsWith('auth.denied'));
      assert.ok(denials.length <= 4, `${denials.length} entries for 2,001 denials`);
      assert.deepEqual(
        denials.map((r) => r.action),
        ['auth.denied', 'auth.denied', 'auth.denied-summary'],
      );
      const summary = JSON.parse(denials[2]?.details_json ?? '{}') as Record<string, unknown>;
      assert.equal(summary['address'], '203.0.113.9');
      assert.equal(summary['count'], 1999, 'every denial after the first is counted');
      assert.deepEqual(summary['routes'], { 'GET /test/search': 1000, 'GET /v1/users': 999 });
    });
  });
}
