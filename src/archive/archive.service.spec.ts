/**
 * Who may ingest into a case (R30, issue 7) at the seam: the permission and the case's own
 * access rule are both needed, a refusal records nothing, and an accepted request records the
 * batch, its scan job and its audit entry together, at the injected clock's time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { hasPermission, type Accessor } from '../governance/authorise.ts';
import { Outbox } from '../jobs/outbox.ts';
import { manualClock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import { fakeQueryable, fakeUnitOfWork, recordingAudit } from '../../test/support/fakes.ts';
import { memoryArchiveStore } from '../../test/support/fakes-archive.ts';
import { memoryOutboxStore } from '../../test/support/fakes-jobs.ts';
import { ArchiveService, type ArchiveServiceDeps } from './archive.service.ts';

const investigator: Accessor = { username: 'ivy', roles: ['investigator'] };
const outsider: Accessor = { username: 'olly', roles: ['investigator'] };
const supervisor: Accessor = { username: 'sam', roles: ['rfr-supervisor'] };

function setUp() {
  const clock = manualClock('2026-02-01T09:00:00.000Z');
  const store = memoryArchiveStore();
  const outboxStore = memoryOutboxStore();
  const audit = recordingAudit();
  const sent: string[] = [];
  const cases: ArchiveServiceDeps['cases'] = {
    accessibleCase: async (_id, who) => {
      if (who.username === 'olly') throw new DomainError('not-found', 'no-such-case', 'no such case');
      return undefined as never;
    },
    openCase: async () => undefined as never,
  };
  const service = new ArchiveService({
    db: fakeQueryable as Kysely<VigilSchema>,
    cipher: {} as ByteCipher,
    engine: { pack: { recognizer: { modelId: 'm' } } } as ArchiveServiceDeps['engine'],
    threshold: () => 0.5,
    cases,
    repository: store,
    uow: fakeUnitOfWork,
    clock,
    audit,
    outbox: new Outbox({ store: outboxStore, clock }),
    authorise: async (_q, who, permission) => {
      if (!hasPermission(who, permission)) throw new DomainError('forbidden', 'missing-permission', permission);
    },
  });
  const queue = { enqueue: async (_n: string, _p: unknown, o?: { jobId?: string }) => void sent.push(o?.jobId ?? '') };
  return { service, store, outboxStore, audit, sent, queue: queue as never };
}

const input = { caseId: 'c1', folder: '/evidence/c1', provenance: 'seized phone' };

describe('archive ingestion requests (R30)', () => {
  it('records the batch, its scan job and the audit entry, and relays the job', async () => {
    const s = setUp();
    const batch = await s.service.requestIngest(input, investigator, s.queue);
    assert.equal(batch.created_at, '2026-02-01T09:00:00.000Z');
    assert.equal(batch.requested_by, 'ivy');
    assert.deepEqual(await s.service.batches('c1'), [batch]);
    assert.deepEqual(s.sent, [`archive-scan.${batch.id}`]);
    assert.equal(await new Outbox({ store: s.outboxStore }).pending(fakeQueryable), 0);
    assert.equal(s.audit.entries.length, 1);
    assert.equal(s.audit.entries[0]?.action, 'archive.ingest-requested');
    assert.deepEqual(s.audit.entries[0]?.target, { type: 'case', id: 'c1' });
  });

  it('a role without archive:ingest is refused and nothing is recorded', async () => {
    const s = setUp();
    await assert.rejects(s.service.requestIngest(input, supervisor, s.queue), { code: 'missing-permission' });
    assert.equal(s.store.batchRows.length, 0);
    assert.equal(s.outboxStore.rows.size, 0);
    assert.equal(s.audit.entries.length, 0);
  });

  it('an investigator who may not work on the case is refused and nothing is recorded', async () => {
    const s = setUp();
    await assert.rejects(s.service.requestIngest(input, outsider, s.queue), { code: 'no-such-case' });
    assert.equal(s.store.batchRows.length, 0);
    assert.deepEqual(s.sent, []);
  });

  it('progress counts the case-wide files; a batch of another case is not found', async () => {
    const s = setUp();
    const batch = await s.service.requestIngest(input, investigator, s.queue);
    await s.store.insertFileIfAbsent(fakeQueryable, {
      caseId: 'c1',
      sha256: 'a'.repeat(64),
      batchId: batch.id,
      path: '/evidence/c1/a.jpg',
      kind: 'image',
      size: 1,
      provenance: 'p',
      at: 't',
    });
    assert.deepEqual(await s.service.progress('c1', batch.id), {
      queued: 1,
      done: 0,
      failed: 0,
      faces: 0,
      filesTotal: null,
    });
    await assert.rejects(s.service.batchProgress('c2', batch.id, { job: async () => undefined }), {
      code: 'no-such-batch',
    });
  });
});
