/**
 * The one rule of every recorded decision (R21-R23, R35, R38; issue 12): decisions are
 * append-only. Each decision of a stage (examiner, officer, operator, engagement) is a revision
 * row with its author and time; the current decision is the latest revision; nothing is ever
 * overwritten, so the history stays readable.
 *
 * - The author of the first revision is the author of record of that stage, and cannot be
 *   replaced: nobody else may record a decision at that stage (`not-<role>-of-record`).
 * - The author of record may revise, as a new revision that names the one it supersedes, and
 *   only with a reason (a bare re-post is refused: nothing is silently changed).
 * - Whether a stage may still be revised at all (e.g. not once a later stage has acted on it) is
 *   the caller's rule, checked before this one.
 *
 * Pure: the caller reads the stage's revisions inside the transaction that appends the next, and
 * the unique (subject, stage, revision) key refuses a concurrent second append.
 */
import { DomainError } from './domain-error.ts';

/** What the rule needs of a revision already recorded. */
export interface RecordedRevision {
  readonly id: string;
  readonly revision: number;
  readonly decided_by: string;
}

/** Where the next revision goes: its number and the revision it supersedes (null for the first). */
export interface NextRevision {
  readonly revision: number;
  readonly supersedes: string | null;
}

export interface RevisionRule {
  /** The stage's role, for codes: 'examiner', 'officer', 'operator', 'engagement-officer'. */
  readonly role: string;
  /** The role in words for messages, when it differs from `role`. */
  readonly label?: string;
  /** The code of a re-post without a reason (kept per stage, so clients see the codes they know). */
  readonly reasonCode: string;
}

/** The latest revision of a stage (history in any order), or undefined when none. */
export function latestOf<T extends RecordedRevision>(history: readonly T[]): T | undefined {
  let latest: T | undefined;
  for (const r of history) if (!latest || r.revision > latest.revision) latest = r;
  return latest;
}

/** The author of record: the author of the stage's first revision. */
export function authorOfRecord(history: readonly RecordedRevision[]): string | undefined {
  let first: RecordedRevision | undefined;
  for (const r of history) if (!first || r.revision < first.revision) first = r;
  return first?.decided_by;
}

/** The next revision of a stage by `actor`, or the refusal (see the module comment). */
export function nextRevision(
  history: readonly RecordedRevision[],
  actor: string,
  reason: string | undefined,
  rule: RevisionRule,
): NextRevision {
  const latest = latestOf(history);
  if (!latest) return { revision: 1, supersedes: null };
  const ofRecord = authorOfRecord(history);
  const label = rule.label ?? rule.role;
  if (ofRecord !== actor) {
    throw new DomainError(
      'forbidden',
      `not-${rule.role}-of-record`,
      `the ${label} of record is ${ofRecord ?? 'unknown'}: only they may revise this decision, and nobody may replace it`,
      { ofRecord },
    );
  }
  if (!reason || reason.trim() === '') {
    throw new DomainError(
      'conflict',
      rule.reasonCode,
      `this ${label} decision is already recorded; a revision is kept beside it and needs a reason`,
    );
  }
  return { revision: latest.revision + 1, supersedes: latest.id };
}
