/**
 * Comparing the chain with the witness (R29), one entry at a time during verification's walk:
 *
 *   - every witnessed seq must be in the chain with the witnessed hash (an entry edited, even with
 *     every later hash recomputed, no longer matches its line);
 *   - the chain must reach the last witnessed seq (its tail was not deleted);
 *   - every entry from the first witnessed one on must have a line: an entry without one was not
 *     appended by Vigil (written straight into the database), unless it is recent — its line may
 *     still be on its way, or was lost in a crash between the commit and the write. Recent: first
 *     seen less than `graceMs` ago (the monitor), or dated less than `graceMs` before now and not
 *     in the future (a one-off verification; a forged entry dated ahead is not recent);
 *   - an entry whose only matching line is late (written by an acknowledgement) is witnessed late,
 *     reported with who acknowledged it and in which audit entry — provided that entry is in the
 *     chain, after it, an `audit.unwitnessed-acknowledged` entry by the line's `by` whose range
 *     covers it (acknowledgementProblem); otherwise the line vouches for nothing: a fault,
 *     'bad-acknowledgement', naming the entry.
 *
 * `tolerate` (the monitor's start-up check, an acknowledgement) collects unwitnessed entries as
 * `unacknowledged` instead of failing on them: entries the server found without a line when it
 * started, which a crash between commit and witness leaves, and which a forged append made while
 * the server was down looks exactly like — hence a person's audited acknowledgement, not a pass.
 *
 * Lines whose signature does not hold are refused and reported, never used.
 */
import type { KeyObject } from 'node:crypto';
import { AuditError } from './audit-hash.ts';
import { witnessSignatureProblem, type WitnessLine } from './witness-format.ts';

/** The action of the entry that acknowledges unwitnessed entries (witness-acknowledge.ts). */
export const ACKNOWLEDGED_ACTION = 'audit.unwitnessed-acknowledged';

/** An audit entry a late line's `ack` points at, as far as checking the line needs it. */
export interface AcknowledgementEntry {
  readonly seq: number;
  readonly action: string;
  readonly actor: string | null;
  readonly details_json: string;
}

/** The audit entries the late lines among these point at. */
export function acknowledgementSeqs(lines: Iterable<WitnessLine>): number[] {
  const seqs = new Set<number>();
  for (const l of lines) if (l.late && l.ack !== undefined) seqs.add(l.ack);
  return [...seqs].sort((a, b) => a - b);
}

/**
 * What is wrong with a late line's acknowledgement (R29), null when it holds: its `ack` entry must
 * be in the chain, after the line's entry, an `audit.unwitnessed-acknowledged` entry made by the
 * line's `by`, whose fromSeq..throughSeq covers the line's seq (and, when its `seqs` lists every
 * acknowledged entry, lists it). A line signed with the right key but pointing elsewhere — at an
 * ordinary entry, at another range — is not an acknowledgement.
 */
export function acknowledgementProblem(line: WitnessLine, entry: AcknowledgementEntry | undefined): string | null {
  const at = `entry ${line.seq}'s late witness line points at audit entry ${line.ack ?? '?'}`;
  if (line.ack === undefined || !entry) return `${at}, which is not in the chain`;
  if (line.ack <= line.seq)
    return `${at}, which does not follow it: an acknowledgement comes after what it vouches for`;
  if (entry.action !== ACKNOWLEDGED_ACTION) return `${at}, which is ${entry.action}, not ${ACKNOWLEDGED_ACTION}`;
  if (entry.actor !== line.by)
    return `${at}, which ${entry.actor ?? 'nobody'} made, not ${line.by ?? '?'} as the line says`;
  let d: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(entry.details_json);
    d = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    d = {};
  }
  const { fromSeq, throughSeq, count, seqs } = d;
  if (typeof fromSeq !== 'number' || typeof throughSeq !== 'number' || line.seq < fromSeq || line.seq > throughSeq) {
    return `${at}, whose range (${String(fromSeq)}..${String(throughSeq)}) does not cover it`;
  }
  if (Array.isArray(seqs) && seqs.length === count && !seqs.includes(line.seq)) {
    return `${at}, which does not list it among the entries it acknowledges`;
  }
  return null;
}

export interface WitnessReport {
  /** Lines read and whose signature holds. */
  readonly lines: number;
  /** Lines refused: not signed with the audit key, or altered. */
  readonly invalid: { readonly seq: number; readonly message: string }[];
  /** The highest witnessed seq, or null when the witness is empty. */
  readonly lastSeq: number | null;
  /** Entries that matched their line. */
  readonly witnessed: number;
  /** Entries before the first witnessed one (written before the witness was set up). */
  readonly before: number;
  /** Recent entries without a line yet (not a failure): how many, and the first 100 seqs. */
  readonly pendingCount: number;
  readonly pending: number[];
  /** Entries witnessed only by a late line: how many, and the first 100. */
  readonly lateCount: number;
  readonly late: { readonly seq: number; readonly by: string; readonly ack: number }[];
  /** Unwitnessed entries collected by `tolerate`: how many, their range and the first 100 seqs. */
  readonly unacknowledged: UnwitnessedRange | null;
}

export interface UnwitnessedRange {
  readonly count: number;
  readonly fromSeq: number;
  readonly throughSeq: number;
  readonly seqs: number[];
}

/** Adds a seq (in increasing order) to a range. */
export function extendRange(r: UnwitnessedRange | null, seq: number): UnwitnessedRange {
  if (!r) return { count: 1, fromSeq: seq, throughSeq: seq, seqs: [seq] };
  return {
    count: r.count + 1,
    fromSeq: Math.min(r.fromSeq, seq),
    throughSeq: Math.max(r.throughSeq, seq),
    seqs: r.seqs.length < 100 ? [...r.seqs, seq] : r.seqs,
  };
}

