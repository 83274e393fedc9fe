/**
 * Acknowledging unwitnessed entries (R29). A crash (kill -9, power loss) between an entry's commit
 * and its witness write leaves the entry without a line for good; the server finds such entries
 * when it starts and reports them for attention (audit-monitor.ts), not as a break. They stay
 * visible — log, metric, status, the auditors' banner — until an auditor or administrator, having
 * compared them with the server's log of the crash, acknowledges them up to a seq with a reason.
 *
 * An entry forged straight into the database while the server was down looks exactly like a
 * crash tail: that is why nothing clears it but a person's explicit acknowledgement, recorded in
 * the chain itself. The acknowledgement appends an `audit.unwitnessed-acknowledged` entry (the
 * range, the reason, who) and then, for each unwitnessed entry up to `through` that verifies in
 * the chain (hash, link, seq, anchors), a late witness line naming who acknowledged it and that
 * entry's seq. Verification then reports those entries as witnessed late, not as unwitnessed.
 */
import type { Queryable } from '../../db/database.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { appendAudit, auditHead, type AuditRecord } from './audit-log.ts';
import { verifyAuditChain } from './audit-verify.ts';
import type { AuditSigningKey } from './signing-key.ts';
import { ACKNOWLEDGED_ACTION, extendRange, type UnwitnessedRange } from './witness-check.ts';
import { appendWitnessLines, signWitness, type WitnessLine } from './witness-format.ts';

export interface AcknowledgeInput {
  readonly db: Queryable;
  readonly key: AuditSigningKey;
  /** Where the late lines are appended: this host's witness file. */
  readonly file: string;
  /** Every witness line there is (this host's file and the peers'). */
  readonly lines: readonly WitnessLine[];
  /** Acknowledge the unwitnessed entries up to this seq (inclusive). */
  readonly through: number;
  readonly reason: string;
  /** Who acknowledges: a user, or `local:<os user>` from the command line. */
  readonly actor: string;
  readonly now?: () => Date;
}

export interface Acknowledged {
  /** The `audit.unwitnessed-acknowledged` entry. */
  readonly entry: AuditRecord;
  readonly range: UnwitnessedRange;
  readonly lines: WitnessLine[];
}

export { ACKNOWLEDGED_ACTION };

async function hashesOf(db: Queryable, seqs: readonly number[]): Promise<Map<number, string>> {
  const hashes = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += 500) {
    const batch = seqs.slice(i, i + 500);
    const rows = await db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', 'in', batch).execute();
    for (const r of rows) hashes.set(Number(r.seq), r.hash);
  }
  return hashes;
}

export async function acknowledgeUnwitnessed(i: AcknowledgeInput): Promise<Acknowledged> {
  const reason = i.reason.trim();
  if (reason.length < 3) {
    throw new DomainError('invalid', 'reason-required', 'say why these entries may stand without their witness');
  }
  if (reason.length > 1000)
    throw new DomainError('invalid', 'reason-too-long', 'the reason takes 1000 characters at most');
  const head = await auditHead(i.db);
  if (!Number.isSafeInteger(i.through) || i.through < 1 || !head || i.through > head.seq) {
    throw new DomainError('invalid', 'beyond-head', `--through must be an entry of the chain (1..${head?.seq ?? 0})`);
  }
  const seqs: number[] = [];
  const r = await verifyAuditChain(i.db, {
    publicKey: i.key.publicKey,
    // Grace 0: entries after `through` are not judged here.
    witness: {
      lines: i.lines,
      graceMs: 0,
      tolerate: (seq) => {
        if (seq > i.through) return false;
        seqs.push(seq);
        return true;
      },
    },
  });
  if (r.firstBad && r.firstBad.seq <= i.through) {
    throw new DomainError(
      'refused',
      'chain-broken',
      `the chain does not verify up to entry ${i.through}: entry ${r.firstBad.seq} (${r.firstBad.problem}): ${r.firstBad.message}`,
    );
  }
  if (seqs.length === 0) {
    throw new DomainError('conflict', 'nothing-to-acknowledge', `every entry up to ${i.through} has its witness line`);
  }
  let range: UnwitnessedRange | null = null;
  for (const seq of seqs) range = extendRange(range, seq);
  const acknowledged = range ?? extendRange(null, i.through);
  const hashes = await hashesOf(i.db, seqs);
  const entry = await appendAudit(i.db, {
    actor: i.actor,
    action: ACKNOWLEDGED_ACTION,
    details: {
      fromSeq: acknowledged.fromSeq,
      throughSeq: acknowledged.throughSeq,
      count: acknowledged.count,
      seqs: acknowledged.seqs,
      reason,
    },
  });
  const at = (i.now ?? (() => new Date()))().toISOString();
  const lines = seqs.flatMap((seq) => {
    const hash = hashes.get(seq);
    return hash ? [signWitness({ seq, hash }, i.key, at, { by: i.actor, ack: entry.seq })] : [];
  });
  await appendWitnessLines(i.file, lines);
  return { entry, range: acknowledged, lines };
}
