/**
 * Retention as one use case for the routes, the CLI and the server's schedule (R19): the policy,
 * purge runs (or a dry run), their record, and legal holds.
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../db/schema.ts';
import { kyselyUnitOfWork, type UnitOfWork } from '../../db/unit-of-work.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { chainedAudit, type AuditAppender } from '../audit/audit-port.ts';
import { LegalHoldsRepository } from './legal-holds.repository.ts';
import { LegalHolds, type HoldFilter, type LegalHold, type PlaceHoldInput } from './legal-holds.ts';
import {
  previewPurge,
  runPurge,
  toPurgeRun,
  type MediaDeleter,
  type PurgePreview,
  type PurgeRun,
  type PurgeRunnerDeps,
  type PurgeRunOptions,
  type PurgeRunResult,
} from './purge-runner.ts';
import { describePolicy, type RetentionPolicy, type RetentionSettings } from './retention-policy.ts';
import { RetentionRepository } from './retention.repository.ts';

export interface RetentionServiceDeps {
  readonly db: Kysely<VigilSchema>;
  /** The media store (only `delete` is used; deleting a missing file is not an error). */
  readonly media: MediaDeleter;
  readonly settings: RetentionSettings;
  /** Windows are measured and runs and holds stamped on it; default the system clock. */
  readonly clock?: Clock;
  /** Defaults: the SQL repositories, transactions of `db`, the hash-chained audit log (holds). */
  readonly repository?: PurgeRunnerDeps['repository'];
  readonly holdsRepository?: Pick<LegalHoldsRepository, keyof LegalHoldsRepository>;
  readonly unitOfWork?: UnitOfWork;
  readonly audit?: AuditAppender;
  /** Test seam, see PurgeRunnerDeps. */
  readonly onStage?: (stage: 'applied' | 'committed') => void | Promise<void>;
  /** See PurgeRunnerDeps: leftover probe uploads removed after each run. */
  readonly sweepTemp?: (now: Date) => Promise<number>;
}

export class RetentionService {
  private readonly legalHolds: LegalHolds;
  private readonly runner: PurgeRunnerDeps;

  constructor(private readonly deps: RetentionServiceDeps) {
    const clock = deps.clock ?? systemClock;
    this.runner = { ...deps, clock, repository: deps.repository ?? new RetentionRepository() };
    this.legalHolds = new LegalHolds({
      db: deps.db,
      unitOfWork: deps.unitOfWork ?? kyselyUnitOfWork(deps.db),
      repository: deps.holdsRepository ?? new LegalHoldsRepository(),
      audit: deps.audit ?? chainedAudit,
      clock,
    });
  }

  get settings(): RetentionSettings {
    return this.deps.settings;
  }

  policy(): RetentionPolicy {
    return describePolicy(this.deps.settings);
  }

  /** Deletes what is past its window and not on hold; recorded as a run and one audit entry. */
  purge(o: PurgeRunOptions): Promise<PurgeRunResult> {
    return runPurge(this.runner, o);
  }

  /** What a purge would delete now; changes nothing. */
  preview(o: { itemsLimit?: number } = {}): Promise<PurgePreview> {
    return previewPurge(this.runner, o);
  }

  async runs(o: { limit: number; offset: number }): Promise<{ runs: PurgeRun[]; total: number }> {
    const r = await this.runner.repository.listRuns(this.deps.db, o);
    return { runs: r.runs.map(toPurgeRun), total: r.total };
  }

  async run(id: string): Promise<PurgeRun> {
    const row = await this.runner.repository.findRun(this.deps.db, id);
    if (!row) throw new DomainError('not-found', 'no-such-run', `purge run ${id} does not exist`);
    return toPurgeRun(row);
  }

  placeHold(input: PlaceHoldInput, actor: string): Promise<LegalHold> {
    return this.legalHolds.place(input, actor);
  }

  releaseHold(id: string, actor: string, note?: string): Promise<LegalHold> {
    return this.legalHolds.release(id, actor, note);
  }

  hold(id: string): Promise<LegalHold> {
    return this.legalHolds.get(id);
  }

  holds(filter: HoldFilter = {}): Promise<LegalHold[]> {
    return this.legalHolds.list(filter);
  }
}