/** Lines by seq (a seq may have two lines: a rolled-back append and the entry that took its place). */
export function witnessIndex(
  lines: readonly WitnessLine[],
  publicKey: KeyObject | undefined,
): { bySeq: Map<number, WitnessLine[]>; invalid: WitnessReport['invalid'] } {
  if (lines.length > 0 && !publicKey) {
    throw new AuditError(
      'there are witness lines to check but no public key to check them with: restore the audit signing key or give its public key',
      'key-missing',
    );
  }
  const bySeq = new Map<number, WitnessLine[]>();
  const invalid: { seq: number; message: string }[] = [];
  for (const line of lines) {
    const problem = publicKey ? witnessSignatureProblem(line, publicKey) : 'no public key';
    if (problem) {
      invalid.push({ seq: line.seq, message: `witness line for entry ${line.seq}: ${problem}` });
      continue;
    }
    bySeq.set(line.seq, [...(bySeq.get(line.seq) ?? []), line]);
  }
  return { bySeq, invalid };
}

/** Whether an unwitnessed entry dated `at` may still be waiting for its line. */
export function isRecent(at: string, now: Date, graceMs: number): boolean {
  const t = Date.parse(at);
  if (!Number.isFinite(t)) return false;
  return t <= now.getTime() + 60_000 && now.getTime() - t < graceMs;
}

export class WitnessCheck {
  private readonly bySeq: Map<number, WitnessLine[]>;
  private readonly invalid: WitnessReport['invalid'];
  private readonly firstSeq: number | null;
  private readonly lastSeq: number | null;
  private witnessed = 0;
  private before = 0;
  private readonly pending: number[] = [];
  private pendingCount = 0;
  private readonly late: WitnessReport['late'] = [];
  private lateCount = 0;
  private unacknowledged: UnwitnessedRange | null = null;

  constructor(
    lines: readonly WitnessLine[],
    publicKey: KeyObject | undefined,
    private readonly o: {
      readonly graceMs: number;
      readonly now: Date;
      /** Unwitnessed entries this accepts are collected as `unacknowledged`, not failed. */
      readonly tolerate?: ((seq: number) => boolean) | undefined;
      /** The entries late lines point at (by seq): what each late line is checked against. */
      readonly acknowledgements: ReadonlyMap<number, AcknowledgementEntry>;
    },
  ) {
    const index = witnessIndex(lines, publicKey);
    this.bySeq = index.bySeq;
    this.invalid = index.invalid;
    const seqs = [...this.bySeq.keys()];
    this.firstSeq = seqs.length ? Math.min(...seqs) : null;
    this.lastSeq = seqs.length ? Math.max(...seqs) : null;
  }

  /** What is wrong with this (otherwise intact) entry as the witness sees it; null when nothing. */
  visit(row: {
    seq: number;
    hash: string;
    at: string;
  }): { problem: 'altered' | 'unwitnessed' | 'bad-acknowledgement'; message: string } | null {
    const lines = this.bySeq.get(row.seq);
    if (lines) {
      for (const l of lines) {
        const problem = l.late ? acknowledgementProblem(l, this.o.acknowledgements.get(l.ack ?? 0)) : null;
        if (problem) return { problem: 'bad-acknowledgement', message: problem };
      }
      const matching = lines.filter((l) => l.hash === row.hash);
      if (matching.some((l) => !l.late)) {
        this.witnessed++;
        return null;
      }
      const late = matching[0];
      if (late) {
        if (this.late.length < 100) this.late.push({ seq: row.seq, by: late.by ?? '?', ack: late.ack ?? 0 });
        this.lateCount++;
        return null;
      }
      const l = lines[0];
      return {
        problem: 'altered',
        message: `entry ${row.seq} differs from its witness line (witnessed ${l?.at ?? '?'}): the chain was rewritten at or before it`,
      };
    }
    if (this.firstSeq === null || row.seq < this.firstSeq) {
      this.before++;
      return null;
    }
    if (this.o.tolerate?.(row.seq)) {
      this.unacknowledged = extendRange(this.unacknowledged, row.seq);
      return null;
    }
    if (this.o.graceMs === 0 || isRecent(row.at, this.o.now, this.o.graceMs)) {
      if (this.pending.length < 100) this.pending.push(row.seq);
      this.pendingCount++;
      return null;
    }
    return {
      problem: 'unwitnessed',
      message:
        `entry ${row.seq} (${row.at}) has no witness line: Vigil did not append it (written straight into ` +
        'the database), or its line was lost in a crash between its commit and the witness write',
    };
  }

  /** After the walk: the chain must reach the last witnessed seq. */
  truncation(entries: number): { seq: number; message: string } | null {
    if (this.lastSeq === null || this.lastSeq <= entries) return null;
    const from = entries + 1;
    return {
      seq: from,
      message:
        `the chain ends at entry ${entries}, but the witness holds entry ${this.lastSeq}: ` +
        `${this.lastSeq === from ? `entry ${from} was` : `entries ${from}..${this.lastSeq} were`} removed`,
    };
  }

  report(): WitnessReport {
    let lines = 0;
    for (const l of this.bySeq.values()) lines += l.length;
    return {
      lines,
      invalid: this.invalid,
      lastSeq: this.lastSeq,
      witnessed: this.witnessed,
      before: this.before,
      pendingCount: this.pendingCount,
      pending: this.pending,
      lateCount: this.lateCount,
      late: this.late,
      unacknowledged: this.unacknowledged,
    };
  }
}
