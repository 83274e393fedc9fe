/**
 * Unit spec of legal holds (R19) over an in-memory repository: a hold needs an existing target
 * (never an anonymised one) and its reason and reference; placing and releasing are audited in
 * the change's unit of work, stamped by the clock; a hold is released once. What a hold protects
 * from a purge is purge-planner.test.ts's (pure).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HoldTargetType, LegalHoldRow } from '../../db/tables/retention.ts';
import { manualClock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { fakeQueryable, fakeUnitOfWork, recordingAudit } from '../../../test/support/fakes.ts';
import type { LegalHoldsRepository } from './legal-holds.repository.ts';
import { LegalHolds } from './legal-holds.ts';
import { ANONYMISED } from './purge-planner.ts';

const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;

class MemoryHolds implements Pick<LegalHoldsRepository, keyof LegalHoldsRepository> {
  readonly rows: LegalHoldRow[] = [];
  constructor(private readonly existing: ReadonlySet<string>) {}
  async insertHold(_q: unknown, row: LegalHoldRow): Promise<void> {
    this.rows.push({ ...row });
  }
  async findHold(_q: unknown, id: string): Promise<LegalHoldRow | undefined> {
    const r = this.rows.find((h) => h.id === id);
    return r ? { ...r } : undefined;
  }
  async listHolds(
    _q: unknown,
    o: { active?: boolean | undefined; targetType?: HoldTargetType | undefined },
  ): Promise<LegalHoldRow[]> {
    return this.rows.filter(
      (h) =>
        (o.active === undefined || (h.released_at === null) === o.active) &&
        (!o.targetType || h.target_type === o.targetType),
    );
  }
  async releaseHold(_q: unknown, id: string, by: string, at: string, note: string | null): Promise<boolean> {
    const h = this.rows.find((r) => r.id === id && r.released_at === null);
    if (h) Object.assign(h, { released_by: by, released_at: at, release_note: note });
    return h !== undefined;
  }
  async targetExists(_q: unknown, type: HoldTargetType, id: string): Promise<boolean> {
    return this.existing.has(`${type}:${id}`);
  }
}

function setUp() {
  const repository = new MemoryHolds(new Set(['case:c1', 'subject:s1', `alert:${ANONYMISED}`]));
  const audit = recordingAudit();
  const clock = manualClock('2030-02-01T10:00:00.000Z');
  const holds = new LegalHolds({ db: fakeQueryable, unitOfWork: fakeUnitOfWork, repository, audit, clock });
  return { holds, repository, audit, clock };
}

const input = { targetType: 'case' as const, targetId: ' c1 ', reason: 'complaint', reference: 'PSD/2030/7' };

describe('LegalHolds (R19)', () => {
  it('places a hold on an existing target, stamped and audited', async () => {
    const t = setUp();
    const hold = await t.holds.place(input, 'rita');
    assert.equal(hold.targetId, 'c1');
    assert.equal(hold.placedAt, '2030-02-01T10:00:00.000Z');
    assert.equal(hold.active, true);
    assert.deepEqual(t.audit.entries, [
      {
        actor: 'rita',
        action: 'retention.hold.placed',
        target: { type: 'legal-hold', id: hold.id },
        details: { targetType: 'case', targetId: 'c1', reason: 'complaint', reference: 'PSD/2030/7' },
      },
    ]);
  });

  it('refuses a missing or anonymised target, an unknown type and empty fields, recording nothing', async () => {
    const t = setUp();
    await assert.rejects(t.holds.place({ ...input, targetId: 'c2' }, 'rita'), code('no-such-target'));
    await assert.rejects(
      t.holds.place({ ...input, targetType: 'alert', targetId: ANONYMISED }, 'rita'),
      code('no-such-target'),
    );
    await assert.rejects(
      t.holds.place({ ...input, targetType: 'camera' as HoldTargetType }, 'rita'),
      code('invalid-target-type'),
    );
    await assert.rejects(t.holds.place({ ...input, reason: '  ' }, 'rita'), code('invalid-reason'));
    await assert.rejects(t.holds.place({ ...input, reference: 'x'.repeat(201) }, 'rita'), code('invalid-reference'));
    assert.equal(t.repository.rows.length, 0);
    assert.equal(t.audit.entries.length, 0);
  });

  it('releases a hold once, with its note, at the clock time', async () => {
    const t = setUp();
    const hold = await t.holds.place({ ...input, targetType: 'subject', targetId: 's1' }, 'rita');
    t.clock.advance(3_600_000);
    const released = await t.holds.release(hold.id, 'sam', ' complaint closed ');
    assert.equal(released.active, false);
    assert.equal(released.releasedAt, '2030-02-01T11:00:00.000Z');
    assert.equal(released.releaseNote, 'complaint closed');
    await assert.rejects(t.holds.release(hold.id, 'sam'), code('already-released'));
    await assert.rejects(t.holds.release('nope', 'sam'), code('no-such-hold'));
    assert.deepEqual(
      t.audit.entries.map((e) => e.action),
      ['retention.hold.placed', 'retention.hold.released'],
    );
    assert.deepEqual(await t.holds.list({ active: true }), []);
    assert.equal((await t.holds.list({ active: false })).length, 1);
  });
});
