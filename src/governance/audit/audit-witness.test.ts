// R29 against the database's owner: the witness outside the database, the audit.anchor entries
// checked against audit_anchors, and the append-only triggers put back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { createAnchor } from './audit-anchors.ts';
import { canonicalJson, computeAuditHash } from './audit-hash.ts';
import { appendAudit, auditHead, readAuditPage, rowToRecord } from './audit-log.ts';
import { dropAuditTriggers } from '../../../test/support/audit.ts';
import { ensureAuditTriggers, missingAuditTriggers } from './audit-triggers.ts';
import { verifyAuditChain, type VerifyResult } from './audit-verify.ts';
import { openAuditWitness, type AuditWitness } from './audit-witness.ts';
import { loadAuditSigningKey, type AuditSigningKey } from './signing-key.ts';
import { parseWitnessText, type WitnessLine } from './witness-format.ts';

const dirs: string[] = [];
after(() => dirs.flatMap((d) => [d, `${d}-audit`]).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-witness-'));
  dirs.push(dir);
  return dir;
}
const key: AuditSigningKey = loadAuditSigningKey({ dataDir: tempDir(), freshInstallation: true });
const HOUR = 3_600_000;

interface Fixture {
  readonly database: Database;
  readonly witness: AuditWitness;
  lines(): WitnessLine[];
}

async function withWitness(open: () => Promise<Database>, fn: (f: Fixture) => Promise<void>): Promise<void> {
  const database = await open();
  const file = join(tempDir(), 'witness.jsonl');
  const witness = openAuditWitness({ db: database.db, key, file, everyMs: 60_000 });
  try {
    await fn({
      database,
      witness,
      lines: () => parseWitnessText(readFileSync(file, 'utf8')).lines,
    });
  } finally {
    await witness.close();
    await database.close();
  }
}

async function seed(db: Database['db'], n: number): Promise<void> {
  for (let i = 0; i < n; i++) await appendAudit(db, { actor: `officer${i}`, action: 'search.run', details: { i } });
}

const verify = (db: Database['db'], lines: WitnessLine[] | null, graceMs = 300_000): Promise<VerifyResult> =>
  verifyAuditChain(db, { publicKey: key.publicKey, ...(lines ? { witness: { lines, graceMs } } : {}) });
const bad = (r: VerifyResult) => (r.firstBad ? { seq: r.firstBad.seq, problem: r.firstBad.problem } : undefined);

/** Rewrites entry `from` and recomputes every later hash: a chain that verifies on its own. */
async function rewriteFrom(db: Database['db'], from: number): Promise<void> {
  const rows = await readAuditPage(db, from - 1, 10_000);
  let prev = (
    await db
      .selectFrom('audit_log')
      .select('hash')
      .where('seq', '=', from - 1)
      .executeTakeFirst()
  )?.hash;
  for (const row of rows) {
    const r = rowToRecord(row);
    const actor = row.seq === from ? 'someone-else' : r.actor;
    const hash = computeAuditHash({ ...r, actor, target: r.target ?? null, prevHash: prev ?? '0'.repeat(64) });
    await db
      .updateTable('audit_log')
      .set({ actor, prev_hash: prev ?? '0'.repeat(64), hash })
      .where('seq', '=', row.seq)
      .execute();
    prev = hash;
  }
}

