/**
 * Verifying the audit chain (R29): walks the log in seq order a page at a time, recomputes every
 * entry's hash, checks each prev_hash link and that seq runs 1, 2, 3... without a gap; checks the
 * signed anchors (each signature, and that the chain still holds each anchored entry with the
 * anchored hash); checks that every `audit.anchor` entry still has its anchor in audit_anchors;
 * and, given the witness's lines, compares the chain with them (witness-check.ts). Stops at the
 * first bad entry and names it.
 *
 *   altered         an entry's contents no longer match its hash (or an anchor's, or its witness line)
 *   broken-link     an entry's prev_hash is not the previous entry's hash
 *   missing         seq jumps: the named entry (and maybe more) was deleted
 *   truncated       the chain ends before an anchored or witnessed entry: its tail was deleted
 *   anchor-missing  an `audit.anchor` entry's anchor is gone from audit_anchors
 *   unwitnessed     an entry (not recent) has no witness line: it was not appended by Vigil
 *   bad-acknowledgement  an entry's only line is late, and its `ack` is not an acknowledgement
 *                   entry (after it, by the line's `by`) whose range covers it
 *
 * An entry whose line was written late, by an acknowledgement, verifies: it is reported as
 * witnessed late, with who acknowledged it (`witness.late`).
 */
import type { KeyObject } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import type { AuditLogTable } from '../../db/tables/audit.ts';
import { AuditError, canonicalJson, computeAuditHash, GENESIS_HASH } from './audit-hash.ts';
import { auditHead, iterateAudit, rowToRecord } from './audit-log.ts';
import { anchorSignatureProblem, listAnchors, type AuditAnchor } from './audit-anchors.ts';
import { acknowledgementSeqs, WitnessCheck, type AcknowledgementEntry, type WitnessReport } from './witness-check.ts';
import type { WitnessLine } from './witness-format.ts';

export type ChainProblem =
  'altered' | 'broken-link' | 'missing' | 'truncated' | 'anchor-missing' | 'unwitnessed' | 'bad-acknowledgement';

export interface ChainFault {
  readonly seq: number;
  readonly problem: ChainProblem;
  readonly message: string;
}

export interface InvalidAnchor {
  readonly seq: number;
  readonly source: 'stored' | 'supplied';
  readonly message: string;
}

export interface VerifyResult {
  /** True when every entry and every anchor checks out. */
  readonly ok: boolean;
  /** Entries verified intact (1..entries). */
  readonly entries: number;
  /** The last entry in the log, as stored. */
  readonly head: { readonly seq: number; readonly hash: string } | null;
  readonly firstBad?: ChainFault;
  readonly anchors: {
    /** Anchors whose signature holds and that were checked against the chain. */
    readonly checked: number;
    readonly latest: { readonly seq: number; readonly at: string } | null;
    /** Anchors refused: a forged or altered signature, or another key's. */
    readonly invalid: InvalidAnchor[];
  };
  /** `audit.anchor` entries walked, each of which must still have its row in audit_anchors. */
  readonly anchorEntries: { readonly checked: number; readonly compared: boolean };
  /** The comparison with the witness; absent when no witness was given. */
  readonly witness?: WitnessReport;
}

export interface VerifyOptions {
  /** Anchors kept outside (e.g. from `vigil audit anchors --export`), checked with the stored ones. */
  readonly anchors?: readonly AuditAnchor[];
  /** The server's public key; needed when there are anchors to check. */
  readonly publicKey?: KeyObject;
  /** Check the audit_anchors table too (default true); also what `audit.anchor` entries are checked against. */
  readonly includeStoredAnchors?: boolean;
  /** The witness's lines (witness-format.ts), checked with `publicKey`. */
  readonly witness?: {
    readonly lines: readonly WitnessLine[];
    /** Unwitnessed entries dated within this of now are pending, not a failure; 0 turns the check off. */
    readonly graceMs: number;
    readonly now?: Date;
    /** Unwitnessed entries this accepts are reported as `witness.unacknowledged`, not as a break. */
    readonly tolerate?: (seq: number) => boolean;
  };
  readonly pageSize?: number;
}

