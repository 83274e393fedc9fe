/**
 * The composition root of Vigil's stateful side, shared by the server and the CLI: configuration
 * -> database (migrated) -> media key -> sealed media store -> gallery index -> use cases. Written
 * by hand so a reader sees every dependency in one place.
 */
import { pipelineIdOf } from '../faces/pipeline-id.ts';
import { existsSync } from 'node:fs';
import { defaultSqliteFile, openDatabase } from '../db/database.ts';
import { templateDimensions } from '../faces/template-dimensions.ts';
import { resolveThreshold, type ResolvedThreshold } from '../faces/thresholds.ts';
import { AssessmentService } from '../governance/assessments/assessment.service.ts';
import { probeTempDir, sweepStaleTemp } from '../video/temp-sweep.ts';
import { evalSigningKeyFile } from '../governance/assessments/eval-signing-key.ts';
import { RetentionService } from '../governance/retention/retention.service.ts';
import { AuditQueryService } from '../governance/audit/audit-query.service.ts';
import { FacesService } from '../faces/faces.service.ts';
import { ThresholdPolicyService } from '../governance/assessments/threshold-policy.service.ts';
import { LiveStatusService } from '../live/live-status.ts';
import { ByteCipher } from '../storage/cipher.ts';
import { loadMediaKey } from '../storage/media-key.ts';
import { MediaStore } from '../storage/media-store.ts';
import { ArchiveService } from '../archive/archive.service.ts';
import { ArchiveRepository } from '../archive/archive.repository.ts';
import { Outbox } from '../jobs/outbox.ts';
import { clockOf } from '../shared/clock.ts';
import { kyselyUnitOfWork } from '../db/unit-of-work.ts';
import { chainedAudit } from '../governance/audit/audit-port.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import { InProcessEventBus } from '../events/event-bus.ts';
import { openConfiguredWitness } from '../governance/audit/witness-setup.ts';
import { liveServices } from './live-services.ts';
import { openGalleryIndexFor, retroServices } from './retro-services.ts';
import type { ServicesOptions, VigilServices } from './services-types.ts';

export type { ServicesContext, ServicesOptions, VigilServices } from './services-types.ts';

export async function openServices(o: ServicesOptions): Promise<VigilServices> {
  const { config } = o;
  const fresh = !o.database && !config.databaseUrl && !existsSync(defaultSqliteFile(config.dataDir));
  const key = loadMediaKey({ env: o.env, dataDir: config.dataDir, keyFile: config.keyFile, freshInstallation: fresh });
  const cipher = new ByteCipher(key.key);
  const database = o.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  const { db } = database;
  // The audit witness (R29): every entry this process appends gets its signed line once committed.
  const auditWitness = await openConfiguredWitness(db, config).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  try {
    const media = new MediaStore(MediaStore.dir(config.dataDir), cipher);
    const modelId = pipelineIdOf(o.engine.pack);
    const dimensions = await templateDimensions(o.engine.pack.recognizer);
    const galleryIndex = await openGalleryIndexFor(o, db, cipher, modelId, dimensions);
    // Issue 16: the one clock of the process; every use case's decisions and stored times read it.
    const clock = clockOf(o.now);
    const assessments = new AssessmentService({
      db,
      biasReportMaxAgeDays: config.assessments.biasReportMaxAgeDays,
      // R27: only reports signed by this installation's evaluation key count.
      modelId,
      evaluationKeyFile: evalSigningKeyFile(config.dataDir),
      clock,
    });
    const events = o.events ?? new InProcessEventBus();
    const thresholdPolicy = new ThresholdPolicyService({
      db,
      assessments,
      floor: (id) => resolveThreshold(id, o.calibrations(), config.operatingFmr).floor,
      events,
      clock,
    });
    await thresholdPolicy.load();
    // R14 in every process: a threshold changed through one API process applies in the others too.
    const unfollowPolicy = thresholdPolicy.follow(events);
    // R14: a threshold set by policy, else the configured one, else the calibrated floor; never below the floor.
    const thresholdInForce = (id: string): ResolvedThreshold =>
      resolveThreshold(
        id,
        o.calibrations(),
        config.operatingFmr,
        thresholdPolicy.policyThreshold(id) ?? config.thresholds[id],
      );
    const uow = kyselyUnitOfWork(db);
    const ctx = { o, db, media, cipher, clock, uow, events, modelId, galleryIndex, thresholdInForce };
    const { gallery, cases, probes, searches, evidence, reviews } = retroServices(ctx);
    // Issue 12: a probe's plaintext upload left by a crash is removed at start-up and with each purge.
    const tempDir = probeTempDir(config.dataDir);
    await sweepStaleTemp(tempDir);
    const retention = new RetentionService({
      db,
      media,
      settings: config.retention,
      sweepTemp: (now) => sweepStaleTemp(tempDir, { now }),
      clock,
    });
    const { watchlists, alerts, deployments, runner, cameraScheduler } = liveServices(ctx, assessments);
    const jobs = o.queue ?? new InProcessQueue();
    const archive = new ArchiveService({
      db,
      cipher,
      engine: o.engine,
      threshold: (m) => thresholdInForce(m).threshold,
      cases,
      repository: new ArchiveRepository(),
      uow,
      clock,
      audit: chainedAudit,
      outbox: new Outbox({ clock }),
    });
    return {
      archive,
      jobs,
      database,
      key: { source: key.source, location: key.location },
      runner,
      cameraScheduler,
      liveStatus: new LiveStatusService({ db, runner, holder: cameraScheduler?.holder }),
      reviews,
      retention,
      auditLog: new AuditQueryService({ db }),
      assessments,
      thresholdPolicy,
      watchlists,
      deployments,
      alerts,
      cipher,
      media,
      galleryIndex,
      gallery,
      cases,
      probes,
      searches,
      evidence,
      faces: new FacesService({ engine: o.engine, thresholdInForce }),
      thresholdInForce,
      async close() {
        try {
          await cameraScheduler?.stop();
          await runner.stopAll();
          if (!o.queue) await jobs.close();
          unfollowPolicy();
          if (!o.events) await events.close();
          await galleryIndex.close();
        } finally {
          await auditWitness?.close().catch((err: unknown) => process.emitWarning(`audit witness: ${String(err)}`));
          await database.close();
        }
      },
    };
  } catch (err) {
    await auditWitness?.close().catch(() => undefined);
    await database.close();
    throw err;
  }
}
