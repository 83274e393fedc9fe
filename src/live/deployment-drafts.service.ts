/**
 * A deployment's draft and record (R1-R5, R12, R18): creating it with what an authorisation needs,
 * changing it (a change to what an authorisation covers voids it, R3), reading it with its counts,
 * and the expected false alerts for its plan (R12). Every change is audited in its own transaction.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../shared/domain-error.ts';
import { changedFields, type DeploymentFields } from './deployment-policy.ts';
import { deploymentOf, movedMeanwhile, type DeploymentContext } from './deployment-context.ts';
import type { DeploymentCounts } from './deployment-counts.ts';
import { forecastFalseAlerts, type FalseAlertForecast } from './expected-false-alerts.ts';
import type { DeploymentRow } from './live.repository.ts';
import { summarise } from './watchlist-summary.ts';

export type DraftInput = Omit<DeploymentFields, 'categories_json' | 'notice_json'> & {
  readonly categories: readonly string[];
  readonly notice: { publishedAt?: string | undefined; signage?: string | undefined; exception?: string | undefined };
};

function fieldsOf(input: Partial<DraftInput>): Partial<DeploymentFields> {
  const { categories, notice, ...rest } = input;
  return {
    ...rest,
    ...(categories ? { categories_json: JSON.stringify(categories) } : {}),
    ...(notice ? { notice_json: JSON.stringify(notice) } : {}),
  };
}

export class DeploymentDrafts {
  constructor(private readonly ctx: DeploymentContext) {}

  async create(input: DraftInput, actor: string): Promise<DeploymentRow> {
    const { ctx } = this;
    const row: DeploymentRow = {
      id: randomUUID(),
      status: 'draft',
      ...(fieldsOf(input) as DeploymentFields),
      model_id: ctx.settings.modelId,
      created_by: actor,
      created_at: ctx.clock.nowIso(),
      authorised_by: null,
      authorised_at: null,
      authorisation_note: null,
      authorised_json: null,
      started_at: null,
      stopped_at: null,
      closed_at: null,
      close_reason: null,
      reviewed_by: null,
      reviewed_at: null,
      review_json: null,
      manifest_json: null,
    };
    await ctx.uow.run(async (trx) => {
      await ctx.rows.insertDeployment(trx, row);
      await ctx.audit.append(trx, {
        actor,
        action: 'deployment.created',
        target: { type: 'deployment', id: row.id },
        details: { name: row.name },
      });
    });
    return row;
  }

  get(id: string): Promise<DeploymentRow> {
    return deploymentOf(this.ctx, id);
  }

  list(o: { limit: number; offset: number; status?: string | undefined }): Promise<DeploymentRow[]> {
    return this.ctx.rows.listDeployments(this.ctx.db, o);
  }

  /** The counts the deployment's pipelines have added (R18). */
  counts(id: string): Promise<DeploymentCounts> {
    return this.ctx.rows.countsOf(this.ctx.db, id);
  }

  /** The counts of each of the given deployments (every one asked for is in the map). */
  countsOfMany(ids: readonly string[]): Promise<Map<string, DeploymentCounts>> {
    return this.ctx.rows.countsOfMany(this.ctx.db, ids);
  }

  /** Adds the pipeline's counts (R18: only counts survive); one atomic upsert per counter. */
  addCounts(id: string, add: DeploymentCounts): Promise<void> {
    return this.ctx.rows.addCounts(this.ctx.db, id, add);
  }

  /**
   * Changes only the fields sent whose value differs (a partial update; nothing sent or nothing
   * different changes nothing and records nothing). On an authorised deployment, changing a field
   * the authorisation covers (R3: the location; see `authorisedFields`) sends it back to draft;
   * changing only its name or published type does not.
   */
  async update(id: string, patch: Partial<DraftInput>, actor: string): Promise<DeploymentRow> {
    const { ctx } = this;
    const d = await this.get(id);
    if (d.status !== 'draft' && d.status !== 'authorised') {
      throw new DomainError('refused', 'not-editable', `a ${d.status} deployment cannot be changed`);
    }
    const { changed, voids: covered } = changedFields(d, fieldsOf(patch));
    if (Object.keys(changed).length === 0) return d;
    const voids = d.status === 'authorised' && covered.length > 0;
    await ctx.uow.run(async (trx) => {
      const set = {
        ...changed,
        ...(voids ? { status: 'draft' as const, authorised_by: null, authorised_at: null, authorised_json: null } : {}),
      };
      // Conditional on the status read: an authorisation or start meanwhile is not overwritten.
      if (!(await ctx.rows.moveDeployment(trx, id, d.status, set))) throw movedMeanwhile(id);
      await ctx.audit.append(trx, {
        actor,
        action: 'deployment.updated',
        target: { type: 'deployment', id },
        details: { fields: Object.keys(changed) },
      });
      if (voids) {
        await ctx.audit.append(trx, {
          actor,
          action: 'deployment.authorisation-voided',
          target: { type: 'deployment', id },
          details: { why: 'authorised fields changed', fields: covered },
        });
      }
    });
    return this.get(id);
  }

  /** The expected false alerts for the planned footfall, watchlist size and threshold (R12). */
  async forecast(id: string): Promise<FalseAlertForecast> {
    const d = await this.get(id);
    const calibration = this.ctx.settings.calibrations().models[d.model_id];
    if (!calibration) throw new DomainError('unavailable', 'not-calibrated', `model ${d.model_id} has no calibration`);
    const w = summarise(await this.ctx.rows.entriesOf(this.ctx.db, id));
    return forecastFalseAlerts(calibration, d.threshold, w.size, d.planned_footfall);
  }
}
