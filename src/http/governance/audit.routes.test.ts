// R29: the audit log as the console reads it (issue 13): filtered by outcome, and each entry with
// its actor's display name where the actor is a user of this installation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openTestServices, type TestServices } from '../../../test/support/services.ts';
import { openDatabase } from '../../db/database.ts';
import type { FaceEngine } from '../../faces/engine.ts';
import { appendAudit } from '../../governance/audit/audit-log.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import { bearerFor } from '../../../test/support/identity.ts';
import { ModelRegistry } from '../../models/model-registry.ts';
import { buildApp } from '../app.ts';
import { fakePack } from '../../../test/support/http.ts';

const engine = {
  pack: fakePack,
  workers: 1,
  analyse: () => Promise.reject(new Error('not used')),
} as unknown as FaceEngine;
let services: TestServices;
let app: FastifyInstance;
let auditor: { authorization: string };

before(async () => {
  services = await openTestServices(await openDatabase({ sqliteFile: ':memory:' }), engine);
  const db = services.database.db;
  auditor = await bearerFor(db, 'audrey', ['auditor']);
  await db.updateTable('users').set({ display_name: 'Audrey Auditor' }).where('username', '=', 'audrey').execute();
  await db.transaction().execute(async (trx) => {
    await appendAudit(trx, { actor: 'audrey', action: 'report.exported', details: {} });
    await appendAudit(trx, {
      actor: 'audrey',
      action: 'auth.denied',
      outcome: 'denied',
      details: { path: '/v1/users' },
    });
    await appendAudit(trx, { actor: 'someone-gone', action: 'auth.denied', outcome: 'denied', details: {} });
  });
  app = await buildApp({
    identity: openIdentity({ db, config: services.config.identity }),
    engine,
    config: services.config,
    calibrations: () => ({ models: {} }),
    registry: new ModelRegistry({ root: `${services.dataDir}/models` }),
    models: { get: async () => undefined },
    services,
  });
});
after(async () => {
  await app?.close();
  await services?.close();
});

type Entry = { actor: string | null; actorName: string | null; action: string; outcome: string };
const list = async (query: string) => {
  const r = await app.inject({ url: `/v1/audit?${query}`, headers: auditor });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { total: number; entries: Entry[] };
};

test('R29: the audit list filters by outcome', async () => {
  const denied = await list('outcome=denied');
  assert.equal(denied.total, 2);
  assert.ok(denied.entries.every((e) => e.outcome === 'denied'));
  const ok = await list('outcome=ok&action=report.');
  assert.deepEqual(
    ok.entries.map((e) => e.action),
    ['report.exported'],
  );
  assert.equal((await app.inject({ url: '/v1/audit?outcome=maybe', headers: auditor })).statusCode, 400);
});

test('R29: each entry names its actor by display name where the actor is a known user', async () => {
  const { entries } = await list('action=auth.denied');
  const byActor = new Map(entries.map((e) => [e.actor, e.actorName]));
  assert.equal(byActor.get('audrey'), 'Audrey Auditor');
  assert.equal(byActor.get('someone-gone'), null);
});
