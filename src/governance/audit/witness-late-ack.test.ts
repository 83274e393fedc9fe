// R29: a late witness line vouches for its entry only through a real acknowledgement: its `ack`
// must be an `audit.unwitnessed-acknowledged` entry after it whose range covers it. A line signed
// with the right key but pointing at another entry is a fault, in verification and in the monitor.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Database } from '../../db/database.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { appendAudit } from './audit-log.ts';
import { startAuditMonitor } from './audit-monitor.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { openAuditWitness } from './audit-witness.ts';
import { loadAuditSigningKey } from './signing-key.ts';
import { acknowledgeUnwitnessed } from './witness-acknowledge.ts';
import { appendWitnessLines, parseWitnessText, signWitness, type WitnessLine } from './witness-format.ts';

const dirs: string[] = [];
after(() => dirs.flatMap((d) => [d, `${d}-audit`]).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-late-ack-'));
  dirs.push(dir);
  return dir;
}
const key = loadAuditSigningKey({ dataDir: tempDir(), freshInstallation: true });
const ACTOR = 'local:root';

async function witnessed(db: Database['db'], file: string, n: number): Promise<void> {
  const witness = openAuditWitness({ db, key, file, everyMs: 60_000 });
  try {
    for (let i = 0; i < n; i++) await appendAudit(db, { actor: 'alice', action: 'search.run', details: { i } });
  } finally {
    await witness.close();
  }
}

async function acknowledge(db: Database['db'], file: string, through: number): Promise<number> {
  const witness = openAuditWitness({ db, key, file, everyMs: 60_000 });
  const ack = await acknowledgeUnwitnessed({
    db,
    key,
    file,
    lines: linesOf(file),
    through,
    reason: 'crash at 03:12, matches the server log',
    actor: ACTOR,
  }).finally(() => witness.close());
  return ack.entry.seq;
}

/** A late line for `seq`, signed with the audit key, naming `ack` as its acknowledgement. */
async function forged(db: Database['db'], seq: number, ack: number, by = ACTOR): Promise<WitnessLine> {
  const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirstOrThrow();
  return signWitness({ seq, hash: row.hash }, key, new Date().toISOString(), { by, ack });
}

const linesOf = (...files: string[]): WitnessLine[] =>
  files.flatMap((f) => parseWitnessText(readFileSync(f, 'utf8')).lines);

async function fault(db: Database['db'], lines: readonly WitnessLine[]) {
  const r = await verifyAuditChain(db, { publicKey: key.publicKey, witness: { lines, graceMs: 0 } });
  return { ok: r.ok, seq: r.firstBad?.seq, problem: r.firstBad?.problem, message: r.firstBad?.message ?? '' };
}

for (const target of testDatabases()) {
  describe(`late witness lines and their acknowledgement on ${target.name} (R29)`, () => {
    it('refuses a late line whose ack is missing, another action, another actor or a range that does not cover it', async () => {
      const database = await target.open();
      const { db } = database;
      const file = join(tempDir(), 'witness.jsonl');
      await witnessed(db, file, 3); // 1..3
      for (let i = 0; i < 2; i++) await appendAudit(db, { actor: 'bob', action: 'search.run' }); // 4, 5: no line
      await witnessed(db, file, 1); // 6: an ordinary entry
      try {
        const other = await fault(db, [...linesOf(file), await forged(db, 4, 6)]);
        assert.deepEqual([other.ok, other.seq, other.problem], [false, 4, 'bad-acknowledgement']);
        assert.match(other.message, /search\.run, not audit\.unwitnessed-acknowledged/);
        const missing = await fault(db, [...linesOf(file), await forged(db, 4, 99)]);
        assert.deepEqual([missing.seq, missing.problem], [4, 'bad-acknowledgement']);
        assert.match(missing.message, /not in the chain/);
        const earlier = await fault(db, [...linesOf(file), await forged(db, 4, 2)]);
        assert.deepEqual([earlier.seq, earlier.problem], [4, 'bad-acknowledgement']);

        const ack = await acknowledge(db, file, 4); // 7: acknowledges 4 only
        assert.equal(ack, 7);
        const genuine = await fault(db, linesOf(file));
        assert.equal(genuine.ok, true, genuine.message);
        const uncovered = await fault(db, [...linesOf(file), await forged(db, 5, ack)]);
        assert.deepEqual([uncovered.seq, uncovered.problem], [5, 'bad-acknowledgement']);
        assert.match(uncovered.message, /does not cover it/);
        const someoneElse = await fault(db, [...linesOf(file), await forged(db, 4, ack, 'mallory')]);
        assert.deepEqual([someoneElse.seq, someoneElse.problem], [4, 'bad-acknowledgement']);

        assert.equal(await acknowledge(db, file, 5), 8);
        const r = await verifyAuditChain(db, {
          publicKey: key.publicKey,
          witness: { lines: linesOf(file), graceMs: 0 },
        });
        assert.equal(r.ok, true, JSON.stringify(r.firstBad));
        assert.deepEqual(r.witness?.late, [
          { seq: 4, by: ACTOR, ack: 7 },
          { seq: 5, by: ACTOR, ack: 8 },
        ]);
      } finally {
        await database.close();
      }
    });

    it("the monitor's incremental and full checks break on such a line; genuine acknowledgements stay ok", async () => {
      const database = await target.open();
      const { db } = database;
      const dir = tempDir();
      const file = join(dir, 'witness.jsonl');
      const peer = join(dir, 'peer.jsonl');
      await witnessed(db, file, 3);
      await appendAudit(db, { actor: 'bob', action: 'search.run' }); // 4: no line
      await witnessed(db, file, 1); // 5
      await acknowledge(db, file, 4); // 6
      const m = await startAuditMonitor({
        db,
        publicKey: key.publicKey,
        witnessFile: file,
        peerWitnessFiles: [peer],
        graceMs: 60_000,
        everyMs: 0,
        fullEveryMs: 3_600_000,
        log: { error: () => undefined, warn: () => undefined },
      });
      try {
        assert.equal(m.status().state, 'ok', JSON.stringify(m.status().problem));
        await appendWitnessLines(peer, [await forged(db, 3, 5)]);
        const broken = await m.check();
        assert.equal(broken.state, 'broken');
        assert.deepEqual([broken.problem?.seq, broken.problem?.problem], [3, 'bad-acknowledgement']);
        const full = await m.check({ full: true });
        assert.deepEqual([full.state, full.problem?.seq, full.problem?.problem], ['broken', 3, 'bad-acknowledgement']);
      } finally {
        await m.stop();
        await database.close();
      }
    });
  });
}
