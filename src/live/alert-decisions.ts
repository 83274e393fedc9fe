/**
 * The rules of an alert's decisions (R21, R22, R23; issue 12), as pure planning: given the alert,
 * its decision revisions so far and what someone asks to record, the revision row to append, the
 * alert's cached columns to refresh and the audit entry; or the refusal. AlertService runs the
 * plan in one transaction over the locked alert.
 *
 * Decisions are append-only (shared/revisions.ts):
 * - Operator: the first operator to decide is the operator of record; nobody else may decide the
 *   alert (`not-operator-of-record`). They may correct their decision (a new revision, with a
 *   reason; a bare re-post is `already-decided`) only while no engagement is recorded: once an
 *   engagement officer has acted on it, it stands (`engagement-recorded`). The time to decide
 *   (R23) is that of the first decision; each revision keeps its own.
 * - Engagement: recorded after the operator's decision, by someone other than the operator of
 *   record (R22 two-person). The first engagement officer is the one of record; only they may
 *   correct the record, with a reason (a bare re-post is `already-recorded`).
 */
import type { Updateable } from 'kysely';
import { DomainError } from '../shared/domain-error.ts';
import { authorOfRecord, nextRevision, type NextRevision } from '../shared/revisions.ts';
import type { AlertDecisionRow, AlertRow } from './live.repository.ts';
import type { AlertsTable } from '../db/tables/live.ts';

export const operatorDecisions = ['confirm', 'reject', 'unable-to-determine'] as const;
export type OperatorDecision = (typeof operatorDecisions)[number];
export const engagementOutcomes = ['arrest', 'other-disposal', 'no-further-action', 'not-the-person'] as const;
export type EngagementOutcome = (typeof engagementOutcomes)[number];

export interface EngagementInput {
  readonly engaged: boolean;
  readonly outcome?: EngagementOutcome | undefined;
  readonly note?: string | undefined;
  /** Why an engagement record is corrected; required for a revision. */
  readonly reason?: string | undefined;
}

/** Who asks, when, and the id the new revision row takes. */
export interface DecisionContext {
  readonly actor: string;
  readonly at: string;
  readonly id: string;
}

export interface PlannedDecision {
  readonly row: AlertDecisionRow;
  readonly cache: Updateable<AlertsTable>;
  readonly audit: { readonly action: string; readonly details: Readonly<Record<string, unknown>> };
}

const ofStage = (history: readonly AlertDecisionRow[], stage: AlertDecisionRow['stage']) =>
  history.filter((d) => d.stage === stage);

/** A decision in the alert's columns with no revision row (written around the service): it stands. */
function refuseUnrecorded(revisions: readonly AlertDecisionRow[], cached: string | null, code: string): void {
  if (revisions.length === 0 && cached !== null)
    throw new DomainError('conflict', code, 'a decision is already recorded on this alert: it stands');
}

function revisionRow(
  alert: AlertRow,
  stage: AlertDecisionRow['stage'],
  next: NextRevision,
  ctx: DecisionContext,
  reason: string | undefined,
  fields: Pick<AlertDecisionRow, 'decision' | 'outcome' | 'note' | 'decision_ms'>,
): AlertDecisionRow {
  return {
    id: ctx.id,
    alert_id: alert.id,
    stage,
    revision: next.revision,
    ...fields,
    reason: next.revision === 1 ? null : (reason ?? null),
    decided_by: ctx.actor,
    decided_at: ctx.at,
    supersedes: next.supersedes,
  };
}

/** The operator's decision (R21): confirm, reject or unable to determine. */
export function planOperatorDecision(
  alert: AlertRow,
  history: readonly AlertDecisionRow[],
  decision: OperatorDecision,
  reason: string | undefined,
  ctx: DecisionContext,
): PlannedDecision {
  const operator = ofStage(history, 'operator');
  refuseUnrecorded(operator, alert.operator_decision, 'already-decided');
  const next = nextRevision(operator, ctx.actor, reason, { role: 'operator', reasonCode: 'already-decided' });
  if (next.revision > 1 && (ofStage(history, 'engagement').length > 0 || alert.engagement !== null)) {
    throw new DomainError(
      'conflict',
      'engagement-recorded',
      'an engagement officer has acted on this decision: it stands, and cannot be revised',
    );
  }
  const decisionMs = Date.parse(ctx.at) - Date.parse(alert.created_at);
  const row = revisionRow(alert, 'operator', next, ctx, reason, {
    decision,
    outcome: null,
    note: null,
    decision_ms: decisionMs,
  });
  return {
    row,
    cache: {
      operator_decision: decision,
      operator_by: ctx.actor,
      operator_at: ctx.at,
      // R23's time to decide is the first decision's; a correction does not reset it.
      ...(next.revision === 1 ? { decision_ms: decisionMs } : {}),
    },
    audit: {
      action: 'alert.decided',
      details: { decision, decisionMs, revision: next.revision, reason: row.reason },
    },
  };
}

/** The engagement officer's record (R21, R22): engaged or not, and the outcome. */
export function planEngagement(
  alert: AlertRow,
  history: readonly AlertDecisionRow[],
  e: EngagementInput,
  ctx: DecisionContext,
): PlannedDecision {
  const operator = ofStage(history, 'operator');
  if (operator.length === 0 && !alert.operator_decision)
    throw new DomainError(
      'conflict',
      'operator-first',
      'the operator must decide on the alert before the engagement is recorded',
    );
  if (e.engaged && !e.outcome) throw new DomainError('invalid', 'outcome-required', 'an engagement needs its outcome');
  // R22 [EU]: the match is verified by two different people before anyone acts on it.
  if ((authorOfRecord(operator) ?? alert.operator_by) === ctx.actor) {
    throw new DomainError(
      'forbidden',
      'two-person',
      'R22: the engagement must be recorded by someone other than the operator who decided the alert',
    );
  }
  const engagements = ofStage(history, 'engagement');
  refuseUnrecorded(engagements, alert.engagement, 'already-recorded');
  const next = nextRevision(engagements, ctx.actor, e.reason, {
    role: 'engagement-officer',
    label: 'engagement officer',
    reasonCode: 'already-recorded',
  });
  const engagement = e.engaged ? 'engaged' : 'not-engaged';
  const outcome = e.engaged ? (e.outcome ?? null) : null;
  const row = revisionRow(alert, 'engagement', next, ctx, e.reason, {
    decision: engagement,
    outcome,
    note: e.note ?? null,
    decision_ms: null,
  });
  return {
    row,
    cache: {
      engagement,
      outcome,
      engagement_by: ctx.actor,
      engagement_at: ctx.at,
      engagement_note: e.note ?? null,
    },
    audit: {
      action: 'alert.engagement',
      details: { engaged: e.engaged, outcome, revision: next.revision, reason: row.reason },
    },
  };
}
