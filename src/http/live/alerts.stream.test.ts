/**
 * The alert stream after a network drop (issue 14; R21, R23): events carry ids; a client that
 * reconnects with Last-Event-ID or ?since= is sent the alerts raised and the decisions made while
 * it was away, exactly once; an alert raised during the replay is sent once; connecting and
 * disconnecting leaves no listener behind. Over a real listening server on 127.0.0.1 (a fake
 * engine: no face is analysed), on SQLite and, when configured, PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openTestServices, type TestServices } from '../../../test/support/services.ts';
import { postgresTestUrl, testDatabases } from '../../../test/support/db.ts';
import { RedisEventBus } from '../../events/event-bus.ts';
import type { FaceEngine } from '../../faces/engine.ts';
import { deploymentRow } from '../../../test/support/reports.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import { bearerFor } from '../../../test/support/identity.ts';
import { AlertService } from '../../live/alert.service.ts';
import { liveRepository, type WatchlistEntryRow } from '../../live/live.repository.ts';
import { ModelRegistry } from '../../models/model-registry.ts';
import { buildApp } from '../app.ts';
import { requestedCursor, startingCursor } from './alerts.stream.ts';
import { fakePack } from '../../../test/support/http.ts';
import { SseClient, until } from '../../../test/support/sse.ts';

const engine = { pack: fakePack, workers: 1 } as unknown as FaceEngine;
const entry = {
  id: 'entry-1',
  subject_id: 'subject-1',
  subject_reference: 'W-1',
  category: 'wanted',
} as WatchlistEntryRow;

test_pure();

const redisUrl = process.env['VIGIL_TEST_REDIS_URL'];
const variants = [
  ...testDatabases().map((t) => ({ t, name: t.name, overRedis: false })),
  // Across processes: the stream served by one, the alerts raised and decided by another.
  ...testDatabases()
    .filter((t) => t.name === 'postgres' && postgresTestUrl && redisUrl)
    .map((t) => ({ t, name: 'postgres, two processes over Redis', overRedis: true })),
];

for (const { t, name, overRedis } of variants) {
  describe(`the alert stream resumes after a drop (issue 14, ${name})`, () => {
    let s: TestServices;
    /** The alert service the stream reads; `writer` raises and decides (another process over Redis). */
    let served: AlertService;
    let writer: AlertService;
    const buses: RedisEventBus[] = [];
    /** Resolves once the served process's Redis subscriptions are in place. */
    const subscribed = async () => {
      if (overRedis) await buses[0]!.ready();
    };
    let app: FastifyInstance;
    let base: string;
    let operator: Record<string, string>;
    const deploymentId = randomUUID();
    const streamUrl = (q = '') => `${base}/v1/deployments/${deploymentId}/alerts/stream${q}`;
    const raise = async () =>
      (
        await writer.raise({
          deploymentId,
          cameraId: 'camera-1',
          capturedAt: Date.now(),
          score: 0.97,
          threshold: 0.93,
          trackFrames: 3,
          entry,
          probeCrop: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
          reference: undefined,
        })
      ).id;

    before(async () => {
      // Each raise its own alert here (R16 grouping is tested in src/live/alert-grouping.test.ts).
      s = await openTestServices(await t.open(), engine, { live: { alertGroupSeconds: 0 } });
      const db = s.database.db;
      served = writer = s.alerts;
      if (overRedis) {
        const prefix = `vigil-test-${randomUUID()}`;
        buses.push(new RedisEventBus(redisUrl!, prefix), new RedisEventBus(redisUrl!, prefix));
        served = new AlertService({ db, media: s.media, events: buses[0]! });
        writer = new AlertService({ db, media: s.media, events: buses[1]! });
      }
      operator = await bearerFor(db, 'operator', ['operator']);
      await liveRepository.insertDeployment(db, deploymentRow(deploymentId, { status: 'live' }));
      app = await buildApp({
        identity: openIdentity({ db, config: s.config.identity }),
        engine,
        config: s.config,
        calibrations: () => ({ models: {} }),
        registry: new ModelRegistry({ root: `${s.dataDir}/models` }),
        models: { get: async () => undefined },
        services: { ...s, alerts: served },
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await app.close();
      for (const bus of buses) await bus.close();
      await s.close();
    });

    it('events carry ids: the starting position first, then each alert with its sequence number', async () => {
      const listed = await fetch(`${base}/v1/deployments/${deploymentId}/alerts`, { headers: operator });
      const { cursor } = (await listed.json()) as { cursor: number };
      const c = await SseClient.open(streamUrl(), operator);
      const ready = await c.waitFor((e) => e.type === 'position', 'the starting position');
      assert.equal(ready.id, cursor);
      await subscribed();
      const id = await raise();
      const e = await c.waitFor((x) => x.data.alert?.id === id, 'the alert');
      assert.equal(e.type, 'alert');
      assert.ok(Number.isInteger(e.id) && e.id > cursor, `the event id ${e.id} follows ${cursor}`);
      assert.equal(e.data.alert!.seq, e.id, 'the alert shows its stream position');
      await c.close();
    });

    for (const how of ['Last-Event-ID', '?since='] as const) {
      it(`R21, R23: reconnecting with ${how}, the alerts raised and decisions made meanwhile arrive exactly once`, async () => {
        const first = await SseClient.open(streamUrl(), operator);
        await first.waitFor((e) => e.type === 'position', 'the starting position');
        await subscribed();
        const seen = await raise();
        await first.waitFor((e) => e.data.alert?.id === seen, 'the first alert');
        const lastId = first.lastId;
        await first.close();

        // While the operator is away: a new alert, a decision on the one seen, another alert.
        const missed = await raise();
        await writer.adjudicate(seen, 'confirm', 'operator');
        const alsoMissed = await raise();

        const again =
          how === 'Last-Event-ID'
            ? await SseClient.open(streamUrl('?since=0'), { ...operator, 'last-event-id': String(lastId) })
            : await SseClient.open(streamUrl(`?since=${lastId}`), operator);
        await again.waitFor((e) => e.data.alert?.id === alsoMissed, 'the replay');
        await subscribed();
        const live = await raise();
        await again.waitFor((e) => e.data.alert?.id === live, 'the live alert after the replay');
        const events = again.alertEvents();
        assert.deepEqual(
          events.map(([type, id]) => [type, id]),
          [
            ['alert', missed],
            ['alert-updated', seen],
            ['alert', alsoMissed],
            ['alert', live],
          ],
          'each once, in order; Last-Event-ID wins over a stale ?since=',
        );
        const ids = events.map(([, , n]) => n);
        assert.deepEqual(
          ids,
          [...ids].sort((a, b) => a - b),
        );
        assert.ok(ids[0]! > lastId);
        const decided = again.events.find((e) => e.data.alert?.id === seen)!;
        assert.equal(decided.data.alert!.operator?.decision, 'confirm', 'the decision made while away is replayed');
        await again.close();
      });
    }

    it('an alert raised while the replay is being read is sent once, whichever side of the read it falls', async () => {
      const first = await SseClient.open(streamUrl(), operator);
      const from = (await first.waitFor((e) => e.type === 'position', 'the starting position')).id;
      await first.close();
      const missed = await raise();

      const original = served.changedSince.bind(served);
      const during: string[] = [];
      let calls = 0;
      served.changedSince = async (...args) => {
        calls++;
        if (calls === 1) await subscribed();
        if (calls === 1) during.push(await raise()); // committed before the replay reads: in it
        const rows = await original(...args);
        if (calls === 1) during.push(await raise()); // committed after the read: only the nudge tells
        return rows;
      };
      try {
        const c = await SseClient.open(streamUrl(), { ...operator, 'last-event-id': String(from) });
        await until(() => during.length === 2, 'both alerts raised during the replay');
        await c.waitFor((e) => e.data.alert?.id === during[1], 'the alert raised after the replay read');
        await subscribed();
        const sentinel = await raise();
        await c.waitFor((e) => e.data.alert?.id === sentinel, 'a later alert');
        assert.deepEqual(
          c.alertEvents().map(([type, id]) => [type, id]),
          [
            ['alert', missed],
            ['alert', during[0]],
            ['alert', during[1]],
            ['alert', sentinel],
          ],
        );
        await c.close();
      } finally {
        served.changedSince = original;
      }
    });

    it('many connects and disconnects leave no close listener and no subscription behind', async () => {
      const subscribe = served.subscribe.bind(served);
      let subscribed = 0;
      served.subscribe = (id, listener) => {
        subscribed++;
        const off = subscribe(id, listener);
        return () => {
          subscribed--;
          off();
        };
      };
      try {
        const listeners = () => app.server.listenerCount('close');
        const baseline = listeners();
        for (let i = 0; i < 25; i++) {
          const c = await SseClient.open(streamUrl(), operator);
          await c.waitFor((e) => e.type === 'position', 'the starting position');
          await c.close();
        }
        await until(() => subscribed === 0, `every stream unsubscribed (${subscribed} left)`);
        assert.equal(listeners(), baseline, 'the server close listeners do not grow with the streams');
      } finally {
        served.subscribe = subscribe;
      }
    });

    it('a Last-Event-ID that is not an event id is refused', async () => {
      const c = await SseClient.open(streamUrl(), { ...operator, 'last-event-id': 'yesterday' });
      assert.equal(c.status, 400);
    });
  });
}

function test_pure(): void {
  describe('where a stream resumes', () => {
    it('Last-Event-ID wins over ?since=; none starts from now; one beyond the last id resends all', () => {
      assert.equal(requestedCursor('7', 3), 7);
      assert.equal(requestedCursor(undefined, 3), 3);
      assert.equal(requestedCursor(['2', '9'], undefined), 9);
      assert.equal(requestedCursor(undefined, undefined), undefined);
      assert.throws(() => requestedCursor('-1', undefined));
      assert.equal(startingCursor(undefined, 12), 12);
      assert.equal(startingCursor(5, 12), 5);
      assert.equal(startingCursor(40, 12), 0);
    });
  });
}
