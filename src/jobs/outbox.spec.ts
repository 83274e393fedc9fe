/** The outbox's delivery rules (issue 14) on an in-memory table: no database, no queue. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from '../shared/clock.ts';
import { fakeQueryable as q } from '../../test/support/fakes.ts';
import { memoryOutboxStore } from '../../test/support/fakes-jobs.ts';
import { Outbox, type OutboxJob } from './outbox.ts';
import type { JobQueue } from './queue.ts';

const job = (n: number): OutboxJob => ({
  name: 'maintenance.run',
  jobId: `job-${n}`,
  payload: { task: 'audit-anchor', slot: `s${n}` },
});

function recordingQueue(refuse: (jobId: string) => boolean = () => false) {
  const sent: string[] = [];
  const queue: Pick<JobQueue, 'enqueue'> = {
    async enqueue(_name, _payload, o) {
      if (refuse(o?.jobId ?? '')) throw new Error('queue unreachable');
      sent.push(o?.jobId ?? '');
      return o?.jobId ?? '';
    },
  };
  return { queue, sent };
}

function setUp() {
  const clock = manualClock('2026-01-01T00:00:00.000Z');
  const store = memoryOutboxStore();
  return { clock, store, outbox: new Outbox({ store, clock }) };
}

describe('job outbox (issue 14)', () => {
  it('relays each waiting job once, under its own id, and stamps it with the clock', async () => {
    const { clock, store, outbox } = setUp();
    await outbox.add(q, [job(1), job(2)]);
    clock.advance(1000);
    const { queue, sent } = recordingQueue();
    assert.deepEqual(await outbox.relay(q, queue), { relayed: 2, failed: 0 });
    assert.deepEqual(sent, ['job-1', 'job-2']);
    assert.equal(store.rows.get('job-1')?.created_at, '2026-01-01T00:00:00.000Z');
    assert.equal(store.rows.get('job-1')?.relayed_at, '2026-01-01T00:00:01.000Z');
    assert.deepEqual(await outbox.relay(q, queue), { relayed: 0, failed: 0 }, 'nothing is sent twice');
    assert.equal(await outbox.pending(q), 0);
  });

  it('a refused job keeps waiting with its error and is retried after the others', async () => {
    const { outbox, store } = setUp();
    await outbox.add(q, [job(1), job(2)]);
    let down = true;
    const first = recordingQueue((id) => down && id === 'job-1');
    const r = await outbox.relay(q, first.queue);
    assert.equal(r.relayed, 1);
    assert.equal(r.failed, 1);
    assert.equal(r.lastError, 'queue unreachable');
    assert.equal(store.rows.get('job-1')?.attempts, 1);
    assert.equal(store.rows.get('job-1')?.last_error, 'queue unreachable');
    assert.equal(await outbox.pending(q), 1);
    down = false;
    await outbox.add(q, [job(3)]);
    const second = recordingQueue();
    await outbox.relay(q, second.queue);
    assert.deepEqual(second.sent, ['job-3', 'job-1'], 'fewest failed attempts first');
    assert.equal(store.rows.get('job-1')?.last_error, null);
  });

  it('`ids` relays only those jobs; a page that fails stops the pass', async () => {
    const { outbox } = setUp();
    await outbox.add(q, [job(1), job(2), job(3), job(4)]);
    const only = recordingQueue();
    await outbox.relay(q, only.queue, { ids: ['job-3'] });
    assert.deepEqual(only.sent, ['job-3']);
    assert.deepEqual(await outbox.relay(q, only.queue, { ids: [] }), { relayed: 0, failed: 0 });
    const failing = recordingQueue((id) => id === 'job-1');
    const r = await outbox.relay(q, failing.queue, { pageSize: 1 });
    assert.deepEqual(failing.sent, [], 'the first page failed: the pass stops there');
    assert.equal(r.failed, 1);
    const next = recordingQueue((id) => id === 'job-1');
    await outbox.relay(q, next.queue, { pageSize: 1 });
    assert.deepEqual(next.sent, ['job-2', 'job-4'], 'the failed job now comes after the others');
  });

  it('an unknown job name is refused, not sent', async () => {
    const { outbox, store } = setUp();
    await store.insert(q, [{ id: 'x', name: 'no.such-job', payload_json: '{}', created_at: 'a', attempts: 0 }], false);
    const { queue, sent } = recordingQueue();
    const r = await outbox.relay(q, queue);
    assert.equal(r.failed, 1);
    assert.match(r.lastError ?? '', /unknown job no\.such-job/);
    assert.deepEqual(sent, []);
  });

  it('a recorded job waits again only when added `again` (a resumed one)', async () => {
    const { outbox, store } = setUp();
    await outbox.add(q, [job(1)]);
    await outbox.relay(q, recordingQueue().queue);
    await outbox.add(q, [job(1)]);
    assert.equal(await outbox.pending(q), 0, 'a producer retried: left as it was');
    await outbox.add(
      q,
      [{ name: 'maintenance.run', jobId: 'job-1', payload: { task: 'retention-purge', slot: 's9' } }],
      { again: true },
    );
    assert.equal(await outbox.pending(q), 1);
    assert.match(store.rows.get('job-1')?.payload_json ?? '', /retention-purge/);
  });

  it('forgets relayed rows older than the keep period, on the clock, and never a waiting one', async () => {
    const { clock, outbox, store } = setUp();
    await outbox.add(q, [job(1), job(2)]);
    await outbox.relay(q, recordingQueue().queue, { ids: ['job-1'] });
    clock.advance(8 * 86_400_000);
    await outbox.forgetRelayed(q, 7 * 86_400_000);
    assert.deepEqual([...store.rows.keys()], ['job-2']);
  });
});
