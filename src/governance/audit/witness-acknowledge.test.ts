// R29: entries a crash left without a witness line are for attention, not a break, until a person
// acknowledges them (audited); several Vigil processes' witnesses keep one chain intact.
import { clockOf } from '../../shared/clock.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Database } from '../../db/database.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { computeAuditHash } from './audit-hash.ts';
import { appendAudit, auditHead } from './audit-log.ts';
import { startAuditMonitor, type AuditMonitor } from './audit-monitor.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { openAuditWitness } from './audit-witness.ts';
import { loadAuditSigningKey } from './signing-key.ts';
import { ACKNOWLEDGED_ACTION, acknowledgeUnwitnessed } from './witness-acknowledge.ts';
import { parseWitnessText, signWitness, witnessChunks, type WitnessLine } from './witness-format.ts';

const dirs: string[] = [];
after(() => dirs.flatMap((d) => [d, `${d}-audit`]).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ack-'));
  dirs.push(dir);
  return dir;
}
const key = loadAuditSigningKey({ dataDir: tempDir(), freshInstallation: true });
const GRACE = 60_000;

/** Appends n entries, witnessed into `file` (a process's witness, closed after). */
async function witnessed(db: Database['db'], file: string, n: number, actor: string): Promise<void> {
  const witness = openAuditWitness({ db, key, file, everyMs: 60_000 });
  try {
    for (let i = 0; i < n; i++) await appendAudit(db, { actor, action: 'search.run', details: { i } });
  } finally {
    await witness.close();
  }
}

async function monitor(
  db: Database['db'],
  file: string,
  clock: { t: number },
  o: { peers?: string[]; warnings?: string[] } = {},
): Promise<AuditMonitor> {
  return startAuditMonitor({
    db,
    publicKey: key.publicKey,
    witnessFile: file,
    ...(o.peers ? { peerWitnessFiles: o.peers } : {}),
    graceMs: GRACE,
    everyMs: 0,
    fullEveryMs: 3_600_000,
    log: { error: () => undefined, warn: (_f, m) => o.warnings?.push(m) },
    clock: clockOf(() => new Date(clock.t)),
  });
}

const linesOf = (...files: string[]): WitnessLine[] =>
  files.flatMap((f) => parseWitnessText(readFileSync(f, 'utf8')).lines);

