// Process roles (issue 7): which roles a process runs, and the combinations refused because they
// would lose work (jobs nobody runs, alerts nobody receives).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from './config.ts';
import { parseRoles, planRoles, processRoles } from './process-roles.ts';

test('roles: all by default, a comma list, unknown names refused', () => {
  assert.deepEqual(parseRoles(undefined), processRoles);
  assert.deepEqual(parseRoles('all'), processRoles);
  assert.deepEqual(parseRoles(' api , worker,api'), ['api', 'worker']);
  assert.throws(() => parseRoles('api,camera'), /unknown role "camera"/);
});

test('the embedded mode needs nothing shared; split roles need a shared queue and event bus', () => {
  const embedded = planRoles(processRoles, {});
  assert.equal(embedded.embedded, true);
  assert.equal(embedded.queueUrl, undefined);
  assert.deepEqual(embedded.notes, []);

  assert.throws(
    () => planRoles(['api'], { databaseUrl: 'postgres://db' }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /VIGIL_QUEUE_URL/);
      return true;
    },
  );
  const api = planRoles(['api'], { databaseUrl: 'postgres://db', queueUrl: 'redis://q' });
  assert.deepEqual([api.api, api.worker, api.pipeline, api.embedded], [true, false, false, false]);
  assert.equal(api.eventsUrl, 'redis://q', 'the event bus defaults to the queue’s Redis');
  assert.equal(planRoles(['pipeline'], { queueUrl: 'redis://q', eventsUrl: 'redis://e' }).eventsUrl, 'redis://e');
  assert.match(
    planRoles(['worker'], { queueUrl: 'redis://q' }).notes.join(),
    /SQLite/,
    'split roles on SQLite are told they must share one machine',
  );
});