/** What is wrong with one row, given the seq and prev_hash it should have; null when nothing. */
export function entryFault(row: AuditLogTable, expectedSeq: number, expectedPrev: string): ChainFault | null {
  if (row.seq !== expectedSeq) {
    const range =
      row.seq - 1 === expectedSeq ? `entry ${expectedSeq} is` : `entries ${expectedSeq}..${row.seq - 1} are`;
    return {
      seq: expectedSeq,
      problem: 'missing',
      message: `${range} missing: entry ${row.seq} follows ${expectedSeq === 1 ? 'the start' : `entry ${expectedSeq - 1}`}`,
    };
  }
  let recomputed: string;
  try {
    const r = rowToRecord(row);
    if (canonicalJson(r.details) !== row.details_json) {
      return { seq: row.seq, problem: 'altered', message: `entry ${row.seq}: details were rewritten outside Vigil` };
    }
    recomputed = computeAuditHash({ ...r, target: r.target ?? null });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { seq: row.seq, problem: 'altered', message: `entry ${row.seq} does not parse: ${why}` };
  }
  if (recomputed !== row.hash) {
    return { seq: row.seq, problem: 'altered', message: `entry ${row.seq}: its contents do not match its hash` };
  }
  if (row.prev_hash !== expectedPrev) {
    const was = expectedSeq === 1 ? 'the genesis value' : `the hash of entry ${expectedSeq - 1}`;
    return {
      seq: row.seq,
      problem: 'broken-link',
      message: `entry ${row.seq}: prev_hash is not ${was} (one of the two was rewritten)`,
    };
  }
  return null;
}

