/**
 * Test support for the periodic report: rows written straight into the tables (no services), so a
 * test knows every figure the report should reproduce. The seeded period is March 2026; the
 * expected figures are worked out by hand in periodic-report.test.ts.
 */
import type { Queryable } from '../../src/db/database.ts';
import type { AlertRow, DeploymentRow } from '../../src/live/live.repository.ts';

export const period = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' } as const;

/** D1's name: markup, quotes and a comma, to test escaping in HTML and quoting in CSV. */
export const hostileName = 'Station <script>alert("x")</script>, & Co';
/** D2's type: a spreadsheet formula, to test that CSV neutralises it. */
export const formulaType = '=1+1 overt van';

export function deploymentRow(id: string, over: Partial<DeploymentRow>): DeploymentRow {
  return {
    id,
    name: id,
    status: 'closed',
    deployment_type: 'overt LFR, van-mounted',
    policing_objective: 'objective',
    intelligence_case: 'case',
    location_name: 'somewhere',
    location_boundary: 'boundary',
    location_reason: 'reason',
    planned_start: '2026-03-01T09:00:00.000Z',
    planned_end: '2026-03-01T17:00:00.000Z',
    categories_json: JSON.stringify(['wanted']),
    camera_count: 1,
    planned_footfall: 1000,
    threshold: 0.93,
    model_id: 'model-a',
    dpia_version: 'dpia-1',
    eia_version: 'eia-1',
    policy_version: 'policy-1',
    notice_json: JSON.stringify({ publishedAt: '2026-02-01T00:00:00.000Z', signage: 'signs' }),
    created_by: 'planner',
    created_at: '2026-02-01T00:00:00.000Z',
    authorised_by: 'authoriser',
    authorised_at: '2026-02-02T00:00:00.000Z',
    authorisation_note: null,
    authorised_json: JSON.stringify({ watchlistSize: 0 }),
    started_at: null,
    stopped_at: null,
    closed_at: null,
    close_reason: null,
    reviewed_by: null,
    reviewed_at: null,
    review_json: null,
    manifest_json: null,
    ...over,
  };
}

/** Counter rows (deployment_counters, R18): `facesSeen` faces seen, compared and tracked. */
const counters = (deploymentId: string, facesSeen: number) =>
  ['facesSeen', 'facesCompared', 'tracks'].map((name) => ({ deployment_id: deploymentId, name, n: facesSeen }));

export type Decision = 'confirm' | 'reject' | 'unable-to-determine' | null;
/** Engagement and outcome as recorded: none, not engaged, engaged with each outcome, engaged with none yet. */
export const engagementStates: readonly [string | null, string | null][] = [
  [null, null],
  ['not-engaged', null],
  ['engaged', 'arrest'],
  ['engaged', 'other-disposal'],
  ['engaged', 'no-further-action'],
  ['engaged', 'not-the-person'],
  ['engaged', null],
];
export const decisions: readonly Decision[] = ['confirm', 'reject', 'unable-to-determine', null];

let alertNo = 0;
export function alertRow(
  deploymentId: string,
  decision: Decision,
  [engagement, outcome]: readonly [string | null, string | null],
  category: string,
  id = `alert-${++alertNo}`,
): AlertRow {
  return {
    id,
    deployment_id: deploymentId,
    camera_id: 'camera',
    captured_at: '2026-03-05T11:00:00.000Z',
    created_at: `2026-03-05T11:00:${String(alertNo % 60).padStart(2, '0')}.000Z`,
    score: 0.95,
    threshold: 0.93,
    track_frames: 3,
    entry_id: 'entry',
    subject_id: 'subject',
    subject_reference: 'ref',
    category,
    probe_media_id: null,
    reference_media_id: null,
    operator_decision: decision,
    operator_by: decision ? 'operator' : null,
    operator_at: decision ? '2026-03-05T11:01:00.000Z' : null,
    decision_ms: decision ? 5000 : null,
    engagement,
    outcome,
    engagement_by: engagement ? 'officer' : null,
    engagement_at: engagement ? '2026-03-05T11:05:00.000Z' : null,
    engagement_note: null,
    investigation_ref: null,
    event_seq: 0,
    raised_seq: 0,
    seen_count: 1,
    last_seen_at: null,
    best_captured_at: null,
    last_sighting_id: null,
    subject_name: null,
    camera_name: null,
  };
}

const closed = (start: string, stop: string) => ({ started_at: start, stopped_at: stop, closed_at: stop });

