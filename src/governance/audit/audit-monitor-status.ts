/**
 * What the audit monitor (audit-monitor.ts) reports and is given: the chain's status as the
 * metrics, `/ready` and the auditors' banner read it (R29), the monitor's options, and the warning
 * text for entries found without a witness line.
 */
import type { KeyObject } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { ChainProblem } from './audit-verify.ts';
import { extendRange, type UnwitnessedRange } from './witness-check.ts';

export interface AuditChainProblem {
  readonly seq: number | null;
  readonly problem: ChainProblem | 'bad-anchor' | 'bad-witness-line';
  readonly message: string;
}

export interface AuditChainStatus {
  /** attention: entries found unwitnessed at start-up await acknowledgement (still ready). */
  readonly state: 'ok' | 'attention' | 'broken';
  readonly checkedAt: string;
  /** Entries verified intact. */
  readonly entries: number;
  readonly problem: AuditChainProblem | null;
  /** How many times the chain was found broken since start-up. */
  readonly breaks: number;
  /** Append-only triggers put back since start-up. */
  readonly triggersRestored: number;
  readonly witness: {
    readonly file: string | null;
    readonly peers: readonly string[];
    readonly lines: number;
    readonly pending: number;
    /** Entries without a line since before start-up, not acknowledged yet (state attention). */
    readonly unwitnessed: Omit<UnwitnessedRange, 'seqs'> | null;
  };
  /** What each check compares. */
  readonly compared: readonly string[];
}

export interface AuditMonitorLog {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface AuditMonitorOptions {
  readonly db: Queryable;
  readonly publicKey?: KeyObject | undefined;
  readonly witnessFile: string | null;
  /** Other machines' witness files, read only (`audit.peerWitnessFiles`). */
  readonly peerWitnessFiles?: readonly string[];
  /** An entry without a witness line this long after it was first seen is a failure; 0: off. */
  readonly graceMs: number;
  /** Incremental checks (0: only the start-up check). */
  readonly everyMs: number;
  readonly fullEveryMs: number;
  readonly log: AuditMonitorLog;
  /** When checks run and the grace of an unwitnessed entry is measured; default the system clock. */
  readonly clock?: Clock;
}

export interface AuditMonitor {
  status(): AuditChainStatus;
  /** Runs a check now (full when due or broken) and returns the status after it. */
  check(o?: { full?: boolean }): Promise<AuditChainStatus>;
  stop(): Promise<void>;
}

export function rangeOf(seqs: ReadonlySet<number>): Omit<UnwitnessedRange, 'seqs'> | null {
  let r: UnwitnessedRange | null = null;
  for (const seq of seqs) r = extendRange(r, seq);
  return r ? { count: r.count, fromSeq: r.fromSeq, throughSeq: r.throughSeq } : null;
}

/** The warning for entries found unwitnessed at start-up, for the operator who must look at them. */
export function unwitnessedWarning(unwitnessed: Omit<UnwitnessedRange, 'seqs'>): string {
  const { count, fromSeq, throughSeq } = unwitnessed;
  return (
    `${count} audit entr${count === 1 ? 'y' : 'ies'} (${fromSeq}..${throughSeq}) ` +
    'found without a witness line at start-up: lost in a crash between commit and witness, or forged while the ' +
    'server was down; compare them with the log of the crash and run `vigil audit acknowledge --through <seq> --reason ...`'
  );
}
