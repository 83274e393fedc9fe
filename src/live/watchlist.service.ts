/**
 * The bespoke watchlist of one deployment (R7-R13). Entries come from gallery subjects, each in
 * exactly one of the configured categories that the deployment names; the entry copies the
 * subject's reference image and template (sealed) so the list can be destroyed at close without
 * touching the gallery, and records the image's provenance and quality and who added it and why.
 * Under-18s are refused unless a reason is recorded. Any change to an authorised list voids the
 * authorisation (R9: reuse needs a new review).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { VigilSchema } from '../db/schema.ts';
import { kyselyUnitOfWork, type UnitOfWork } from '../db/unit-of-work.ts';
import { chainedAudit, type AuditAppender } from '../governance/audit/audit-port.ts';
import { clockOf, type Clock } from '../shared/clock.ts';
import { templateContext } from '../gallery/gallery-index.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { MediaStore } from '../storage/media-store.ts';
import { ageOn, type WatchlistSummary } from './deployment-policy.ts';
import { LiveRepository, type DeploymentRow, type WatchlistEntryRow } from './live.repository.ts';
import { summarise } from './watchlist-summary.ts';
import { galleryRows, type WatchlistGallery } from './watchlist-gallery.ts';

export { summarise } from './watchlist-summary.ts';

/** The rows the watchlist use cases read and write. */
export type WatchlistRows = Pick<
  LiveRepository,
  'findDeployment' | 'updateDeployment' | 'entriesOf' | 'findEntry' | 'insertEntry' | 'deleteEntry'
>;

export interface WatchlistServiceDeps {
  readonly db: Kysely<VigilSchema>;
  readonly media: Pick<MediaStore, 'get' | 'put' | 'delete'>;
  readonly categories: readonly string[];
  readonly now?: () => Date;
  /** Issue 16 seams, injected by the composition root; default: the real ones over `db`. */
  readonly clock?: Clock;
  readonly rows?: WatchlistRows;
  readonly uow?: UnitOfWork;
  readonly audit?: AuditAppender;
  readonly gallery?: WatchlistGallery;
}

export interface NewEntryInput {
  readonly subjectId: string;
  readonly category: string;
  readonly reason: string;
  /** Recorded reason that lets an under-18 subject on (R13). */
  readonly under18Override?: string | undefined;
}

export class WatchlistService {
  private readonly rows: WatchlistRows;
  private readonly uow: UnitOfWork;
  private readonly audit: AuditAppender;
  private readonly clock: Clock;
  private readonly gallery: WatchlistGallery;

  constructor(private readonly deps: WatchlistServiceDeps) {
    this.rows = deps.rows ?? new LiveRepository();
    this.uow = deps.uow ?? kyselyUnitOfWork(deps.db);
    this.audit = deps.audit ?? chainedAudit;
    this.clock = deps.clock ?? clockOf(deps.now);
    this.gallery = deps.gallery ?? galleryRows(deps.db);
  }

