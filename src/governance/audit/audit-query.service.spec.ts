/** Unit spec of the auditors' read of the log (R29): names joined to actors, the key passed to the walk. */
import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { fakeQueryable } from '../../../test/support/fakes.ts';
import type { AuditList } from './audit-query.ts';
import { AuditQueryService } from './audit-query.service.ts';
import type { VerifyResult } from './audit-verify.ts';

const entry = (seq: number, actor: string | null) =>
  ({ seq, at: '2030-01-01T00:00:00.000Z', actor, action: 'x.y', outcome: 'ok', hash: 'h' }) as AuditList['entries'][0];

describe('AuditQueryService (R29)', () => {
  it('lists a page and names the actors who are users, asking once for all of them', async () => {
    const asked: (readonly string[])[] = [];
    const service = new AuditQueryService({
      db: fakeQueryable,
      list: async (_q, query) => ({
        entries: [entry(2, 'ada'), entry(1, null), entry(0, 'local:root')],
        total: 3,
        limit: query.limit,
        offset: 0,
      }),
      names: async (_q, usernames) => {
        asked.push(usernames);
        return new Map([['ada', 'Ada L.']]);
      },
    });
    const page = await service.list({ limit: 10 });
    assert.equal(page.total, 3);
    assert.deepEqual(asked, [['ada', 'local:root']]);
    assert.equal(page.actorNames.get('ada'), 'Ada L.');
    assert.equal(page.actorNames.get('local:root'), undefined);
  });

  it('verifies with the public key when there is one', async () => {
    const seen: unknown[] = [];
    const service = new AuditQueryService({
      db: fakeQueryable,
      verify: async (_q, o) => {
        seen.push(o);
        return { ok: true } as VerifyResult;
      },
    });
    const key = {} as KeyObject;
    await service.verify();
    await service.verify({ publicKey: key });
    assert.deepEqual(seen, [{}, { publicKey: key }]);
  });
});
