/**
 * The sample instance's live side (`vigil seed`): the assessments a deployment links (R26), each
 * saying it is sample data; the repository's measured bias report re-attested by this instance's
 * evaluation key with `command: 'vigil seed'` (R27, as `vigil demo` does: the attestation says the
 * seed did not measure it); a looping clip camera made from face-api's sample photographs, in the
 * camera folder (issue 12: file cameras read only under `live.cameraSources.fileRoots`); and a
 * deployment drafted by the sample watchlist manager, its watchlist from the sample gallery. It is
 * left as a draft: authorising it (a second person, R30) and going live are the tour's steps.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { VigilConfig } from '../../app/config.ts';
import { vigilVersion } from '../../shared/vigil-version.ts';
import type { AssessmentService } from '../../governance/assessments/assessment.service.ts';
import { attestBiasReport, reportResults } from '../../governance/assessments/bias-attestation.ts';
import { openEvalSigningKey } from '../../governance/assessments/eval-signing-key.ts';
import {
  checkFfmpeg,
  faceApiSample,
  makePhotoClip,
  repositoryBiasReportPath,
  type PhotoClip,
} from '../../live/demo-clip.ts';
import type { DeploymentService } from '../../live/deployment.service.ts';
import type { WatchlistService } from '../../live/watchlist.service.ts';
import { DomainError } from '../../shared/domain-error.ts';
import type { SampleSubject } from './sample-gallery.ts';

const SAMPLE = 'SAMPLE DATA';
export const sampleAssessmentVersions = {
  dpia: 'SAMPLE-DPIA-1',
  eia: 'SAMPLE-EIA-1',
  policy: 'SAMPLE-POLICY-1',
} as const;

/** Records the sample DPIA, equality impact assessment and policy, and the attested bias report. */
export async function recordSampleAssessments(
  assessments: Pick<AssessmentService, 'addAssessment' | 'addBiasReport' | 'evaluationKeyFile'>,
  modelId: string,
  actor: string,
): Promise<{ biasReport: string }> {
  const file = repositoryBiasReportPath(modelId);
  if (!existsSync(file)) {
    throw new DomainError(
      'unavailable',
      'no-bias-report',
      `R27: ${file} is missing, so no bias report covers ${modelId}; seed with the default model pack`,
    );
  }
  const kinds = [
    ['dpia', 'data protection impact assessment'],
    ['eia', 'equality impact assessment'],
    ['policy', 'policy document'],
  ] as const;
  for (const [kind, title] of kinds) {
    await assessments.addAssessment(
      {
        kind,
        version: sampleAssessmentVersions[kind],
        title: `Sample ${title} (${SAMPLE})`,
        summary: `${SAMPLE}: no ${title} was carried out; recorded by vigil seed so the sample deployment can be authorised`,
        approvedBy: 'nobody: sample data recorded by vigil seed',
        approvedAt: new Date().toISOString(),
      },
      actor,
    );
  }
  const bytes = await readFile(file);
  const report = reportResults(JSON.parse(bytes.toString('utf8')) as Record<string, unknown>);
  const key = openEvalSigningKey(assessments.evaluationKeyFile);
  const attested = attestBiasReport(
    report,
    {
      modelId: String(report['modelId']),
      dataset: {
        name: String(report['dataset']),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        files: 1,
        method: `sha256 of the repository's report file ${file} (re-attested by vigil seed as sample data, not measured by it)`,
      },
      command: 'vigil seed',
      argv: process.argv.slice(2),
      options: { repositoryReport: file, sample: true },
      vigilVersion: vigilVersion(),
    },
    key.privateKey,
  );
  await assessments.addBiasReport(attested, actor);
  return { biasReport: file };
}

/** The first camera folder (default `<dataDir>/footage`), made when missing. */
export function cameraFolder(config: Pick<VigilConfig, 'dataDir' | 'live'>): string {
  const dir = config.live.cameraSources.fileRoots?.[0] ?? join(config.dataDir, 'footage');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The sample clip: sample1.jpg (whose faces are on the watchlist, so going live raises alerts),
 * then two photographs of people who are not, panned across as a camera would.
 */
export async function makeSampleClip(folder: string): Promise<PhotoClip> {
  const ffmpeg = await checkFfmpeg();
  return makePhotoClip({
    photos: [1, 2, 5].map(faceApiSample),
    out: join(folder, 'sample-clip.mp4'),
    h264: ffmpeg.h264,
  });
}

export interface SampleDeploymentInput {
  readonly deployments: DeploymentService;
  readonly watchlists: WatchlistService;
  readonly planner: string;
  readonly category: string;
  readonly threshold: number;
  readonly maxDurationHours: number;
  /** Put on the watchlist. */
  readonly subjects: readonly SampleSubject[];
  readonly clip: string;
}

export async function draftSampleDeployment(o: SampleDeploymentInput) {
  const now = Date.now();
  const hours = Math.min(12, o.maxDurationHours);
  const d = await o.deployments.create(
    {
      name: 'Sample deployment: clip of sample photographs',
      deployment_type: `overt LFR (${SAMPLE}: no policing purpose)`,
      policing_objective: `${SAMPLE}: show how a deployment is drafted, authorised, run and recorded`,
      intelligence_case: `${SAMPLE}: none; the watchlist holds faces from public sample photographs`,
      location_name: `${SAMPLE}: a video clip played on this computer`,
      location_boundary: 'the frame of the clip; no public place is filmed',
      location_reason: 'the clip shows faces that are on the sample watchlist',
      planned_start: new Date(now - 60_000).toISOString(),
      planned_end: new Date(now + hours * 3_600_000 - 120_000).toISOString(),
      categories: [o.category],
      camera_count: 1,
      planned_footfall: 100,
      threshold: o.threshold,
      dpia_version: sampleAssessmentVersions.dpia,
      eia_version: sampleAssessmentVersions.eia,
      policy_version: sampleAssessmentVersions.policy,
      notice: { publishedAt: new Date(now - 60_000).toISOString(), signage: `${SAMPLE}: no public place is filmed` },
    },
    o.planner,
  );
  for (const s of o.subjects) {
    await o.watchlists.addEntry(
      d.id,
      { subjectId: s.id, category: o.category, reason: `${SAMPLE}: a face from ${s.photo}, not a person of interest` },
      o.planner,
    );
  }
  const camera = await o.deployments.addCamera(
    d.id,
    'Sample camera 1 (looping clip)',
    { kind: 'file', path: o.clip, loop: true },
    o.planner,
  );
  return { deployment: d, camera };
}
