// R29: the server's continuous audit check finds what the database's owner does while it runs.
import { clockOf } from '../../shared/clock.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Database } from '../../db/database.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { computeAuditHash } from './audit-hash.ts';
import { appendAudit, auditHead } from './audit-log.ts';
import { startAuditMonitor, type AuditMonitor } from './audit-monitor.ts';
import { dropAuditTriggers } from '../../../test/support/audit.ts';
import { openAuditWitness, type AuditWitness } from './audit-witness.ts';
import { loadAuditSigningKey } from './signing-key.ts';

const dirs: string[] = [];
after(() => dirs.flatMap((d) => [d, `${d}-audit`]).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-monitor-'));
  dirs.push(dir);
  return dir;
}
const key = loadAuditSigningKey({ dataDir: tempDir(), freshInstallation: true });

interface Running {
  readonly database: Database;
  readonly witness: AuditWitness;
  readonly monitor: AuditMonitor;
  readonly errors: string[];
  readonly clock: { t: number };
}

async function running(open: () => Promise<Database>, fn: (r: Running) => Promise<void>): Promise<void> {
  const database = await open();
  const file = join(tempDir(), 'witness.jsonl');
  const witness = openAuditWitness({ db: database.db, key, file, everyMs: 60_000 });
  for (let i = 0; i < 3; i++) await appendAudit(database.db, { actor: 'alice', action: 'search.run' });
  await witness.flush();
  const errors: string[] = [];
  const clock = { t: Date.now() };
  const monitor = await startAuditMonitor({
    db: database.db,
    publicKey: key.publicKey,
    witnessFile: file,
    graceMs: 60_000,
    everyMs: 0,
    fullEveryMs: 3_600_000,
    log: { error: (_f, m) => errors.push(m), warn: () => undefined },
    clock: clockOf(() => new Date(clock.t)),
  });
  try {
    await fn({ database, witness, monitor, errors, clock });
  } finally {
    await monitor.stop();
    await witness.close();
    await database.close();
  }
}

for (const target of testDatabases()) {
  describe(`the continuous audit check on ${target.name} (R29)`, () => {
    it('follows new entries, and flags an entry forged with a correct hash once its grace is over', () =>
      running(target.open, async ({ database: { db }, witness, monitor, errors, clock }) => {
        assert.equal(monitor.status().state, 'ok');
        assert.equal(monitor.status().entries, 3);
        await appendAudit(db, { actor: 'bob', action: 'search.run' });
        await witness.flush();
        assert.equal((await monitor.check()).entries, 4);
        const head = await auditHead(db);
        const at = new Date(clock.t).toISOString();
        const fields = { seq: 5, at, actor: 'x', action: 'search.run', outcome: 'ok' as const };
        const hash = computeAuditHash({ ...fields, target: null, details: {}, prevHash: head?.hash ?? '' });
        await db
          .insertInto('audit_log')
          .values({
            ...fields,
            target_type: null,
            target_id: null,
            details_json: '{}',
            prev_hash: head?.hash ?? '',
            hash,
          })
          .execute();
        const waiting = await monitor.check();
        assert.equal(waiting.state, 'ok', 'recent: its line may be on its way');
        assert.equal(waiting.witness.pending, 1);
        clock.t += 61_000;
        const broken = await monitor.check();
        assert.equal(broken.state, 'broken');
        assert.equal(broken.problem?.problem, 'unwitnessed');
        assert.equal(broken.problem?.seq, 5);
        assert.equal(broken.breaks, 1);
        assert.ok(errors.some((e) => /AUDIT CHAIN BROKEN/.test(e)));
      }));

    it('sees the tail deleted while it runs, and puts dropped triggers back', () =>
      running(target.open, async ({ database, monitor, errors }) => {
        await dropAuditTriggers(database);
        const restored = await monitor.check();
        assert.ok(restored.triggersRestored >= 4, 'all the triggers were restored');
        assert.ok(errors.some((e) => /append-only triggers were missing/.test(e)));
        assert.equal(restored.state, 'ok', 'restoring the triggers is an alarm, not a break');
        await dropAuditTriggers(database);
        await database.db.deleteFrom('audit_log').where('seq', '>', 2).execute();
        const broken = await monitor.check();
        assert.equal(broken.state, 'broken');
        assert.ok(['truncated', 'altered'].includes(broken.problem?.problem ?? ''), JSON.stringify(broken.problem));
        assert.equal((await monitor.check()).state, 'broken', 'a break stays until a full check passes');
      }));
  });
}
