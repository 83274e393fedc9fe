// The job queue for administrators (issue 7): counts and the dead-letter list, administrators only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { openDatabase } from '../../db/database.ts';
import { identityConfig } from '../../governance/identity/identity.config.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import { bearerFor } from '../../../test/support/identity.ts';
import { InProcessQueue } from '../../jobs/in-process-queue.ts';
import { authenticate } from '../authenticate.ts';
import { errorHandler } from '../errors.ts';
import { jobsRoutes } from './jobs.routes.ts';
import { assertPermissionDeclared } from '../route-permission.ts';

test('GET /v1/jobs shows administrators the counts and the dead letters, and no one else', async () => {
  const database = await openDatabase({ sqliteFile: ':memory:' });
  const queue = new InProcessQueue({ retry: { attempts: 2, backoffMs: 1 } });
  const app = Fastify();
  try {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(errorHandler(1024));
    app.addHook('onRoute', assertPermissionDeclared);
    await app.register(authenticate, { auth: openIdentity({ db: database.db, config: identityConfig() }).auth });
    await app.register(jobsRoutes, { jobs: queue });
    await app.ready();
    queue.process({
      'archive.scan': async (p) => {
        if (p.folder === '/broken') throw new Error('the folder vanished');
        return { status: 'done' };
      },
    });
    const payload = { batchId: 'b', caseId: 'c', folder: '/broken', provenance: 'cctv', requestedBy: 'inv' };
    await queue.enqueue('archive.scan', payload, { jobId: 'scan-broken' });
    await queue.enqueue('archive.scan', { ...payload, folder: '/fine' }, { jobId: 'scan-fine' });
    await queue.whenIdle();

    const admin = await bearerFor(database.db, 'admin', ['administrator']);
    const investigator = await bearerFor(database.db, 'inv', ['investigator']);
    const res = await app.inject({ url: '/v1/jobs', headers: admin });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      queue: string;
      counts: Record<string, number>;
      failed: { id: string; error: string; attempts: number }[];
    };
    assert.equal(body.queue, 'in-process');
    assert.equal(body.counts['completed'], 1);
    assert.equal(body.counts['failed'], 1);
    assert.deepEqual(
      body.failed.map((f) => [f.id, f.error, f.attempts]),
      [['scan-broken', 'the folder vanished', 2]],
    );
    assert.equal((await app.inject({ url: '/v1/jobs', headers: investigator })).statusCode, 403);
    assert.equal((await app.inject({ url: '/v1/jobs' })).statusCode, 401);
  } finally {
    await app.close();
    await queue.close();
    await database.close();
  }
});
