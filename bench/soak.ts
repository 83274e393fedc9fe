/**
 * Soak run (issue 14): a live deployment on a looping clip served over RTSP on 127.0.0.1 for N
 * minutes, with faults injected, and what came of them. Not part of `npm test`; bounded by
 * `--minutes`; loopback and local files only.
 *
 * Faults, each on its own schedule:
 * - a face-engine worker killed every 30 s (`engine.crashWorkerForTest()`: with the default process
 *   isolation a real SIGKILL of the child; with `--isolation thread` an uncaught exception in the
 *   thread, as a bug would cause; the pool replaces it; the frame in flight fails with reason
 *   `engine`) — `--no-kill` to skip;
 * - the SQLite database locked by another connection for 10 s once a minute from t+45 s
 *   (`--no-lock` to skip: alerts and counts written then fail and are retried);
 * - the RTSP camera offline for 10 s at t+75 s and every 3 minutes after (`--no-drop` to skip):
 *   the feed reconnects with backoff and the gap is on the camera's record.
 * Figures (soak-report.ts): frames analysed, errors by reason, failing periods and recoveries,
 * alerts raised (counted by the runner) and stored (read from the database), worker restarts,
 * source gaps, RSS at start, end and peak of this process and (process isolation) of the engine's
 * children summed, checked against a bound: this process grows by less than `MAIN_RSS_GROWTH_MB`
 * and each engine child stays under `CHILD_RSS_MB`.
 *
 *   npm run soak -- --minutes 3 [--json] [--isolation process|thread] [--no-kill] [--no-lock] [--no-drop]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openTestServices, type TestServices } from '../test/support/services.ts';
import { openDatabase } from '../src/db/database.ts';
import { FaceEngine } from '../src/faces/engine.ts';
import { builtInPacks } from '../src/faces/packs.ts';
import { demoDeploymentDraft, faceApiSample, makePhotoClip, recordDemoAssessments } from '../src/live/demo-clip.ts';
import { startRtspTestServer, type RtspTestServer } from '../test/support/rtsp-server.ts';
import { soakReport, type SoakFaults, type SoakGap } from './soak-report.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const minutesAt = args.indexOf('--minutes');
const minutes = Math.min(60, Math.max(0.25, Number(minutesAt >= 0 ? args[minutesAt + 1] : 2) || 2));
const json = flag('--json');
const lock = !flag('--no-lock');
const kill = !flag('--no-kill');
const drop = !flag('--no-drop');
const say = (line: string) => void (json ? process.stderr : process.stdout).write(`${line}\n`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);
const isolation = args[args.indexOf('--isolation') + 1] === 'thread' ? 'thread' : 'process';
/** The bound the run is checked against (issue 14: no growth beyond a stated bound). */
const MAIN_RSS_GROWTH_MB = 100;
const CHILD_RSS_MB = 600;