/** The audit entries at these seqs that late witness lines point at (absent ones are left out). */
export async function fetchAcknowledgements(
  q: Queryable,
  seqs: readonly number[],
): Promise<Map<number, AcknowledgementEntry>> {
  const found = new Map<number, AcknowledgementEntry>();
  for (let i = 0; i < seqs.length; i += 500) {
    const rows = await q
      .selectFrom('audit_log')
      .select(['seq', 'action', 'actor', 'details_json'])
      .where('seq', 'in', seqs.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(Number(r.seq), { ...r, seq: Number(r.seq) });
  }
  return found;
}

interface AnchorSets {
  readonly bySeq: Map<number, AuditAnchor[]>;
  readonly invalid: InvalidAnchor[];
  readonly checked: number;
  readonly latest: { seq: number; at: string } | null;
}

async function checkAnchors(q: Queryable, o: VerifyOptions, stored: readonly AuditAnchor[]): Promise<AnchorSets> {
  const tagged: { anchor: AuditAnchor; source: 'stored' | 'supplied' }[] = [
    ...stored.map((anchor) => ({
      anchor,
      source: 'stored' as const,
    })),
    ...(o.anchors ?? []).map((anchor) => ({ anchor, source: 'supplied' as const })),
  ];
  if (tagged.length > 0 && !o.publicKey) {
    throw new AuditError(
      'there are anchors to check but no public key to check them with: restore the audit signing key or give its public key',
      'key-missing',
    );
  }
  const bySeq = new Map<number, AuditAnchor[]>();
  const invalid: InvalidAnchor[] = [];
  const seen = new Set<string>();
  let checked = 0;
  let latest: AnchorSets['latest'] = null;
  for (const { anchor, source } of tagged) {
    const id = `${anchor.seq}:${anchor.signature}:${anchor.hash}:${anchor.at}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const problem = o.publicKey ? anchorSignatureProblem(anchor, o.publicKey) : 'no public key';
    if (problem) {
      invalid.push({ seq: anchor.seq, source, message: `anchor for entry ${anchor.seq} (${source}): ${problem}` });
      continue;
    }
    checked++;
    bySeq.set(anchor.seq, [...(bySeq.get(anchor.seq) ?? []), anchor]);
    if (!latest || anchor.seq > latest.seq) latest = { seq: anchor.seq, at: anchor.at };
  }
  invalid.sort((a, b) => a.seq - b.seq);
  return { bySeq, invalid, checked, latest };
}

/** The anchor and witness comparisons of one (otherwise intact) row. */
function crossCheck(
  row: AuditLogTable,
  anchors: AnchorSets,
  storedSeqs: ReadonlySet<number> | null,
  witness: WitnessCheck | null,
): ChainFault | null {
  const differs = anchors.bySeq.get(row.seq)?.find((a) => a.hash !== row.hash);
  if (differs) {
    return {
      seq: row.seq,
      problem: 'altered',
      message: `entry ${row.seq} differs from the anchor made at ${differs.at}: the chain was rewritten at or before it`,
    };
  }
  if (storedSeqs && row.action === 'audit.anchor' && !storedSeqs.has(row.seq)) {
    return {
      seq: row.seq,
      problem: 'anchor-missing',
      message: `entry ${row.seq} records an anchor that is no longer in audit_anchors: anchors were deleted`,
    };
  }
  const w = witness?.visit(row);
  return w ? { seq: row.seq, ...w } : null;
}

export async function verifyAuditChain(q: Queryable, o: VerifyOptions = {}): Promise<VerifyResult> {
  const stored = o.includeStoredAnchors === false ? [] : await listAnchors(q);
  const storedSeqs = o.includeStoredAnchors === false ? null : new Set(stored.map((a) => a.seq));
  const anchors = await checkAnchors(q, o, stored);
  const witness = o.witness
    ? new WitnessCheck(o.witness.lines, o.publicKey, {
        graceMs: o.witness.graceMs,
        now: o.witness.now ?? new Date(),
        tolerate: o.witness.tolerate,
        acknowledgements: await fetchAcknowledgements(q, acknowledgementSeqs(o.witness.lines)),
      })
    : null;
  const head = await auditHead(q);
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let firstBad: ChainFault | undefined;
  let anchorEntries = 0;
  if (head) {
    for await (const row of iterateAudit(q, { toSeq: head.seq, pageSize: o.pageSize ?? 500 })) {
      firstBad = entryFault(row, expectedSeq, prev) ?? crossCheck(row, anchors, storedSeqs, witness) ?? undefined;
      if (firstBad) break;
      if (row.action === 'audit.anchor') anchorEntries++;
      expectedSeq++;
      prev = row.hash;
    }
  }
  const cut = !firstBad ? witness?.truncation(expectedSeq - 1) : null;
  if (cut) firstBad = { seq: cut.seq, problem: 'truncated', message: cut.message };
  if (!firstBad) {
    const beyond = [...anchors.bySeq.keys()].filter((s) => s >= expectedSeq).sort((a, b) => a - b);
    const last = beyond.at(-1);
    if (last !== undefined) {
      const anchor = anchors.bySeq.get(last)?.[0];
      firstBad = {
        seq: expectedSeq,
        problem: 'truncated',
        message:
          `the chain ends at entry ${expectedSeq - 1}, but an anchor made at ${anchor?.at ?? '?'} covers entry ` +
          `${last}: ${last === expectedSeq ? `entry ${last} was` : `entries ${expectedSeq}..${last} were`} removed`,
      };
    }
  }
  const witnessReport = witness?.report();
  return {
    ok: !firstBad && anchors.invalid.length === 0 && (witnessReport?.invalid.length ?? 0) === 0,
    entries: expectedSeq - 1,
    head,
    ...(firstBad ? { firstBad } : {}),
    anchors: { checked: anchors.checked, latest: anchors.latest, invalid: anchors.invalid },
    anchorEntries: { checked: anchorEntries, compared: storedSeqs !== null },
    ...(witnessReport ? { witness: witnessReport } : {}),
  };
}
