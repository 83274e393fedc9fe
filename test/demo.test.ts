// `vigil demo` as a newcomer runs it (issue 4, item 8): a clip made from face-api's sample photos,
// a watchlist enrolled from one of them, alerts arriving live, and the deployment record (R24)
// written as CSV and JSON; the temporary clip and data are removed afterwards.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../src/shared/paths.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-test-'));
const config = join(dir, 'empty.json');
writeFileSync(config, '{}\n');
after(() => rmSync(dir, { recursive: true, force: true }));

async function vigil(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(repoRoot, 'bin', 'vigil.mjs'), ...args], {
      cwd: dir,
      env: { ...process.env, VIGIL_CONFIG: config, ...env },
      maxBuffer: 10_000_000,
      timeout: 120_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface DemoResult {
  clip: { path: string; photos: string[] };
  alerts: { subject: string; score: number; threshold: number; latencyMs: number | null }[];
  cameraStatus: { state: string; fpsOut: number }[];
  counts: { facesSeen: number; facesCompared: number };
  record: { totalAlerts: number; cameras: number; watchlistSize: number; facesSeen: number; status: string };
  files: { csv: string; json: string };
  notes: string[];
}

test('the demonstration raises an alert live and writes the deployment record', async () => {
  const out = join(dir, 'record');
  const r = await vigil(['demo', '--seconds', '12', '--json', '--out', out]);
  assert.equal(r.code, 0, r.stderr || r.stdout);
  const result = JSON.parse(r.stdout) as DemoResult;
  assert.ok(result.alerts.length >= 1, 'at least one alert arrived while live');
  for (const a of result.alerts) {
    assert.equal(a.subject, 'DEMO-0001');
    assert.ok(a.score >= a.threshold, 'an alert is at or above the threshold (R17)');
    assert.ok(a.latencyMs !== null && a.latencyMs >= 0);
  }
  assert.ok(!result.clip.photos.includes('sample1.jpg'), 'the enrolment photograph is not in the clip');
  assert.ok(
    result.cameraStatus.some((s) => s.state === 'connected' && s.fpsOut > 0),
    'camera status was reported',
  );
  assert.ok(result.record.totalAlerts >= 1);
  assert.equal(result.record.cameras, 1);
  assert.equal(result.record.watchlistSize, 1);
  assert.equal(result.record.status, 'closed');
  assert.ok(result.record.facesSeen > result.record.totalAlerts, 'faces were seen and compared, not only the match');
  const csv = readFileSync(join(out, 'deployment-record.csv'), 'utf8').split('\r\n');
  assert.match(
    csv[0] ?? '',
    /^Deployment,Date,Type,Duration \(minutes\),Cameras,Watchlist size,Threshold,Total alerts/,
  );
  assert.match(csv[1] ?? '', /^DEMONSTRATION ONLY/);
  const json = JSON.parse(readFileSync(join(out, 'deployment-record.json'), 'utf8')) as { totalAlerts: number };
  assert.equal(json.totalAlerts, result.record.totalAlerts);
  assert.equal(existsSync(result.clip.path), false, 'the temporary clip and data were removed');
});

test('a clip of your own needs the face to look for', async () => {
  const r = await vigil(['demo', '--clip', join(dir, 'empty.json')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--clip needs --enrol/);
});

test('without ffmpeg the demonstration says how to install it', async () => {
  const r = await vigil(['demo'], { PATH: join(dir, 'no-programs-here') });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /ffmpeg was not found: install ffmpeg .*apt-get install ffmpeg.*brew install ffmpeg/);
});
