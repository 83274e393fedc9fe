/**
 * A deployment's cameras (R1, issue 12): adding one while the deployment is still a draft or
 * authorised and within its planned count, refusing a source the camera rules do not allow (the
 * attempt is audited: which rule, never the source), and the gaps in each camera's coverage.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../shared/domain-error.ts';
import { refusalOf } from './camera-source-vetting.ts';
import { deploymentOf, type CameraSourceSpec, type DeploymentContext } from './deployment-context.ts';
import type { CameraRow } from './live.repository.ts';

export class DeploymentCameras {
  constructor(private readonly ctx: DeploymentContext) {}

  async addCamera(id: string, name: string, source: CameraSourceSpec, actor: string): Promise<CameraRow> {
    const { ctx } = this;
    const d = await deploymentOf(ctx, id);
    if (d.status !== 'draft' && d.status !== 'authorised') {
      throw new DomainError('refused', 'not-editable', `cameras of a ${d.status} deployment cannot change`);
    }
    const cameras = await ctx.rows.camerasOf(ctx.db, id);
    if (cameras.length >= d.camera_count) {
      throw new DomainError(
        'refused',
        'camera-count',
        `R1: ${d.camera_count} camera(s) are planned; change the count first`,
      );
    }
    await this.vetCamera(id, name, source, actor);
    const row: CameraRow = {
      id: randomUUID(),
      deployment_id: id,
      name,
      source_json: JSON.stringify(source),
      created_at: ctx.clock.nowIso(),
      gaps_json: '[]',
    };
    await ctx.uow.run(async (trx) => {
      await ctx.rows.insertCamera(trx, row);
      await ctx.audit.append(trx, {
        actor,
        action: 'camera.added',
        target: { type: 'deployment', id },
        details: { camera: row.id, name, kind: source.kind },
      });
    });
    return row;
  }

  /** Refuses a source the camera rules do not allow (issue 12), recording the attempt: which rule, never the source. */
  private async vetCamera(id: string, name: string, source: CameraSourceSpec, actor: string): Promise<void> {
    const vet = this.ctx.settings.vetCameraSource;
    const refusal = vet && (await refusalOf(vet, source));
    if (!refusal) return;
    await this.ctx.audit.append(this.ctx.db, {
      actor,
      action: 'camera.refused',
      outcome: 'denied',
      target: { type: 'deployment', id },
      details: { name, kind: source.kind, reason: refusal.reason },
    });
    throw refusal;
  }

  cameras(id: string): Promise<CameraRow[]> {
    return this.ctx.rows.camerasOf(this.ctx.db, id);
  }

  /** Records a camera's gap (opened, or closed with its end): a dropped source is on the record. */
  async recordCameraGap(
    cameraId: string,
    gap: { from: number; to?: number | undefined; reason: string },
  ): Promise<void> {
    await this.ctx.rows.recordCameraGap(this.ctx.db, cameraId, {
      from: gap.from,
      ...(gap.to !== undefined ? { to: gap.to } : {}),
      reason: gap.reason,
    });
  }
}
