/**
 * Fills a fresh instance with sample data (`vigil seed`): the users, the gallery, the assessments
 * and bias report, a drafted deployment with its watchlist and looping clip camera, and a case with
 * a probe and a search. Each step goes through the use cases as the sample user whose role does it
 * (the watchlist manager enrols and drafts, the investigator opens the case and searches), so
 * every record is audited as it would be over HTTP; the seed's own acts are audited as the local
 * actor with `sample: true`. Refused on an instance that already has a user or a subject.
 */
import { pipelineIdOf } from '../../faces/pipeline-id.ts';
import type { Kysely } from 'kysely';
import type { VigilConfig } from '../../app/config.ts';
import type { VigilServices } from '../../app/services.ts';
import type { VigilSchema } from '../../db/schema.ts';
import type { FaceEngine } from '../../faces/engine.ts';
import { appendAudit } from '../../governance/audit/audit-log.ts';
import type { Accessor } from '../../governance/authorise.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import type { Role } from '../../governance/roles.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { openSampleCase, type SampleCase } from './sample-case.ts';
import { enrolSampleGallery, galleryPhotos, type SampleSubject } from './sample-gallery.ts';
import { draftSampleDeployment, recordSampleAssessments } from './sample-live.ts';
import { createSampleUsers, type SampleUser } from './sample-users.ts';

export interface SeedInput {
  readonly config: VigilConfig;
  readonly engine: Pick<FaceEngine, 'analyse' | 'pack'>;
  readonly services: VigilServices;
  /** The local actor, `local:<os user>`. */
  readonly actor: string;
  /** The looping clip, already in a camera folder. */
  readonly clip: string;
}

export interface SeedSummary {
  readonly sample: true;
  readonly dataDir: string;
  readonly users: readonly SampleUser[];
  readonly subjects: readonly SampleSubject[];
  readonly deployment: {
    readonly id: string;
    readonly name: string;
    readonly watchlist: number;
    readonly camera: string;
  };
  readonly case: SampleCase;
  readonly biasReport: string;
  readonly clip: string;
}

/** Refuses unless the instance has no user and no subject. */
export async function assertFreshInstance(db: Kysely<VigilSchema>, dataDir: string): Promise<void> {
  const count = async (table: 'users' | 'subjects') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
  const [users, subjects] = [await count('users'), await count('subjects')];
  if (users > 0 || subjects > 0) {
    throw new DomainError(
      'conflict',
      'instance-not-fresh',
      `${dataDir} already holds ${users} user(s) and ${subjects} gallery subject(s), and vigil seed fills only a ` +
        'fresh instance: nothing was changed. Seed a new data directory instead, e.g. ' +
        '`VIGIL_DATA_DIR=./sample-data npm run seed`',
      { users, subjects },
    );
  }
}

const accessor = (users: readonly SampleUser[], role: Role): Accessor => {
  const u = users.find((x) => x.role === role);
  if (!u) throw new Error(`no sample ${role}`);
  return { username: u.username, roles: [u.role], channel: 'cli' };
};

export async function seedInstance(o: SeedInput): Promise<SeedSummary> {
  const s = o.services;
  const { db } = s.database;
  await assertFreshInstance(db, o.config.dataDir);
  const identity = openIdentity({ db, config: o.config.identity });
  const users = await createSampleUsers(identity, { userId: o.actor, username: o.actor });
  const planner = accessor(users, 'watchlist-manager');
  const investigator = accessor(users, 'investigator');

  const subjects = await enrolSampleGallery(o.engine, s.gallery, planner);
  const modelId = pipelineIdOf(o.engine.pack);
  const { biasReport } = await recordSampleAssessments(s.assessments, modelId, o.actor);
  const category = o.config.live.categories[0] ?? 'wanted by the courts';
  const { deployment, camera } = await draftSampleDeployment({
    deployments: s.deployments,
    watchlists: s.watchlists,
    planner: planner.username,
    category,
    threshold: s.thresholdInForce(modelId).threshold,
    maxDurationHours: o.config.live.maxDurationHours,
    // The faces of the first gallery photograph: the clip opens with it, so going live alerts.
    subjects: subjects.filter((x) => x.photo === `sample${galleryPhotos[0]}.jpg`),
    clip: o.clip,
  });
  const watchlist = (await s.watchlists.entries(deployment.id)).length;
  const offences = o.config.retro.offenceTypes;
  const sampleCase = await openSampleCase(
    s.cases,
    s.probes,
    s.searches,
    offences.includes('theft') ? 'theft' : offences[0]!,
    investigator,
  );
  const summary: SeedSummary = {
    sample: true,
    dataDir: o.config.dataDir,
    users,
    subjects,
    deployment: { id: deployment.id, name: deployment.name, watchlist, camera: camera.name },
    case: sampleCase,
    biasReport,
    clip: o.clip,
  };
  await db.transaction().execute((trx) =>
    appendAudit(trx, {
      actor: o.actor,
      action: 'seed.completed',
      details: {
        sample: true,
        users: users.map((u) => u.username),
        subjects: subjects.length,
        deployment: deployment.id,
        case: sampleCase.reference,
      },
    }),
  );
  return summary;
}
