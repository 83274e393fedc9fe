/**
 * What the deployment use cases (drafts, cameras, lifecycle) share: the seams of issue 16 (their
 * repositories, the unit of work, the audit appender, the one clock) and the settings they apply.
 * The facade (deployment.service.ts) builds it from its deps; a unit spec builds it from fakes.
 */
import type { CalibrationFile } from '../faces/thresholds.ts';
import type { Queryable } from '../db/database.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { AuditAppender } from '../governance/audit/audit-port.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { MediaStore } from '../storage/media-store.ts';
import type { AlertRepository } from './alert.repository.ts';
import type { DeploymentRow, LiveRepository } from './live.repository.ts';

/** The deployment rows the use cases read and write. */
export type DeploymentRows = Pick<
  LiveRepository,
  | 'insertDeployment'
  | 'findDeployment'
  | 'listDeployments'
  | 'moveDeployment'
  | 'entriesOf'
  | 'watchlistCompilers'
  | 'destroyWatchlistBiometrics'
  | 'insertCamera'
  | 'camerasOf'
  | 'recordCameraGap'
  | 'addCounts'
  | 'countsOf'
  | 'countsOfMany'
>;

/** The alert rows a refusal deletes (R20). */
export type DeploymentAlertRows = Pick<AlertRepository, 'allAlertsOf' | 'deleteAlertsOf'>;

/** A camera source as configured: a stream, a file or a folder of images. */
export interface CameraSourceSpec {
  readonly kind: 'rtsp' | 'http' | 'file' | 'folder';
  readonly url?: string | undefined;
  readonly path?: string | undefined;
  readonly loop?: boolean | undefined;
}

export interface DeploymentSettings {
  readonly calibrations: () => CalibrationFile;
  /** The model that makes live templates (watchlist entries must be of it). */
  readonly modelId: string;
  /** The calibrated floor at the configured operating point (R14). */
  readonly thresholdFloor: () => number;
  readonly categories: readonly string[];
  readonly maxDurationHours: number;
  /** Further checks before authorisation: the linked assessments and bias report (R26, R27). */
  readonly linkChecks?: ((d: DeploymentRow) => Promise<string[]>) | undefined;
  /**
   * Issue 12: refuses a camera source outside the configured hosts and folders (throws a
   * CameraSourceRefused, or the resolver's error for a name that does not resolve). Unset: none.
   */
  readonly vetCameraSource?: ((source: CameraSourceSpec) => Promise<unknown>) | undefined;
}

export interface DeploymentContext {
  /** Reads outside a transaction go here (a unit spec: `fakeQueryable`). */
  readonly db: Queryable;
  readonly rows: DeploymentRows;
  readonly alertRows: DeploymentAlertRows;
  readonly uow: UnitOfWork;
  readonly audit: AuditAppender;
  readonly clock: Clock;
  readonly media: Pick<MediaStore, 'delete'>;
  readonly settings: DeploymentSettings;
}

export function noSuchDeployment(id: string): DomainError {
  return new DomainError('not-found', 'no-such-deployment', `deployment ${id} does not exist`);
}

/** Another request (or process) changed the deployment's status between reading and writing. */
export function movedMeanwhile(id: string): DomainError {
  return new DomainError(
    'conflict',
    'changed-meanwhile',
    `deployment ${id} changed meanwhile: reload it and try again`,
  );
}

/** The deployment, or not-found. */
export async function deploymentOf(ctx: DeploymentContext, id: string): Promise<DeploymentRow> {
  const d = await ctx.rows.findDeployment(ctx.db, id);
  if (!d) throw noSuchDeployment(id);
  return d;
}