/** A process's resident memory in MB, from /proc (Linux); 0 when it is gone or unreadable. */
function pidRssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Runs `fault` at `first` ms after the start and every `every` ms, while it ends before `endAt`. */
async function every(
  started: number,
  endAt: number,
  first: number,
  period: number,
  lastsMs: number,
  fault: () => Promise<void>,
): Promise<void> {
  for (let at = started + first; at + lastsMs < endAt; at += period) {
    await sleep(Math.max(0, at - Date.now()));
    await fault();
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'vigil-soak-'));
  const footage = join(work, 'footage');
  mkdirSync(footage);
  const sqliteFile = join(work, 'vigil.sqlite');
  let s: TestServices | undefined;
  let rtsp: RtspTestServer | undefined;
  const engine = await FaceEngine.start({
    pack: (await builtInPacks())[0]!,
    workers: Math.max(1, Math.min(2, availableParallelism() - 1)),
    isolation,
  });
  const childrenMb = () => engine.workerPids.map(pidRssMb);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const peak = { main: 0, children: 0, child: 0 };
  const sample = () => {
    const each = childrenMb();
    peak.main = Math.max(peak.main, rssMb());
    peak.children = Math.max(peak.children, sum(each));
    peak.child = Math.max(peak.child, ...each, 0);
  };
  const sampler = setInterval(sample, 5_000);
  const faults: SoakFaults = { workersCrashed: 0, databaseLocks: 0, sourceDrops: 0 };
  try {
    const photos = [1, 2, 3, 1].map((n) => faceApiSample(n));
    const clip = await makePhotoClip({ photos, out: join(footage, 'loop.mp4'), width: 640, height: 360, fps: 10 });
    rtsp = await startRtspTestServer({ clip: clip.path, loop: true });
    s = await openTestServices(await openDatabase({ sqliteFile }), engine, {
      // The local RTSP camera is on loopback: listed, as an installation lists its cameras' hosts.
      // Grouping off (R16's window, issue 13): every sighting is its own alert row, so the alerts
      // raised and the rows stored can be compared one for one.
      live: { analysisFps: 5, failingAfter: 3, alertGroupSeconds: 0, cameraSources: { hosts: ['127.0.0.1'] } },
    });
    const subject = await s.gallery.createSubject(
      {
        reference: 'SOAK-1',
        displayName: 'sample1.jpg, largest face',
        images: [
          {
            bytes: await readFile(faceApiSample(1)),
            faceIndex: 0,
            source: 'face-api sample',
            legalBasis: 'soak',
            reason: 'soak',
          },
        ],
      },
      { username: 'enroller', roles: ['watchlist-manager'] },
    );
    const category = s.config.live.categories[0]!;
    const threshold = s.thresholdInForce(engine.pack.recognizer.modelId).threshold;
    const liveSeconds = Math.ceil(minutes * 60) + 600;
    const d = await s.deployments.create(
      demoDeploymentDraft({ name: 'soak', liveSeconds, category, threshold }),
      'planner',
    );
    await recordDemoAssessments(s.assessments, engine.pack.recognizer.modelId, 'authoriser');
    await s.watchlists.addEntry(d.id, { subjectId: subject.subject.id, category, reason: 'soak' }, 'compiler');
    await s.deployments.addCamera(d.id, 'soak camera', { kind: 'rtsp', url: rtsp.url }, 'planner');
    await s.deployments.authorise(d.id, 'soak', 'authoriser');
    const rssStartMb = rssMb();
    const childrenStartMb = sum(childrenMb());
    await s.deployments.start(d.id, 'operator');
    say(
      `soak: ${minutes} min on ${rtsp.url} (${clip.seconds} s loop), engine workers ${engine.workers} (${isolation})`,
    );
    const started = Date.now();
    const endAt = started + minutes * 60_000;
    const t = () => `t+${Math.round((Date.now() - started) / 1000)} s`;
    const camera = rtsp;
    await Promise.all([
      kill &&
        every(started, endAt, 30_000, 30_000, 0, async () => {
          if (engine.crashWorkerForTest()) {
            faults.workersCrashed++;
            say(`  ${t()}: engine worker ${isolation === 'process' ? 'killed (SIGKILL)' : 'crashed'}`);
          }
        }),
      lock &&
        every(started, endAt, 45_000, 60_000, 10_000, async () => {
          faults.databaseLocks++;
          say(`  ${t()}: database locked for 10 s`);
          const other = new Database(sqliteFile, { timeout: 0 });
          other.exec('BEGIN EXCLUSIVE');
          await sleep(10_000);
          other.exec('COMMIT');
          other.close();
        }),
      drop &&
        every(started, endAt, 75_000, 180_000, 10_000, async () => {
          faults.sourceDrops++;
          say(`  ${t()}: RTSP camera offline for 10 s`);
          await camera.setAvailable(false);
          await sleep(10_000);
          await camera.setAvailable(true);
        }),
      sleep(Math.max(0, endAt - Date.now())),
    ]);
    sample();
    const childrenEndMb = sum(childrenMb());
    const rssEndMb = rssMb();
    const totals = s.runner.totals();
    await s.deployments.close(d.id, 'operator', 'stopped');
    const stored = await s.database.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('deployment_id', '=', d.id)
      .executeTakeFirstOrThrow();
    const distinct = await s.database.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.count<number>('id').distinct().as('n'))
      .where('deployment_id', '=', d.id)
      .executeTakeFirstOrThrow();
    const failingAudit = await s.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['camera.failing', 'camera.recovered'])
      .execute();
    const cameras = await s.deployments.cameras(d.id);
    const gaps = cameras.flatMap((c) => JSON.parse(c.gaps_json) as SoakGap[]);
    const result = soakReport({
      minutes,
      totals,
      alertsStored: Number(stored.n),
      distinctAlertIds: Number(distinct.n),
      auditFailing: failingAudit.filter((a) => a.action === 'camera.failing').length,
      auditRecovered: failingAudit.filter((a) => a.action === 'camera.recovered').length,
      faults,
      workerRestarts: engine.workerRestarts,
      gaps,
      rssStartMb,
      rssEndMb,
    });
    const memory = {
      isolation,
      rssPeakMb: peak.main,
      engineChildrenRssStartMb: childrenStartMb,
      engineChildrenRssEndMb: childrenEndMb,
      engineChildrenRssPeakMb: peak.children,
      engineChildRssPeakMb: peak.child,
      bound: `main RSS growth < ${MAIN_RSS_GROWTH_MB} MB; each engine child < ${CHILD_RSS_MB} MB`,
      withinBound: rssEndMb - rssStartMb < MAIN_RSS_GROWTH_MB && peak.child < CHILD_RSS_MB,
    };
    if (json) process.stdout.write(`${JSON.stringify({ ...result, ...memory }, null, 2)}\n`);
    else {
      say(`frames analysed ${result.framesAnalysed}, failed ${result.framesFailed}`);
      say(`errors by reason ${JSON.stringify(result.errors)}`);
      say(`failing periods ${result.failingPeriods}, recoveries ${result.recoveries}`);
      say(`alerts raised ${result.alertsRaised}, stored ${result.alertsStored}, add up: ${result.alertsAddUp}`);
      say(`engine worker restarts ${result.workerRestarts}; source gaps ${JSON.stringify(result.sourceGaps)}`);
      say(`faults ${JSON.stringify(faults)}; RSS ${result.rssStartMb} MB -> ${result.rssEndMb} MB`);
      say(
        `engine children RSS ${childrenStartMb} MB -> ${childrenEndMb} MB (peak ${peak.children}); ${memory.bound}: ${memory.withinBound ? 'held' : 'NOT held'}`,
      );
    }
  } finally {
    clearInterval(sampler);
    await s?.close();
    await rtsp?.stop();
    await engine.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