for (const target of testDatabases()) {
  describe(`unwitnessed entries and several witnesses on ${target.name} (R29)`, () => {
    it('a restart on a crash tail is attention, not a break; an acknowledgement clears it, audited, and verify reports late lines', async () => {
      const database = await target.open();
      const { db } = database;
      const file = join(tempDir(), 'witness.jsonl');
      await witnessed(db, file, 3, 'alice');
      // The crash: two entries committed, their lines never written.
      for (let i = 0; i < 2; i++) await appendAudit(db, { actor: 'bob', action: 'search.run' });
      const clock = { t: Date.now() };
      const warnings: string[] = [];
      const m = await monitor(db, file, clock, { warnings });
      try {
        const started = m.status();
        assert.equal(started.state, 'attention');
        assert.equal(started.problem, null);
        assert.deepEqual(started.witness.unwitnessed, { count: 2, fromSeq: 4, throughSeq: 5 });
        assert.ok(warnings.some((w) => /found without a witness line at start-up/.test(w)));
        clock.t += GRACE + 1000;
        assert.equal((await m.check()).state, 'attention', 'past the grace: still attention, not broken');
        assert.equal((await m.check({ full: true })).state, 'attention', 'and after a full check');

        await assert.rejects(
          acknowledgeUnwitnessed({ db, key, file, lines: linesOf(file), through: 5, reason: '', actor: 'local:root' }),
          (e: unknown) => e instanceof DomainError && e.code === 'reason-required',
        );
        // As `vigil audit acknowledge` does: with a witness open, so that its own entry gets a line.
        const witness = openAuditWitness({ db, key, file, everyMs: 60_000 });
        const ack = await acknowledgeUnwitnessed({
          db,
          key,
          file,
          lines: linesOf(file),
          through: 5,
          reason: 'kill -9 at 03:12, entries 4-5 match the server log',
          actor: 'local:root',
        }).finally(() => witness.close());
        assert.equal(ack.entry.action, ACKNOWLEDGED_ACTION);
        assert.equal(ack.entry.actor, 'local:root');
        assert.deepEqual(
          [ack.entry.details['fromSeq'], ack.entry.details['throughSeq'], ack.entry.details['count']],
          [4, 5, 2],
        );
        assert.match(String(ack.entry.details['reason']), /kill -9/);
        assert.deepEqual(
          ack.lines.map((l) => [l.seq, l.late, l.by, l.ack]),
          [
            [4, true, 'local:root', 6],
            [5, true, 'local:root', 6],
          ],
        );
        const after = await m.check();
        assert.equal(after.state, 'ok', JSON.stringify(after));
        assert.equal(after.witness.unwitnessed, null);
        assert.equal(after.witness.pending, 0);

        const lines = linesOf(file);
        const r = await verifyAuditChain(db, { publicKey: key.publicKey, witness: { lines, graceMs: 0 } });
        assert.equal(r.ok, true, JSON.stringify(r.firstBad));
        assert.equal(r.witness?.lateCount, 2);
        assert.deepEqual(r.witness?.late[0], { seq: 4, by: 'local:root', ack: 6 });
        // A late line's flag is signed: stripping it breaks the signature.
        const stripped = lines.map((l) => (l.late ? { ...l, late: undefined, by: undefined, ack: undefined } : l));
        const forged = await verifyAuditChain(db, {
          publicKey: key.publicKey,
          witness: { lines: stripped as WitnessLine[], graceMs: 0 },
        });
        assert.equal(forged.witness?.invalid.length, 2);
      } finally {
        await m.stop();
        await database.close();
      }
    });

    it('an entry forged while the server runs is still a break once its grace is over', async () => {
      const database = await target.open();
      const { db } = database;
      const file = join(tempDir(), 'witness.jsonl');
      await witnessed(db, file, 3, 'alice');
      const clock = { t: Date.now() };
      const m = await monitor(db, file, clock);
      try {
        assert.equal(m.status().state, 'ok');
        const head = await auditHead(db);
        const fields = {
          seq: 4,
          at: new Date(clock.t).toISOString(),
          actor: 'x',
          action: 'search.run',
          outcome: 'ok' as const,
        };
        const prev = head?.hash ?? '';
        const hash = computeAuditHash({ ...fields, target: null, details: {}, prevHash: prev });
        await db
          .insertInto('audit_log')
          .values({ ...fields, target_type: null, target_id: null, details_json: '{}', prev_hash: prev, hash })
          .execute();
        assert.equal((await m.check()).state, 'ok');
        clock.t += GRACE + 1000;
        const broken = await m.check();
        assert.equal(broken.state, 'broken');
        assert.deepEqual([broken.problem?.seq, broken.problem?.problem], [4, 'unwitnessed']);
      } finally {
        await m.stop();
        await database.close();
      }
    });

    it('entries witnessed by other processes — the same file on this host, a peer file from another — stay ok past the grace', async () => {
      const database = await target.open();
      const { db } = database;
      const dir = tempDir();
      const shared = join(dir, 'witness.jsonl');
      const peer = join(dir, 'other-host.jsonl');
      await witnessed(db, shared, 2, 'api');
      const clock = { t: Date.now() };
      const m = await monitor(db, shared, clock, { peers: [peer] });
      try {
        assert.equal(m.status().state, 'ok');
        await witnessed(db, shared, 2, 'worker'); // another process on this host, same file
        await witnessed(db, peer, 2, 'pipeline'); // a process on another machine
        await witnessed(db, shared, 1, 'api');
        assert.equal((await m.check()).state, 'ok');
        clock.t += GRACE + 1000;
        const later = await m.check();
        assert.equal(later.state, 'ok', JSON.stringify(later.problem));
        assert.equal(later.entries, 7);
        assert.equal(later.witness.pending, 0);
        assert.equal((await m.check({ full: true })).state, 'ok');
      } finally {
        await m.stop();
        await database.close();
      }
    });
  });
}

describe('witness writes (R29)', () => {
  it('groups lines into whole-line chunks, one write() each', () => {
    const line = signWitness({ seq: 1, hash: 'a'.repeat(64) }, key, new Date().toISOString());
    const lines = Array.from({ length: 50 }, (_, i) => ({ ...line, seq: i + 1 }));
    const chunks = witnessChunks(lines, 1000);
    assert.ok(chunks.length > 1);
    let seqs: number[] = [];
    for (const c of chunks) {
      assert.ok(c.length <= 1000);
      const text = c.toString('utf8');
      assert.ok(text.endsWith('\n'), 'each chunk ends on a whole line');
      const parsed = parseWitnessText(text);
      assert.equal(parsed.unreadable.length, 0);
      seqs = [...seqs, ...parsed.lines.map((l) => l.seq)];
    }
    assert.deepEqual(
      seqs,
      lines.map((l) => l.seq),
    );
  });
});