  async addEntry(deploymentId: string, input: NewEntryInput, actor: string): Promise<WatchlistEntryRow> {
    const d = await this.editable(deploymentId);
    if (!this.deps.categories.includes(input.category)) {
      throw new DomainError(
        'invalid',
        'unknown-category',
        `R7: "${input.category}" is not a configured watchlist category`,
        {
          categories: [...this.deps.categories],
        },
      );
    }
    const named = JSON.parse(d.categories_json) as string[];
    if (!named.includes(input.category)) {
      throw new DomainError(
        'refused',
        'category-not-authorised',
        `R9: this deployment's criteria do not include "${input.category}"`,
      );
    }
    const subject = await this.gallery.subject(input.subjectId);
    if (!subject) throw new DomainError('not-found', 'no-such-subject', `subject ${input.subjectId} does not exist`);
    const at = new Date(d.planned_start);
    if (subject.date_of_birth && ageOn(subject.date_of_birth, at) < 18 && !input.under18Override?.trim()) {
      throw new DomainError(
        'refused',
        'under-18',
        `R13: ${subject.reference} is under 18 on the planned start date; record a reason to override`,
      );
    }
    const existing = (await this.rows.entriesOf(this.deps.db, deploymentId)).find((e) => e.subject_id === subject.id);
    if (existing)
      throw new DomainError('conflict', 'already-listed', `${subject.reference} is already on this watchlist`);
    // The subject's newest image with a template of the deployment's model (every gallery image passed the gates, R8).
    const ref = await this.gallery.reference(subject.id, d.model_id);
    if (!ref) {
      throw new DomainError(
        'refused',
        'no-template',
        `${subject.reference} has no reference image enrolled with ${d.model_id}`,
      );
    }
    const { image, template } = ref;
    const bytes = await this.deps.media.get(image.media_id);
    const mediaId = await this.deps.media.put(bytes);
    const entry: WatchlistEntryRow = {
      id: randomUUID(),
      deployment_id: d.id,
      subject_id: subject.id,
      subject_reference: subject.reference,
      category: input.category,
      reason: input.reason,
      added_by: actor,
      added_at: this.clock.nowIso(),
      image_media_id: mediaId,
      // The same sealed bytes: the context binds the template to its model, not to a row.
      template_sealed: template.vector_sealed,
      model_id: template.model_id,
      source: image.source,
      legal_basis: image.legal_basis,
      image_date: image.capture_date,
      quality_json: image.quality_json,
      under18_override: input.under18Override?.trim() || null,
    };
    try {
      await this.uow.run(async (trx) => {
        await this.rows.insertEntry(trx, entry);
        await this.voidAuthorisation(trx, d, actor, 'watchlist changed');
        await this.audit.append(trx, {
          actor,
          action: 'watchlist.entry-added',
          target: { type: 'deployment', id: d.id },
          details: {
            subjectId: subject.id,
            category: input.category,
            reason: input.reason,
            under18Override: entry.under18_override,
          },
        });
      });
    } catch (err) {
      await this.deps.media.delete(mediaId);
      throw err;
    }
    return entry;
  }

  async removeEntry(deploymentId: string, entryId: string, actor: string): Promise<void> {
    const d = await this.editable(deploymentId);
    const entry = await this.rows.findEntry(this.deps.db, entryId);
    if (!entry || entry.deployment_id !== d.id) {
      throw new DomainError('not-found', 'no-such-entry', `entry ${entryId} is not on this watchlist`);
    }
    await this.uow.run(async (trx) => {
      await this.rows.deleteEntry(trx, entryId);
      await this.voidAuthorisation(trx, d, actor, 'watchlist changed');
      await this.audit.append(trx, {
        actor,
        action: 'watchlist.entry-removed',
        target: { type: 'deployment', id: d.id },
        details: { subjectId: entry.subject_id },
      });
    });
    if (entry.image_media_id) await this.deps.media.delete(entry.image_media_id);
  }

  entries(deploymentId: string): Promise<WatchlistEntryRow[]> {
    return this.rows.entriesOf(this.deps.db, deploymentId);
  }

  async summary(deploymentId: string): Promise<WatchlistSummary> {
    return summarise(await this.entries(deploymentId));
  }

  /** The pixels of an entry's image (for an alert beside the probe). */
  async entryImage(entry: WatchlistEntryRow): Promise<Buffer | undefined> {
    return entry.image_media_id ? this.deps.media.get(entry.image_media_id) : undefined;
  }

  /** The templates to match against while live, opened from their seals. */
  openTemplates(entries: readonly WatchlistEntryRow[], open: (sealed: Uint8Array, context: string) => Float32Array) {
    return entries.flatMap((e) =>
      e.template_sealed ? [{ entry: e, vector: open(e.template_sealed, templateContext(e.model_id)) }] : [],
    );
  }

  private async editable(deploymentId: string): Promise<DeploymentRow> {
    const d = await this.rows.findDeployment(this.deps.db, deploymentId);
    if (!d) throw new DomainError('not-found', 'no-such-deployment', `deployment ${deploymentId} does not exist`);
    if (d.status !== 'draft' && d.status !== 'authorised') {
      throw new DomainError(
        'refused',
        'watchlist-frozen',
        `the watchlist of a ${d.status} deployment cannot change (R9)`,
      );
    }
    return d;
  }

  /** An authorised deployment whose watchlist changes goes back to draft: it needs a new authorisation. */
  private async voidAuthorisation(q: Queryable, d: DeploymentRow, actor: string, why: string) {
    if (d.status !== 'authorised') return;
    await this.rows.updateDeployment(q, d.id, {
      status: 'draft',
      authorised_by: null,
      authorised_at: null,
      authorised_json: null,
    });
    await this.audit.append(q, {
      actor,
      action: 'deployment.authorisation-voided',
      target: { type: 'deployment', id: d.id },
      details: { why },
    });
  }
}
