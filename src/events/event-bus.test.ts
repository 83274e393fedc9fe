// The event bus (issue 7): what one process publishes reaches the subscribers of another through
// Redis, as JSON (never a shared object), until they unsubscribe; in-process it behaves the same.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { InProcessEventBus, openEventBus, RedisEventBus } from './event-bus.ts';

const redisUrl = process.env['VIGIL_TEST_REDIS_URL'];

/** Waits (polling, bounded) until `got` holds `n` messages. */
async function arrived(got: unknown[], n: number): Promise<void> {
  for (let i = 0; i < 200 && got.length < n; i++) await new Promise((r) => setTimeout(r, 25));
}

test('in-process: subscribers get a copy of each message on their channel only', async () => {
  const bus = new InProcessEventBus();
  const message = { type: 'alert', alert: { id: 'a1' } };
  const got: unknown[] = [];
  const off = bus.subscribe('alerts.d1', (m) => got.push(m));
  await bus.publish('alerts.d2', { type: 'other' });
  await bus.publish('alerts.d1', message);
  off();
  await bus.publish('alerts.d1', { type: 'after unsubscribing' });
  assert.deepEqual(got, [message]);
  assert.notEqual(got[0], message, 'a copy, as over Redis');
  await bus.close();
  assert.equal(openEventBus(undefined).kind, 'in-process');
  assert.throws(() => openEventBus('http://x'), /redis:\/\//);
});

test(
  'Redis: one process publishes, another receives until it unsubscribes',
  { skip: redisUrl ? false : 'needs VIGIL_TEST_REDIS_URL' },
  async () => {
    const prefix = `vigil-test-${randomBytes(4).toString('hex')}`;
    const a = new RedisEventBus(redisUrl!, prefix);
    const b = new RedisEventBus(redisUrl!, prefix);
    const other = new RedisEventBus(redisUrl!, `${prefix}-other`);
    try {
      const got: unknown[] = [];
      const off = b.subscribe('alerts.d1', (m) => got.push(m));
      const heard: unknown[] = [];
      other.subscribe('alerts.d1', (m) => heard.push(m));
      // A ping answered after SUBSCRIBE on the same connection: the subscriptions are in place.
      await Promise.all([b.ready(), other.ready()]);
      await a.publish('alerts.d1', { type: 'alert', n: 1 });
      await arrived(got, 1);
      assert.deepEqual(got, [{ type: 'alert', n: 1 }]);
      // Unsubscribed, b hears no more; another installation's prefix heard none of it: its own
      // message, published last, arrives alone.
      off();
      await a.publish('alerts.d1', { type: 'alert', n: 2 });
      await other.publish('alerts.d1', { type: 'own' });
      await arrived(heard, 1);
      assert.deepEqual(heard, [{ type: 'own' }]);
      assert.deepEqual(got, [{ type: 'alert', n: 1 }]);
    } finally {
      await Promise.all([a.close(), b.close(), other.close()]);
    }
  },
);