/**
 * D1: every decision x engagement/outcome combination (28 alerts); confirm and unable-to-determine
 * on 'wanted', reject and undecided on 'missing'. D2: four alerts. D6 planned in February, started
 * at the end of March. D8 still live. Outside the period or not counted: D3 (authorised, never
 * started), D4 (a draft), D5 (started in February), D7 (started at the period's exclusive end).
 */
export async function seedDeployments(q: Queryable): Promise<void> {
  const rows: DeploymentRow[] = [
    deploymentRow('D1', {
      name: hostileName,
      planned_start: '2026-03-05T09:00:00.000Z',
      ...closed('2026-03-05T10:00:00.000Z', '2026-03-05T14:30:00.000Z'),
      categories_json: JSON.stringify(['wanted', 'missing']),
      manifest_json: JSON.stringify([1, 2, 3, 4, 5].map((n) => ({ subjectId: `s${n}`, category: 'wanted' }))),
    }),
    deploymentRow('D2', {
      status: 'reviewed',
      deployment_type: formulaType,
      planned_start: '2026-03-20T08:00:00.000Z',
      ...closed('2026-03-20T08:00:00.000Z', '2026-03-20T10:00:00.000Z'),
      categories_json: JSON.stringify(['wanted', 'violent']),
      authorised_json: JSON.stringify({ watchlistSize: 12 }),
      threshold: 0.95,
    }),
    deploymentRow('D3', { status: 'authorised', planned_start: '2026-03-25T09:00:00.000Z' }),
    deploymentRow('D4', {
      status: 'draft',
      planned_start: '2026-03-26T09:00:00.000Z',
      authorised_by: null,
      authorised_at: null,
      authorised_json: null,
    }),
    deploymentRow('D5', {
      planned_start: '2026-03-01T10:00:00.000Z',
      ...closed('2026-02-28T23:00:00.000Z', '2026-03-01T01:00:00.000Z'),
    }),
    deploymentRow('D6', {
      planned_start: '2026-02-27T09:00:00.000Z',
      ...closed('2026-03-31T23:30:00.000Z', '2026-04-01T00:30:00.000Z'),
      model_id: 'model-b',
      threshold: 0.9,
    }),
    deploymentRow('D7', {
      planned_start: '2026-03-31T22:00:00.000Z',
      ...closed('2026-04-01T00:00:00.000Z', '2026-04-01T02:00:00.000Z'),
    }),
    deploymentRow('D8', {
      status: 'live',
      planned_start: '2026-03-28T12:00:00.000Z',
      started_at: '2026-03-28T12:00:00.000Z',
    }),
  ];
  for (const row of rows) await q.insertInto('deployments').values(row).execute();
  const seen: [string, number][] = [
    ['D1', 10_000],
    ['D2', 5_000],
    ['D5', 777],
    ['D6', 1_000],
    ['D7', 999],
    ['D8', 200],
  ];
  for (const [id, n] of seen) await q.insertInto('deployment_counters').values(counters(id, n)).execute();
  const cameras: [string, number][] = [
    ['D1', 3],
    ['D2', 2],
    ['D5', 1],
    ['D6', 1],
  ];
  for (const [deploymentId, n] of cameras) {
    for (let i = 0; i < n; i++) {
      await q
        .insertInto('cameras')
        .values({
          id: `${deploymentId}-cam${i}`,
          deployment_id: deploymentId,
          name: `camera ${i}`,
          source_json: '{}',
          created_at: '2026-02-01T00:00:00.000Z',
          gaps_json: '[]',
        })
        .execute();
    }
  }
  const alerts: AlertRow[] = [];
  for (const d of decisions) {
    for (const e of engagementStates) {
      const category = d === 'confirm' || d === 'unable-to-determine' ? 'wanted' : 'missing';
      alerts.push(alertRow('D1', d, e, category, `D1-${d ?? 'pending'}-${e[0] ?? 'none'}-${e[1] ?? 'none'}`));
    }
  }
  alerts.push(
    alertRow('D2', 'confirm', ['engaged', 'arrest'], 'violent', 'D2-a'),
    alertRow('D2', 'reject', [null, null], 'wanted', 'D2-b'),
    alertRow('D2', 'confirm', ['engaged', 'not-the-person'], 'wanted', 'D2-c'),
    alertRow('D2', 'unable-to-determine', ['not-engaged', null], 'violent', 'D2-d'),
    alertRow('D5', 'reject', [null, null], 'wanted', 'D5-a'),
    alertRow('D5', 'confirm', ['engaged', 'arrest'], 'wanted', 'D5-b'),
    alertRow('D7', 'reject', [null, null], 'wanted', 'D7-a'),
    alertRow('D8', null, [null, null], 'wanted', 'D8-a'),
  );
  for (const a of alerts) await q.insertInto('alerts').values(a).execute();
}
