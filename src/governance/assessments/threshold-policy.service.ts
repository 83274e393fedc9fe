/**
 * The threshold policy (R14). The calibrated threshold at the configured operating point is the
 * floor; a privileged user may set a stricter threshold for a model, with a reason and only when a
 * current bias report measured that threshold (R27). Each change is stored with who, why and which
 * report, audited, and applies at once to new deployments and searches (each stores the threshold
 * in force when it was made).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../db/schema.ts';
import { kyselyUnitOfWork, type UnitOfWork } from '../../db/unit-of-work.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { chainedAudit, type AuditAppender } from '../audit/audit-port.ts';
import { ThresholdPolicyRepository } from './assessment.repository.ts';
import type { AssessmentService } from './assessment.service.ts';
import type { ThresholdPoliciesTable } from '../../db/tables/assessments.ts';
import type { EventBus } from '../../events/event-bus.ts';

/** The event channel on which a change tells the other processes to read the policy again. */
const CHANGED = 'policy.thresholds';

export interface ThresholdPolicyDeps {
  readonly db: Kysely<VigilSchema>;
  /** Only the current bias report is asked for (R27). */
  readonly assessments: Pick<AssessmentService, 'currentBiasReport'>;
  /** The calibrated floor for a model (throws when it has no calibration). */
  readonly floor: (modelId: string) => number;
  /** Tells the other processes of a change (scale-out); in-process by default. */
  readonly events?: EventBus;
  /** Defaults: the system clock, the SQL repository, transactions of `db`, the hash-chained audit log. */
  readonly clock?: Clock;
  readonly repository?: Pick<ThresholdPolicyRepository, keyof ThresholdPolicyRepository>;
  readonly unitOfWork?: UnitOfWork;
  readonly audit?: AuditAppender;
}

export class ThresholdPolicyService {
  /**
   * The latest policy per model, read at start and kept in step by change(); other processes'
   * changes arrive over the event bus (follow()) and by the periodic reload of a scaled-out process.
   */
  private readonly latest = new Map<string, ThresholdPoliciesTable>();

  private readonly clock: Clock;
  private readonly repo: Pick<ThresholdPolicyRepository, keyof ThresholdPolicyRepository>;
  private readonly uow: UnitOfWork;
  private readonly audit: AuditAppender;

  constructor(private readonly deps: ThresholdPolicyDeps) {
    this.clock = deps.clock ?? systemClock;
    this.repo = deps.repository ?? new ThresholdPolicyRepository();
    this.uow = deps.unitOfWork ?? kyselyUnitOfWork(deps.db);
    this.audit = deps.audit ?? chainedAudit;
  }

  /** Reads the policy again whenever any process changes it; returns the unsubscribe function. */
  follow(events: EventBus, onError: (err: unknown) => void = () => undefined): () => void {
    return events.subscribe(CHANGED, () => void this.load().catch(onError));
  }

  async load(): Promise<void> {
    const rows = await this.repo.all(this.deps.db);
    this.latest.clear();
    for (const r of rows) this.latest.set(r.model_id, r);
  }

  /** The threshold set by policy for a model, if any (the caller falls back to configuration and calibration). */
  policyThreshold(modelId: string): number | undefined {
    return this.latest.get(modelId)?.threshold;
  }

  history(modelId?: string): Promise<ThresholdPoliciesTable[]> {
    return this.repo.history(this.deps.db, modelId);
  }

  async change(modelId: string, threshold: number, reason: string, actor: string): Promise<ThresholdPoliciesTable> {
    if (reason.trim().length < 10)
      throw new DomainError('invalid', 'reason-required', 'R14: a threshold change needs its reason');
    const floor = this.deps.floor(modelId);
    if (threshold < floor) {
      throw new DomainError(
        'refused',
        'below-floor',
        `R14: ${threshold} is below the calibrated floor ${floor.toFixed(4)} for ${modelId}`,
      );
    }
    const report = await this.deps.assessments.currentBiasReport(modelId, threshold);
    if (!report) {
      throw new DomainError(
        'refused',
        'no-bias-report',
        `R27: no current bias report measured ${modelId} at ${threshold.toFixed(4)}; run \`vigil eval demographics\` at that threshold and store it first`,
      );
    }
    const previous = this.latest.get(modelId)?.threshold ?? null;
    const row: ThresholdPoliciesTable = {
      id: randomUUID(),
      model_id: modelId,
      threshold,
      reason: reason.trim(),
      bias_report_id: report.id,
      set_by: actor,
      set_at: this.clock.nowIso(),
    };
    await this.uow.run(async (trx) => {
      await this.repo.insert(trx, row);
      await this.audit.append(trx, {
        actor,
        action: 'threshold.changed',
        target: { type: 'model', id: modelId },
        details: { from: previous, to: threshold, floor, reason: row.reason, biasReportId: report.id },
      });
    });
    this.latest.set(modelId, row);
    // At most once: a process that misses it reads the policy again on its next periodic reload.
    await this.deps.events?.publish(CHANGED, { modelId }).catch(() => undefined);
    return row;
  }
}
