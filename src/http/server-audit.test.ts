// R29: a server whose audit chain was tampered with says so: not ready, the metric at 0, the
// status for auditors' banner, and its dropped append-only triggers put back.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { openDatabase } from '../db/database.ts';
import { appendAudit, auditHead } from '../governance/audit/audit-log.ts';
import { dropAuditTriggers } from '../../test/support/audit.ts';
import { missingAuditTriggers } from '../governance/audit/audit-triggers.ts';
import { openAuditWitness } from '../governance/audit/audit-witness.ts';
import { auditSideDir, loadAuditSigningKey } from '../governance/audit/signing-key.ts';
import { witnessFileOf } from '../governance/audit/witness-format.ts';
import { bearerFor } from '../../test/support/identity.ts';
import { startServer } from './server.ts';
import { testConfig } from '../../test/support/http.ts';

test('a server on a broken audit chain is not ready, its metric is 0 and auditors see why (R29)', async () => {
  const config = testConfig({ workers: 1, live: { pack: 'default' } });
  loadAuditSigningKey({ dataDir: config.dataDir, freshInstallation: true });
  const database = await openDatabase({ dataDir: config.dataDir });
  let auditor: { authorization: string };
  try {
    for (let i = 0; i < 3; i++) await appendAudit(database.db, { actor: 'alice', action: 'search.run' });
    auditor = await bearerFor(database.db, 'audrey', ['auditor']);
    await dropAuditTriggers(database);
    await database.db.updateTable('audit_log').set({ actor: 'nobody' }).where('seq', '=', 2).execute();
  } finally {
    await database.close();
  }
  const errors: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const { level, msg } = JSON.parse(line) as { level: number; msg: string };
        if (level >= 50) errors.push(msg);
      }
      done();
    },
  });
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    config,
    env: { VIGIL_MEDIA_KEY: randomBytes(32).toString('base64') },
    logger: { level: 'info', stream },
    handleSignals: false,
  });
  try {
    const ready = await fetch(`${server.url}/ready`);
    assert.equal(ready.status, 503);
    const body = (await ready.json()) as { ready: boolean; checks: Record<string, string>; reasons: string[] };
    assert.equal(body.checks['auditChain'], 'down');
    assert.deepEqual(body.reasons, ['audit-chain-broken']);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: auditor })).text();
    assert.match(metrics, /^vigil_audit_chain_ok 0$/m);
    assert.match(metrics, /^vigil_audit_chain_breaks_total 1$/m);
    const status = (await (await fetch(`${server.url}/v1/audit/status`, { headers: auditor })).json()) as {
      state: string;
      problem: { seq: number; problem: string };
      triggersRestored: number;
    };
    assert.equal(status.state, 'broken');
    assert.deepEqual([status.problem.seq, status.problem.problem], [2, 'altered']);
    assert.ok(status.triggersRestored >= 4);
    assert.ok(errors.some((m) => /AUDIT CHAIN BROKEN/.test(m)));
    assert.ok(errors.some((m) => /append-only triggers were missing/.test(m)));
  } finally {
    await server.close();
    const check = await openDatabase({ dataDir: config.dataDir });
    try {
      assert.deepEqual(await missingAuditTriggers(check.db), [], 'the triggers were put back at start-up');
    } finally {
      await check.close();
      for (const dir of [config.dataDir, auditSideDir(config.dataDir)]) rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('a server restarted on entries a crash left unwitnessed stays ready and asks for their acknowledgement (R29)', async () => {
  const config = testConfig({ workers: 1, live: { pack: 'default' } });
  const key = loadAuditSigningKey({ dataDir: config.dataDir, freshInstallation: true });
  const database = await openDatabase({ dataDir: config.dataDir });
  let auditor: { authorization: string };
  let tail = { fromSeq: 0, throughSeq: 0 };
  try {
    const file = witnessFileOf(config) ?? '';
    const witness = openAuditWitness({ db: database.db, key, file, everyMs: 60_000 });
    auditor = await bearerFor(database.db, 'audrey', ['auditor']);
    const witnessedEntries = (await auditHead(database.db))?.seq ?? 0;
    await witness.close();
    // The crash: committed, never witnessed.
    for (let i = 0; i < 2; i++) await appendAudit(database.db, { actor: 'bob', action: 'search.run' });
    tail = { fromSeq: witnessedEntries + 1, throughSeq: witnessedEntries + 2 };
  } finally {
    await database.close();
  }
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    config,
    env: { VIGIL_MEDIA_KEY: randomBytes(32).toString('base64') },
    logger: { level: 'silent' },
    handleSignals: false,
  });
  try {
    const ready = await fetch(`${server.url}/ready`);
    assert.equal(ready.status, 200, await ready.text());
    const status = (await (await fetch(`${server.url}/v1/audit/status`, { headers: auditor })).json()) as {
      state: string;
      problem: unknown;
      witness: { unwitnessed: { count: number; fromSeq: number; throughSeq: number } | null };
    };
    assert.equal(status.state, 'attention');
    assert.equal(status.problem, null);
    assert.deepEqual(status.witness.unwitnessed, { count: 2, ...tail });
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: auditor })).text();
    assert.match(metrics, /^vigil_audit_chain_ok 1$/m);
    assert.match(metrics, /^vigil_audit_unwitnessed_entries 2$/m);
  } finally {
    await server.close();
    for (const dir of [config.dataDir, auditSideDir(config.dataDir)]) rmSync(dir, { recursive: true, force: true });
  }
});
