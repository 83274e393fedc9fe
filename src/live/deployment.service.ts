/**
 * A live deployment's life, draft -> authorised -> live -> closed -> reviewed (R1-R6), as one
 * service for its callers (http, cli, the live runner): a thin facade over its three use-case
 * groups, drafts and the record (deployment-drafts.service.ts), cameras
 * (deployment-cameras.service.ts) and the lifecycle (deployment-lifecycle.service.ts). It builds
 * their shared context from its deps: the injected repositories, unit of work, audit appender and
 * clock, or the real ones over `db` when a caller (a test) gives only that.
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { kyselyUnitOfWork, type UnitOfWork } from '../db/unit-of-work.ts';
import { chainedAudit, type AuditAppender } from '../governance/audit/audit-port.ts';
import { clockOf, type Clock } from '../shared/clock.ts';
import type { MediaStore } from '../storage/media-store.ts';
import { AlertRepository } from './alert.repository.ts';
import { DeploymentCameras } from './deployment-cameras.service.ts';
import type { DeploymentAlertRows, DeploymentRows, DeploymentSettings } from './deployment-context.ts';
import { DeploymentDrafts } from './deployment-drafts.service.ts';
import { DeploymentLifecycleService } from './deployment-lifecycle.service.ts';
import { LiveRepository } from './live.repository.ts';

export type { CameraSourceSpec } from './deployment-context.ts';
export type { DraftInput } from './deployment-drafts.service.ts';
export type { DeploymentLifecycle } from './deployment-lifecycle.service.ts';

export interface DeploymentServiceDeps extends DeploymentSettings {
  readonly db: Kysely<VigilSchema>;
  readonly media: MediaStore;
  /** The clock as a function (the services' `now` option); `clock` wins when both are given. */
  readonly now?: () => Date;
  /** Issue 16 seams, injected by the composition root; default: the real ones over `db`. */
  readonly clock?: Clock;
  readonly rows?: DeploymentRows;
  readonly alertRows?: DeploymentAlertRows;
  readonly uow?: UnitOfWork;
  readonly audit?: AuditAppender;
}

export class DeploymentService {
  readonly drafts: DeploymentDrafts;
  readonly cameraSetup: DeploymentCameras;
  readonly lifecycle: DeploymentLifecycleService;

  constructor(deps: DeploymentServiceDeps) {
    const ctx = {
      db: deps.db,
      rows: deps.rows ?? new LiveRepository(),
      alertRows: deps.alertRows ?? new AlertRepository(),
      uow: deps.uow ?? kyselyUnitOfWork(deps.db),
      audit: deps.audit ?? chainedAudit,
      clock: deps.clock ?? clockOf(deps.now),
      media: deps.media,
      settings: deps,
    };
    this.drafts = new DeploymentDrafts(ctx);
    this.cameraSetup = new DeploymentCameras(ctx);
    this.lifecycle = new DeploymentLifecycleService(ctx);
  }

  // Drafts and the record.
  readonly create: DeploymentDrafts['create'] = (...a) => this.drafts.create(...a);
  readonly get: DeploymentDrafts['get'] = (...a) => this.drafts.get(...a);
  readonly list: DeploymentDrafts['list'] = (...a) => this.drafts.list(...a);
  readonly update: DeploymentDrafts['update'] = (...a) => this.drafts.update(...a);
  readonly forecast: DeploymentDrafts['forecast'] = (...a) => this.drafts.forecast(...a);
  readonly counts: DeploymentDrafts['counts'] = (...a) => this.drafts.counts(...a);
  readonly countsOfMany: DeploymentDrafts['countsOfMany'] = (...a) => this.drafts.countsOfMany(...a);
  readonly addCounts: DeploymentDrafts['addCounts'] = (...a) => this.drafts.addCounts(...a);

  // Cameras.
  readonly addCamera: DeploymentCameras['addCamera'] = (...a) => this.cameraSetup.addCamera(...a);
  readonly cameras: DeploymentCameras['cameras'] = (...a) => this.cameraSetup.cameras(...a);
  readonly recordCameraGap: DeploymentCameras['recordCameraGap'] = (...a) => this.cameraSetup.recordCameraGap(...a);

  // The lifecycle.
  readonly setLifecycle: DeploymentLifecycleService['setLifecycle'] = (...a) => this.lifecycle.setLifecycle(...a);
  readonly authorisationProblems: DeploymentLifecycleService['authorisationProblems'] = (...a) =>
    this.lifecycle.authorisationProblems(...a);
  readonly authorise: DeploymentLifecycleService['authorise'] = (...a) => this.lifecycle.authorise(...a);
  readonly start: DeploymentLifecycleService['start'] = (...a) => this.lifecycle.start(...a);
  readonly close: DeploymentLifecycleService['close'] = (...a) => this.lifecycle.close(...a);
  readonly refuse: DeploymentLifecycleService['refuse'] = (...a) => this.lifecycle.refuse(...a);
  readonly review: DeploymentLifecycleService['review'] = (...a) => this.lifecycle.review(...a);
  readonly resumeLive: DeploymentLifecycleService['resumeLive'] = (...a) => this.lifecycle.resumeLive(...a);
  readonly closeOverdue: DeploymentLifecycleService['closeOverdue'] = (...a) => this.lifecycle.closeOverdue(...a);
}
