// The retention routes (R19) on both databases: who may place and release holds, run a purge or a
// dry run, and read holds and runs; what each returns.
import { clockOf } from '../../shared/clock.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { testDatabases } from '../../../test/support/db.ts';
import { identityConfig } from '../../governance/identity/identity.config.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import { bearerFor } from '../../../test/support/identity.ts';
import { retentionConfigSchema } from '../../governance/retention/retention-policy.ts';
import {
  DAYS,
  HOURS,
  ago,
  openTestMedia,
  seedAlert,
  seedDeployment,
  testNow,
} from '../../../test/support/retention.ts';
import { RetentionService } from '../../governance/retention/retention.service.ts';
import { authenticate } from '../authenticate.ts';
import { errorHandler } from '../errors.ts';
import { assertPermissionDeclared } from '../route-permission.ts';
import { retentionRoutes } from './retention.routes.ts';

for (const target of testDatabases()) {
  describe(`retention routes on ${target.name} (R19)`, () => {
    it('holds, dry run, purge and runs, each behind its permission', async () => {
      const database = await target.open();
      const media = openTestMedia();
      let app: FastifyInstance | undefined;
      try {
        const { db } = database;
        const retention = new RetentionService({
          db,
          media: media.store,
          settings: retentionConfigSchema.parse({}),
          clock: clockOf(() => testNow),
        });
        app = Fastify();
        app.setValidatorCompiler(validatorCompiler);
        app.setSerializerCompiler(serializerCompiler);
        app.setErrorHandler(errorHandler(1024));
        app.addHook('onRoute', assertPermissionDeclared);
        await app.register(authenticate, { auth: openIdentity({ db, config: identityConfig() }).auth });
        await app.register(retentionRoutes, { retention });
        await app.ready();
        const admin = await bearerFor(db, 'admin', ['administrator']);
        const auditor = await bearerFor(db, 'auditor', ['auditor']);
        const investigator = await bearerFor(db, 'inv', ['investigator']);

        const deployment = await seedDeployment(db);
        const old = await seedAlert(db, media, deployment, { createdAt: ago(30 * HOURS) });
        const kept = await seedAlert(db, media, deployment, { createdAt: ago(2 * DAYS) });

        const policy = await app.inject({ method: 'GET', url: '/v1/retention/policy', headers: investigator });
        assert.equal(policy.statusCode, 200);
        const body = policy.json() as { classes: { dataClass: string; window: { value: number } }[] };
        assert.equal(body.classes.find((c) => c.dataClass === 'alertImages')?.window.value, 24);

        const hold = { targetType: 'alert', targetId: kept.id, reason: 'complaint', reference: 'PSD-9' };
        assert.equal(
          (await app.inject({ method: 'POST', url: '/v1/holds', headers: auditor, payload: hold })).statusCode,
          403,
        );
        const placed = await app.inject({ method: 'POST', url: '/v1/holds', headers: admin, payload: hold });
        assert.equal(placed.statusCode, 201, placed.body);
        const holdId = (placed.json() as { id: string }).id;
        const unknown = await app.inject({
          method: 'POST',
          url: '/v1/holds',
          headers: admin,
          payload: { ...hold, targetId: 'nothing' },
        });
        assert.equal(unknown.statusCode, 404);
        assert.equal((unknown.json() as { error: { code: string } }).error.code, 'no-such-target');
        const bad = await app.inject({
          method: 'POST',
          url: '/v1/holds',
          headers: admin,
          payload: { ...hold, targetType: 'camera' },
        });
        assert.equal(bad.statusCode, 400);

        const holds = await app.inject({ method: 'GET', url: '/v1/holds?active=true', headers: auditor });
        assert.equal(holds.statusCode, 200);
        assert.deepEqual(
          (holds.json() as { holds: { id: string; placedBy: string }[] }).holds.map((h) => [h.id, h.placedBy]),
          [[holdId, 'admin']],
        );
        assert.equal((await app.inject({ method: 'GET', url: '/v1/holds', headers: investigator })).statusCode, 403);

        const dry = await app.inject({
          method: 'POST',
          url: '/v1/retention/purge',
          headers: admin,
          payload: { dryRun: true },
        });
        assert.equal(dry.statusCode, 200, dry.body);
        const preview = dry.json() as {
          dryRun: boolean;
          items: { alertImages: string[] };
          held: { alertImages: number };
        };
        assert.deepEqual([preview.dryRun, preview.items.alertImages, preview.held.alertImages], [true, [old.id], 1]);
        assert.equal(await media.exists(old.probeMediaId), true);

        assert.equal(
          (await app.inject({ method: 'POST', url: '/v1/retention/purge', headers: auditor, payload: {} })).statusCode,
          403,
        );
        const purged = await app.inject({ method: 'POST', url: '/v1/retention/purge', headers: admin, payload: {} });
        assert.equal(purged.statusCode, 200, purged.body);
        const run = purged.json() as { id: string; dryRun: boolean; actor: string; counts: { alertImages: object } };
        assert.deepEqual([run.dryRun, run.actor, run.counts.alertImages], [false, 'admin', { records: 1, media: 2 }]);
        assert.equal(await media.exists(old.probeMediaId), false);
        assert.equal(await media.exists(kept.probeMediaId), true);

        const runs = await app.inject({ method: 'GET', url: '/v1/retention/runs', headers: auditor });
        assert.equal(runs.statusCode, 200);
        const listed = runs.json() as { total: number; runs: { id: string; status: string; auditSeq: number }[] };
        assert.equal(listed.total, 1);
        assert.deepEqual([listed.runs[0]!.id, listed.runs[0]!.status], [run.id, 'completed']);
        assert.ok(listed.runs[0]!.auditSeq > 0);
        const one = await app.inject({ method: 'GET', url: `/v1/retention/runs/${run.id}`, headers: auditor });
        assert.equal(one.statusCode, 200);

        const release = (who: { authorization: string }) =>
          app!.inject({
            method: 'POST',
            url: `/v1/holds/${holdId}/release`,
            headers: who,
            payload: { note: 'complaint closed' },
          });
        assert.equal((await release(auditor)).statusCode, 403);
        const released = await release(admin);
        assert.equal(released.statusCode, 200);
        assert.deepEqual(
          [(released.json() as { active: boolean }).active, (released.json() as { releaseNote: string }).releaseNote],
          [false, 'complaint closed'],
        );
        assert.equal((await release(admin)).statusCode, 409);

        const next = await app.inject({ method: 'POST', url: '/v1/retention/purge', headers: admin });
        assert.equal(next.statusCode, 200, next.body);
        assert.deepEqual((next.json() as { counts: { alertImages: object } }).counts.alertImages, {
          records: 1,
          media: 2,
        });
        assert.equal(await media.exists(kept.probeMediaId), false);
      } finally {
        await app?.close();
        media.close();
        await database.close();
      }
    });
  });
}