for (const target of testDatabases()) {
  describe(`the audit witness on ${target.name} (R29)`, () => {
    it('writes one signed line per committed entry, none for a rolled-back one', () =>
      withWitness(target.open, async ({ database: { db }, witness, lines }) => {
        await seed(db, 2);
        await assert.rejects(
          db.transaction().execute(async (tx) => {
            await appendAudit(tx, { actor: 'mallory', action: 'search.run' });
            throw new Error('rolled back');
          }),
          /rolled back/,
        );
        await seed(db, 1);
        await witness.flush();
        const head = await auditHead(db);
        assert.deepEqual(
          lines().map((l) => l.seq),
          [1, 2, 3],
        );
        assert.equal(lines().at(-1)?.hash, head?.hash, 'seq 3 is the committed entry, not the rolled-back one');
        const r = await verify(db, lines());
        assert.equal(r.ok, true, JSON.stringify(r.firstBad));
        assert.equal(r.witness?.witnessed, 3);
      }));

    it('deleting the entries after the last anchor is caught by the witness', () =>
      withWitness(target.open, async ({ database, witness, lines }) => {
        const { db } = database;
        await seed(db, 4);
        const anchor = await createAnchor(db, key);
        await seed(db, 3);
        await witness.flush();
        await dropAuditTriggers(database);
        await db.deleteFrom('audit_log').where('seq', '>', anchor.seq).execute();
        assert.equal((await verify(db, null)).ok, true, 'the chain and its anchors alone do not see it');
        const r = await verify(db, lines());
        assert.deepEqual(bad(r), { seq: anchor.seq + 1, problem: 'truncated' });
        assert.match(r.firstBad?.message ?? '', /witness holds entry 8/);
      }));

    it('editing an entry and recomputing every later hash is caught by the witness', () =>
      withWitness(target.open, async ({ database, witness, lines }) => {
        const { db } = database;
        await seed(db, 6);
        await witness.flush();
        await dropAuditTriggers(database);
        await rewriteFrom(db, 3);
        assert.equal((await verify(db, null)).ok, true, 'the rewritten chain verifies on its own');
        assert.deepEqual(bad(await verify(db, lines())), { seq: 3, problem: 'altered' });
      }));

    it('an anchor deleted from audit_anchors is caught by its audit.anchor entry', () =>
      withWitness(target.open, async ({ database }) => {
        const { db } = database;
        await seed(db, 2);
        const anchor = await createAnchor(db, key);
        await seed(db, 2);
        await dropAuditTriggers(database);
        await db.deleteFrom('audit_anchors').execute();
        assert.deepEqual(bad(await verify(db, null)), { seq: anchor.seq, problem: 'anchor-missing' });
      }));

    it('an entry forged with a correct hash has no witness line', () =>
      withWitness(target.open, async ({ database: { db }, witness, lines }) => {
        await seed(db, 3);
        await witness.flush();
        const head = await auditHead(db);
        const forge = async (seq: number, prevHash: string, at: string) => {
          const fields = {
            seq,
            at,
            actor: 'auditor',
            action: 'search.deleted',
            outcome: 'ok' as const,
            target: null,
            details: {},
            prevHash,
          };
          const hash = computeAuditHash(fields);
          await db
            .insertInto('audit_log')
            .values({
              seq,
              at,
              actor: fields.actor,
              action: fields.action,
              outcome: 'ok',
              target_type: null,
              target_id: null,
              details_json: canonicalJson({}),
              prev_hash: prevHash,
              hash,
            })
            .execute();
          return hash;
        };
        const hash = await forge(4, head?.hash ?? '', new Date(Date.now() - HOUR).toISOString());
        assert.equal((await verify(db, null)).ok, true, 'its hash is correct: the chain alone accepts it');
        assert.deepEqual(bad(await verify(db, lines())), { seq: 4, problem: 'unwitnessed' });
        // Dated ahead, to pass for recent for ever: not recent.
        await forge(5, hash, new Date(Date.now() + 24 * HOUR).toISOString());
        const r = await verify(db, lines(), 10 * 24 * HOUR);
        assert.deepEqual(bad(r), { seq: 5, problem: 'unwitnessed' }, 'entry 4 is recent under a 10-day grace');
        assert.deepEqual(r.witness?.pending, [4]);
      }));

    it('missing append-only triggers are put back and recorded', () =>
      withWitness(target.open, async ({ database }) => {
        const { db } = database;
        await seed(db, 1);
        assert.deepEqual(await missingAuditTriggers(db), []);
        await dropAuditTriggers(database);
        assert.ok((await missingAuditTriggers(db)).includes('audit_log_no_update'));
        const restored = await ensureAuditTriggers(db);
        assert.ok(restored.includes('audit_log_no_delete') && restored.includes('audit_anchors_no_update'));
        assert.deepEqual(await missingAuditTriggers(db), []);
        const last = (await readAuditPage(db, 1, 10)).at(-1);
        assert.equal(last?.action, 'audit.triggers-restored');
        assert.equal(last?.outcome, 'failed');
        await assert.rejects(sql`UPDATE audit_log SET actor = 'x' WHERE seq = 1`.execute(db), /append-only/);
        assert.deepEqual(await ensureAuditTriggers(db), [], 'nothing to restore the second time');
      }));
  });
}
