// Issue 15: rate limits through @fastify/rate-limit, shared by API processes through Redis, and
// the client address (rate limits, audit) taken from X-Forwarded-For only from a trusted proxy.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { testDatabases } from '../../test/support/db.ts';
import { openIdentity } from '../governance/identity/identity.ts';
import { buildApp } from './app.ts';
import { openAuthTestApp } from '../../test/support/http-auth.ts';
import { httpConfigSchema, isProxyAddress, trustProxyFromEnv } from '../app/http-config.ts';
import { windowOf } from './rate-limits.ts';
import { fakeEngine, testConfig } from '../../test/support/http.ts';
import { ModelRegistry } from '../models/model-registry.ts';

const redisUrl = process.env['VIGIL_TEST_REDIS_URL'];
const sqlite = testDatabases()[0]!;
const wrongLogin = { method: 'POST' as const, url: '/v1/auth/login', payload: { username: 'ivy', password: 'wrong!' } };

describe('rate limits (issue 15)', () => {
  it('keeps the configured burst and rate as a fixed window', () => {
    assert.deepEqual(windowOf({ capacity: 10, refillPerMinute: 5 }), { max: 10, timeWindow: 120_000 });
    assert.deepEqual(windowOf({ capacity: 30, refillPerMinute: 10 }), { max: 30, timeWindow: 180_000 });
    assert.throws(() => windowOf({ capacity: 0, refillPerMinute: 1 }), RangeError);
  });

  it(
    'shares a login limit across two API instances through Redis',
    { skip: redisUrl ? false : 'VIGIL_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379)' },
    async () => {
      const o = {
        redisUrl: redisUrl!,
        redisPrefix: `vigil-test:${randomUUID()}:`,
        config: {
          loginRateLimit: {
            perUser: { capacity: 2, refillPerMinute: 1 },
            perAddress: { capacity: 100, refillPerMinute: 100 },
          },
        },
      };
      const a = await openAuthTestApp(sqlite, o);
      const b = await openAuthTestApp(sqlite, o);
      try {
        assert.equal((await a.app.inject(wrongLogin)).statusCode, 401);
        assert.equal((await b.app.inject(wrongLogin)).statusCode, 401);
        const limited = await a.app.inject(wrongLogin);
        assert.equal(limited.statusCode, 429, 'the second instance counted against the same budget');
        assert.equal(limited.json().error.code, 'rate-limited');
        assert.equal((await b.app.inject(wrongLogin)).statusCode, 429);
        const isolated = await openAuthTestApp(sqlite, { ...o, redisPrefix: `vigil-test:${randomUUID()}:` });
        try {
          assert.equal((await isolated.app.inject(wrongLogin)).statusCode, 401, 'another prefix, another budget');
        } finally {
          await isolated.close();
        }
      } finally {
        await a.close();
        await b.close();
      }
    },
  );
});

describe('trusted proxies (issue 15)', () => {
  it('validates http.trustProxy: false, a hop count, or addresses and ranges', () => {
    assert.equal(httpConfigSchema.parse({}).trustProxy, false);
    assert.deepEqual(httpConfigSchema.parse({ trustProxy: ['10.0.0.0/8', '::1', 'loopback'] }).trustProxy, [
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    assert.equal(httpConfigSchema.parse({ trustProxy: 2 }).trustProxy, 2);
    for (const bad of [true, 0, [], ['10.0.0.0/33'], ['proxy.example'], ['*']]) {
      assert.equal(httpConfigSchema.safeParse({ trustProxy: bad }).success, false, JSON.stringify(bad));
    }
    assert.ok(isProxyAddress('fd00::/8'));
    assert.deepEqual(trustProxyFromEnv('10.0.0.1, 10.0.0.2'), ['10.0.0.1', '10.0.0.2']);
    assert.equal(trustProxyFromEnv('false'), false);
    assert.equal(trustProxyFromEnv('1'), 1);
  });

  it('audits the X-Forwarded-For address only when the request came through a trusted proxy', async () => {
    const database = await openDatabase({ sqliteFile: ':memory:' });
    const config = testConfig({ http: { trustProxy: ['10.0.0.1'] } });
    const app = await buildApp({
      identity: openIdentity({ db: database.db, config: config.identity }),
      engine: fakeEngine(() => {
        throw new Error('not used');
      }),
      config,
      calibrations: () => ({ models: {} }),
      registry: new ModelRegistry({ root: `${config.dataDir}/models` }),
      models: { get: async () => undefined },
    });
    try {
      const forwarded = { 'x-forwarded-for': '203.0.113.9' };
      const viaProxy = await app.inject({ ...wrongLogin, remoteAddress: '10.0.0.1', headers: forwarded });
      assert.equal(viaProxy.statusCode, 401);
      const direct = await app.inject({ ...wrongLogin, remoteAddress: '198.51.100.7', headers: forwarded });
      assert.equal(direct.statusCode, 401);
      const rows = await database.db
        .selectFrom('audit_log')
        .select('details_json')
        .where('action', '=', 'auth.login-failed')
        .orderBy('seq')
        .execute();
      const addresses = rows.map((r) => (JSON.parse(r.details_json) as { address?: string }).address);
      assert.deepEqual(addresses, ['203.0.113.9', '198.51.100.7'], 'a client cannot choose its address');
    } finally {
      await app.close();
      await database.close();
    }
  });
});
