// Issue 7 acceptance: a backup taken while the system runs (an enrolment in flight) restores into
// a fresh data directory with every subject, case, search, alert and audit entry intact, the media
// opening with the same key, the audit chain verifying and the counts equal to the manifest. On
// SQLite always; on PostgreSQL (pg_dump/pg_restore) when VIGIL_TEST_POSTGRES_URL is set.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { videoProbeAnalyser, enhanceProbe } from '../src/app/media-adapters.ts';
import { openServices, type VigilServices } from '../src/app/services.ts';
import { recordTestAssessments } from './support/services.ts';
import { configSchema } from '../src/app/config.ts';
import { postgresTestUrl } from './support/db.ts';
import { FaceEngine } from '../src/faces/engine.ts';
import { builtInPacks } from '../src/faces/packs.ts';
import { loadCalibrations } from '../src/faces/thresholds.ts';
import { verifyAuditChain } from '../src/governance/audit/audit-verify.ts';
import { takeBackup } from '../src/ops/backup.ts';
import { MANIFEST_FILE, type BackupManifest } from '../src/ops/backup-manifest.ts';
import { restoreBackup } from '../src/ops/restore.ts';
import { VigilMetrics } from '../src/ops/vigil-metrics.ts';
import { sharedPath } from '../src/shared/paths.ts';

