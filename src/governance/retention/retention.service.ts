/**
 * Retention as one use case for the routes, the CLI and the server's schedule (R19): the policy,
 * purge runs (or a dry run), their record, and legal holds.
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../db/schema.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { LegalHolds, type HoldFilter, type LegalHold, type PlaceHoldInput } from './legal-holds.ts';
import {
  previewPurge,
  runPurge,
  toPurgeRun,
  type MediaDeleter,
  type PurgePreview,
  type PurgeRun,
  type PurgeRunOptions,
  type PurgeRunResult,
} from './purge-runner.ts';
import { describePolicy, type RetentionPolicy, type RetentionSettings } from './retention-policy.ts';
import { retentionRepository as repo } from './retention.repository.ts';

export interface RetentionServiceDeps {
  readonly db: Kysely<VigilSchema>;
  /** The media store (only `delete` is used; deleting a missing file is not an error). */
  readonly media: MediaDeleter;
  readonly settings: RetentionSettings;
  readonly now?: () => Date;
  /** Test seam, see PurgeRunnerDeps. */
  readonly onStage?: (stage: 'applied' | 'committed') => void | Promise<void>;
  /** See PurgeRunnerDeps: leftover probe uploads removed after each run. */
  readonly sweepTemp?: (now: Date) => Promise<number>;
}

export class RetentionService {
  private readonly legalHolds: LegalHolds;

  constructor(private readonly deps: RetentionServiceDeps) {
    this.legalHolds = new LegalHolds({ db: deps.db, ...(deps.now ? { now: deps.now } : {}) });
  }

  get settings(): RetentionSettings {
    return this.deps.settings;
  }

  policy(): RetentionPolicy {
    return describePolicy(this.deps.settings);
  }

  /** Deletes what is past its window and not on hold; recorded as a run and one audit entry. */
  purge(o: PurgeRunOptions): Promise<PurgeRunResult> {
    return runPurge(this.deps, o);
  }

  /** What a purge would delete now; changes nothing. */
  preview(o: { itemsLimit?: number } = {}): Promise<PurgePreview> {
    return previewPurge(this.deps, o);
  }

  async runs(o: { limit: number; offset: number }): Promise<{ runs: PurgeRun[]; total: number }> {
    const r = await repo.listRuns(this.deps.db, o);
    return { runs: r.runs.map(toPurgeRun), total: r.total };
  }

  async run(id: string): Promise<PurgeRun> {
    const row = await repo.findRun(this.deps.db, id);
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
