/**
 * Test support for retention: a throwaway sealed media store, and rows seeded directly (a
 * deployment with its alerts, a case with probes, tracks, a search and a candidate) at times
 * relative to a fixed clock, each media item a real file so a test can see which ones a purge removed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../src/db/schema.ts';
import { ByteCipher } from '../../src/storage/cipher.ts';
import { MediaNotFoundError, MediaStore } from '../../src/storage/media-store.ts';

export const testNow = new Date('2030-06-01T12:00:00.000Z');
export const HOURS = 3_600_000;
export const DAYS = 24 * HOURS;
/** The ISO time `ms` before the test clock. */
export const ago = (ms: number): string => new Date(testNow.getTime() - ms).toISOString();

export interface TestMedia {
  readonly store: MediaStore;
  put(label: string): Promise<string>;
  exists(id: string): Promise<boolean>;
  close(): void;
}

export function openTestMedia(): TestMedia {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-retention-'));
  const store = new MediaStore(dir, new ByteCipher(randomBytes(32)));
  return {
    store,
    put: (label) => store.put(Buffer.from(`bytes of ${label}`)),
    async exists(id) {
      try {
        await store.get(id);
        return true;
      } catch (err) {
        if (err instanceof MediaNotFoundError) return false;
        throw err;
      }
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function seedDeployment(
  db: Kysely<VigilSchema>,
  o: { closedAt?: string | null; name?: string } = {},
): Promise<string> {
  const id = randomUUID();
  const closedAt = o.closedAt ?? null;
  await db
    .insertInto('deployments')
    .values({
      id,
      name: o.name ?? 'test deployment',
      status: closedAt ? 'closed' : 'live',
      deployment_type: 'overt LFR, van-mounted',
      policing_objective: 'locate wanted people',
      intelligence_case: 'test',
      location_name: 'High Street',
      location_boundary: 'test',
      location_reason: 'test',
      planned_start: ago(60 * DAYS),
      planned_end: ago(59 * DAYS),
      categories_json: '["wanted by the courts"]',
      camera_count: 1,
      planned_footfall: 1000,
      threshold: 0.93,
      model_id: 'model',
      dpia_version: '1',
      eia_version: '1',
      policy_version: '1',
      notice_json: '{}',
      created_by: 'planner',
      created_at: ago(61 * DAYS),
      authorised_by: 'authoriser',
      authorised_at: ago(61 * DAYS),
      authorisation_note: null,
      authorised_json: null,
      started_at: ago(60 * DAYS),
      stopped_at: closedAt,
      closed_at: closedAt,
      close_reason: closedAt ? 'stopped' : null,
      reviewed_by: null,
      reviewed_at: null,
      review_json: null,
      manifest_json: closedAt ? '[]' : null,
    })
    .execute();
  return id;
}

export interface SeededAlert {
  readonly id: string;
  readonly probeMediaId: string;
  readonly referenceMediaId: string;
}

export async function seedAlert(
  db: Kysely<VigilSchema>,
  media: TestMedia,
  deploymentId: string,
  o: { createdAt: string; subjectId?: string; investigationRef?: string },
): Promise<SeededAlert> {
  const id = randomUUID();
  const probeMediaId = await media.put(`alert ${id} probe`);
  const referenceMediaId = await media.put(`alert ${id} reference`);
  await db
    .insertInto('alerts')
    .values({
      id,
      deployment_id: deploymentId,
      camera_id: 'camera-1',
      captured_at: o.createdAt,
      created_at: o.createdAt,
      score: 0.95,
      threshold: 0.93,
      track_frames: 3,
      entry_id: randomUUID(),
      subject_id: o.subjectId ?? randomUUID(),
      subject_reference: 'CUST/0001',
      category: 'wanted by the courts',
      probe_media_id: probeMediaId,
      reference_media_id: referenceMediaId,
      operator_decision: 'confirm',
      operator_by: 'operator',
      operator_at: o.createdAt,
      decision_ms: 4000,
      engagement: 'engaged',
      outcome: 'arrest',
      engagement_by: 'officer',
      engagement_at: o.createdAt,
      engagement_note: 'spoke to the man outside the bank',
      investigation_ref: o.investigationRef ?? null,
    })
    .execute();
  return { id, probeMediaId, referenceMediaId };
}

export interface SeededCase {
  readonly id: string;
  readonly imageProbeId: string;
  readonly videoProbeId: string;
  readonly trackId: string;
  readonly searchId: string;
  /** Every media file of the case: image, video, track frame and crop. */
  readonly media: { readonly image: string; readonly video: string; readonly frame: string; readonly crop: string };
}

/**
 * A case with an image probe, a video probe (uploaded `videoAt`) with one track, and a search with
 * one candidate (`candidateSubjectId`); its last activity is `lastActivityAt` (the search).
 */
export async function seedCase(
  db: Kysely<VigilSchema>,
  media: TestMedia,
  o: { lastActivityAt: string; videoAt?: string; status?: 'open' | 'closed'; candidateSubjectId?: string },
): Promise<SeededCase> {
  const id = randomUUID();
  const imageProbeId = randomUUID();
  const videoProbeId = randomUUID();
  const trackId = randomUUID();
  const searchId = randomUUID();
  const opened = ago(3000 * DAYS);
  const m = {
    image: await media.put(`case ${id} image`),
    video: await media.put(`case ${id} video`),
    frame: await media.put(`case ${id} frame`),
    crop: await media.put(`case ${id} crop`),
  };
  await db
    .insertInto('cases')
    .values({
      id,
      reference: `CASE/${id.slice(0, 8)}`,
      offence_type: 'robbery',
      title: 'test case',
      authorisation_ref: null,
      status: o.status ?? 'open',
      created_by: 'investigator',
      created_at: opened,
    })
    .execute();
  const probe = { case_id: id, sha256: 'ab'.repeat(32), provenance: 'cctv', description: null, uploaded_by: 'inv' };
  await db
    .insertInto('probes')
    .values([
      {
        ...probe,
        id: imageProbeId,
        kind: 'image',
        media_id: m.image,
        filename: 'still.jpg',
        width: 640,
        height: 480,
        duration_ms: null,
        created_at: opened,
      },
      {
        ...probe,
        id: videoProbeId,
        kind: 'video',
        media_id: m.video,
        filename: 'clip.mp4',
        width: 1280,
        height: 720,
        duration_ms: 10_000,
        created_at: o.videoAt ?? opened,
      },
    ])
    .execute();
  await db
    .insertInto('probe_tracks')
    .values({
      id: trackId,
      probe_id: videoProbeId,
      track_no: 1,
      first_ms: 0,
      last_ms: 2000,
      frame_count: 5,
      best_frame_ms: 1000,
      best_box_json: '{}',
      quality_json: '{}',
      frame_media_id: m.frame,
      crop_media_id: m.crop,
    })
    .execute();
  await db
    .insertInto('searches')
    .values({
      id: searchId,
      case_id: id,
      probe_id: imageProbeId,
      track_id: null,
      face_index: 0,
      enhancements_json: '[]',
      offence_type: 'robbery',
      justification: 'identify the suspect',
      provenance: 'cctv',
      legal_basis: 'common law',
      model_id: 'model',
      max_candidates: 20,
      policy_min_score: null,
      threshold_in_force: 0.93,
      candidate_count: 1,
      requested_by: 'inv',
      created_at: o.lastActivityAt,
      supervisor_review_by: null,
      supervisor_review_at: null,
      supervisor_review_note: null,
    })
    .execute();
  await db
    .insertInto('search_candidates')
    .values({
      search_id: searchId,
      rank: 1,
      subject_id: o.candidateSubjectId ?? randomUUID(),
      subject_reference: 'CUST/0002',
      image_id: randomUUID(),
      score: 0.8,
      examiner_decision: null,
      examiner_by: null,
      examiner_at: null,
      examiner_note: null,
      officer_decision: null,
      officer_by: null,
      officer_at: null,
      officer_note: null,
    })
    .execute();
  return { id, imageProbeId, videoProbeId, trackId, searchId, media: m };
}