const lfw = (name: string, n: number): Buffer =>
  readFileSync(sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`));
const image = { source: 'custody', legalBasis: 'PACE s64A', reason: 'arrest' };

let engine: FaceEngine;
before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
});
after(() => engine.close());

interface Target {
  readonly name: string;
  /** Source and restore databases (PostgreSQL), or none (SQLite in the data directory). */
  setup(): Promise<{ source?: string; restore?: string; drop(): Promise<void> }>;
}

const sqlite: Target = { name: 'sqlite', setup: async () => ({ drop: async () => undefined }) };

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: postgresTestUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const postgres: Target = {
  name: 'postgres',
  async setup() {
    const names = ['src', 'dst'].map((k) => `vigil_backup_${k}_${randomBytes(4).toString('hex')}`);
    await admin(async (c) => {
      for (const n of names) await c.query(`CREATE DATABASE ${n}`);
    });
    const urlOf = (db: string) => {
      const u = new URL(postgresTestUrl!);
      u.pathname = `/${db}`;
      return u.toString();
    };
    return {
      source: urlOf(names[0]!),
      restore: urlOf(names[1]!),
      drop: () =>
        admin(async (c) => {
          for (const n of names) await c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
        }),
    };
  },
};

const hasPgTools = (): boolean => {
  try {
    return ['pg_dump', 'pg_restore'].every((t) =>
      (process.env['PATH'] ?? '').split(':').some((d) => {
        try {
          readFileSync(join(d, t));
          return true;
        } catch {
          return false;
        }
      }),
    );
  } catch {
    return false;
  }
};

const targets = postgresTestUrl && hasPgTools() ? [sqlite, postgres] : [sqlite];

async function open(dataDir: string, key: string, databaseUrl: string | undefined, now: () => Date) {
  const config = configSchema.parse({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  return openServices({
    config,
    env: { VIGIL_MEDIA_KEY: key },
    engine,
    calibrations: () => loadCalibrations(),
    analyseVideo: videoProbeAnalyser(engine, config),
    enhance: enhanceProbe(config),
    indexSaveEveryMs: 0,
    now,
  });
}

async function enrol(s: VigilServices, name: string, n: number): Promise<{ subjectId: string; imageId: string }> {
  const r = await s.gallery.createSubject(
    { reference: name, displayName: name, images: [{ bytes: lfw(name, n), ...image }] },
    { username: 'enroller', roles: ['watchlist-manager'] },
  );
  return { subjectId: r.subject.id, imageId: r.images[0]!.id };
}

for (const target of targets) {
  describe(`backup and restore on ${target.name}`, () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-backup-test-'));
    const key = randomBytes(32).toString('base64');
    const clock = () => new Date('2026-11-22T10:30:00Z');
    let db: Awaited<ReturnType<Target['setup']>>;
    let s: VigilServices;
    const made = {} as Record<'colin' | 'chirac', { subjectId: string; imageId: string }> & {
      caseId: string;
      searchId: string;
      alertId: string;
      deploymentId: string;
    };
    let manifest: BackupManifest;
    let sourceAudit: unknown[];

    before(async () => {
      db = await target.setup();
      s = await open(join(root, 'data'), key, db.source, clock);
      made.colin = await enrol(s, 'Colin_Powell', 1);
      made.chirac = await enrol(s, 'Jacques_Chirac', 1);
      const c = await s.cases.createCase(
        { reference: 'CAD-9', offenceType: 'robbery', title: 'backup' },
        { username: 'inv', roles: ['investigator'] },
      );
      made.caseId = c.id;
      const { probe } = await s.probes.addImageProbe(
        c.id,
        { bytes: lfw('Colin_Powell', 2), provenance: 'cctv' },
        { username: 'inv', roles: ['investigator'] },
      );
      const found = await s.searches.search(
        {
          caseId: c.id,
          probeId: probe.id,
          enhancements: [],
          justification: 'Robbery on 2026-11-01; suspect seen on CCTV, no other leads.',
          legalBasis: 'common law policing purpose',
        },
        { username: 'inv', roles: ['investigator'] },
      );
      made.searchId = found.search.id;

      const modelId = engine.pack.recognizer.modelId;
      const threshold = s.thresholdInForce(modelId).floor;
      const d = await s.deployments.create(
        {
          name: 'Station',
          deployment_type: 'overt LFR',
          policing_objective: 'locate people wanted for violent offences',
          intelligence_case: 'robberies near the station',
          location_name: 'Station',
          location_boundary: 'north exit',
          location_reason: 'seen here on CCTV',
          planned_start: '2026-11-22T10:00:00Z',
          planned_end: '2026-11-22T16:00:00Z',
          categories: ['wanted by the courts'],
          camera_count: 1,
          planned_footfall: 1000,
          threshold,
          dpia_version: 'DPIA 1',
          eia_version: 'EIA 1',
          policy_version: 'policy 1',
          notice: { publishedAt: '2026-11-20T09:00:00Z', signage: 'A-boards' },
        },
        'planner',
      );
      made.deploymentId = d.id;
      const entry = await s.watchlists.addEntry(
        d.id,
        { subjectId: made.colin.subjectId, category: 'wanted by the courts', reason: 'warrant 77' },
        'wl.manager',
      );
      await recordTestAssessments(s, { modelId, threshold });
      await s.deployments.authorise(d.id, 'necessary and proportionate', 'auth.officer');
      const camera = await s.deployments.addCamera(
        d.id,
        'north exit',
        { kind: 'file', path: join(root, 'data', 'footage', 'north.mp4') },
        'op',
      );
      await s.deployments.start(d.id, 'operator');
      const alert = await s.alerts.raise({
        deploymentId: d.id,
        cameraId: camera.id,
        capturedAt: clock().getTime(),
        score: 0.9,
        threshold,
        trackFrames: 3,
        entry,
        probeCrop: lfw('Colin_Powell', 3),
        reference: await s.watchlists.entryImage(entry),
      });
      made.alertId = alert.id;
      await s.galleryIndex.index.save();
    });

    after(async () => {
      await s.close().catch(() => undefined);
      await db.drop();
      rmSync(root, { recursive: true, force: true });
    });

    it('metrics read the live deployment from the running services', async () => {
      const metrics = new VigilMetrics({
        live: { status: s.liveStatus, deployments: s.deployments },
        db: s.database.db,
        engine,
      });
      const text = await metrics.render();
      assert.match(text, /^vigil_deployments_live 1$/m);
      // The camera's series, labelled with its deployment and camera (label order is not significant).
      const frames = text.split('\n').find((l) => l.startsWith('vigil_camera_frames_in_total{'));
      assert.ok(frames, text);
      assert.ok(frames.includes(`deployment="${made.deploymentId}"`), frames);
      assert.match(frames, /[{,]camera="[0-9a-f-]{36}"[,}] \d+$/);
      assert.ok(text.includes(`vigil_deployment_alerts_total{deployment="${made.deploymentId}"}`));
      assert.match(text, /^vigil_audit_entries [1-9]\d*$/m);
    });

    it('takes a backup while an enrolment is being written', async () => {
      const [m] = await Promise.all([
        takeBackup({
          dataDir: join(root, 'data'),
          databaseUrl: db.source,
          env: { VIGIL_MEDIA_KEY: key },
          outDir: join(root, 'backup'),
        }),
        enrol(s, 'Tony_Blair', 2),
        s.cases.createCase(
          { reference: 'CAD-10', offenceType: 'robbery', title: 'concurrent' },
          { username: 'inv', roles: ['investigator'] },
        ),
      ]);
      manifest = m;
      assert.equal(m.database.kind, target.name);
      assert.equal(m.includesKeys, false);
      assert.ok(!m.files.some((f) => f.path.startsWith('secrets/')), 'no keys unless asked');
      assert.ok(m.counts.subjects >= 2 && m.counts.cases >= 1 && m.counts.alerts === 1 && m.counts.searches === 1);
      assert.ok(m.mediaFiles >= 5, `media items: ${m.mediaFiles}`);
      assert.ok(m.database.migrations.length > 0);
      assert.equal(m.counts.audit_log, m.audit.head?.seq);
      const rows = await s.database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
      sourceAudit = rows.filter((r) => Number(r.seq) <= m.audit.head!.seq);
      await assert.rejects(
        takeBackup({ dataDir: join(root, 'data'), databaseUrl: db.source, outDir: join(root, 'backup') }),
        /not empty/,
      );
    });

    it('refuses a damaged backup and a data directory that is not empty', async () => {
      const busy = join(root, 'busy');
      await assert.rejects(
        restoreBackup({ backupDir: join(root, 'backup'), dataDir: root, databaseUrl: db.restore }),
        /not empty/,
      );
      const damaged = JSON.parse(readFileSync(join(root, 'backup', MANIFEST_FILE), 'utf8')) as BackupManifest;
      const copy = join(root, 'damaged');
      rmSync(copy, { recursive: true, force: true });
      cpSync(join(root, 'backup'), copy, { recursive: true });
      const victim = damaged.files.find((f) => f.path.startsWith('media/'))!;
      writeFileSync(join(copy, ...victim.path.split('/')), 'tampered');
      await assert.rejects(restoreBackup({ backupDir: copy, dataDir: busy, databaseUrl: db.restore }), /manifest/);
    });

    it('restores into a fresh data directory with everything intact and the chain verifying', async () => {
      await s.close();
      const fresh = join(root, 'restored');
      const report = await restoreBackup({
        backupDir: join(root, 'backup'),
        dataDir: fresh,
        databaseUrl: db.restore,
        env: { VIGIL_MEDIA_KEY: key },
      });
      assert.ok(report.ok, JSON.stringify({ ...report, manifest: undefined }, null, 2));
      assert.deepEqual(report.counts, manifest.counts);
      assert.deepEqual(report.countDifferences, []);
      assert.equal(report.audit.ok, true);
      assert.equal(report.audit.headMatches, true);
      assert.equal(report.media.opened, manifest.mediaFiles);
      assert.equal(report.keysRestored, false);

      const r = await open(fresh, key, db.restore, clock);
      try {
        for (const who of [made.colin, made.chirac]) assert.ok(await r.gallery.subject(who.subjectId));
        const { bytes } = await r.gallery.imageBytes(made.colin.imageId);
        assert.deepEqual(bytes, lfw('Colin_Powell', 1), 'the sealed image opens to the original bytes');
        assert.equal((await r.cases.case(made.caseId)).reference, 'CAD-9');
        assert.equal((await r.searches.result(made.searchId)).search.case_id, made.caseId);
        const alert = await r.alerts.get(made.alertId);
        assert.deepEqual(await r.alerts.image(alert.id, 'probe', 'operator'), lfw('Colin_Powell', 3));
        assert.equal((await r.deployments.get(made.deploymentId)).status, 'live');
        const restoredAudit = await r.database.db
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', '<=', manifest.audit.head!.seq)
          .orderBy('seq')
          .execute();
        assert.deepEqual(restoredAudit, sourceAudit, 'every audit entry as it was');
        const chain = await verifyAuditChain(r.database.db);
        assert.equal(chain.ok, true);
        assert.deepEqual((await r.gallery.counts()).subjects, manifest.counts.subjects);
        assert.equal(r.galleryIndex.index.size, (await r.gallery.counts()).templates);
      } finally {
        await r.close();
      }
    });

    it(
      '--include-keys: the keys come back and the media opens without supplying them',
      { skip: target.name !== 'sqlite' },
      async () => {
        const out = join(root, 'backup-keys');
        await assert.rejects(
          takeBackup({ dataDir: join(root, 'data'), outDir: join(root, 'data', 'inside') }),
          /outside the data directory/,
        );
        const m = await takeBackup({
          dataDir: join(root, 'data'),
          env: { VIGIL_MEDIA_KEY: key },
          outDir: out,
          includeKeys: true,
        });
        assert.equal(m.includesKeys, true);
        assert.ok(m.files.some((f) => f.path === 'secrets/media.key'));
        const report = await restoreBackup({ backupDir: out, dataDir: join(root, 'restored-keys'), env: {} });
        assert.equal(report.keysRestored, true);
        assert.ok(report.ok);
        assert.equal(report.media.opened, m.mediaFiles);
      },
    );
  });
}
