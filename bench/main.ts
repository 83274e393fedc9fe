/**
 * `npm run bench [-- --json] [-- --quick] [-- --only engine|gallery|live|ingest|startup]`: speed of
 * the face engine, of gallery search, of one live camera end to end, of archive ingestion and of the
 * command's cold start on this machine.
 * Every figure is compared with a baseline measured in the same run: ONNX against face-api's
 * own tfjs-wasm runtime for the same nets and weights, two engine workers against one, and the
 * gallery's search at 1,000,000 templates against 100,000.
 */
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchDetectors, benchFaceNets, benchEngine, type BenchRow } from './face-engine.bench.ts';
import { benchGallerySearch, formatGallerySearch, type GallerySearchBench } from './gallery-search.bench.ts';
import { benchLiveCamera, formatLiveCamera, type LiveCameraBench } from './live-camera.bench.ts';
import { benchIngest, formatIngest, type IngestBench } from './ingest.bench.ts';
import { benchStartup, formatStartup, type StartupBench } from './startup.bench.ts';
import { formatTable } from './timing.ts';
import { sharedPath } from '../src/shared/paths.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const runs = quick ? 5 : 20;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const runEngine = only === undefined || only === 'engine';
const runGallery = only === undefined || only === 'gallery';
const runLive = only === undefined || only === 'live';
const runIngest = only === undefined || only === 'ingest';
const runStartup = only === undefined || only === 'startup';

const lfwDir = sharedPath('data', 'lfw', 'images');
const yunetPath = sharedPath('models', 'yunet', 'face_detection_yunet_2026may.onnx');

async function lfwSample(count: number): Promise<Uint8Array[]> {
  const names = readdirSync(lfwDir).sort().slice(0, count);
  return Promise.all(names.map(async (n) => new Uint8Array(await readFile(join(lfwDir, n, `${n}_0001.jpg`)))));
}

const log = (line: string) => {
  if (!json) process.stderr.write(line + '\n');
};

log(`vigil bench on ${availableParallelism()} cores, node ${process.version}${quick ? ' (quick)' : ''}`);
const rows: BenchRow[] = [];
if (runEngine) {
  const groupStill = await readFile(sharedPath('data', 'faces-small', 'face_api_js_bbt', 'bbt1.jpg'));
  log('detectors ...');
  rows.push(...(await benchDetectors(groupStill, existsSync(yunetPath) ? yunetPath : undefined, runs)));
  const faces = await lfwSample(quick ? 24 : 96);
  log('landmarks and recognizer ...');
  rows.push(...(await benchFaceNets(faces.slice(0, 8), runs)));
  log('engine throughput ...');
  const engine = await benchEngine(faces, availableParallelism());
  rows.push(...engine);
}
let gallery: GallerySearchBench | undefined;
if (runGallery) {
  log('gallery search ...');
  gallery = await benchGallerySearch({ quick, log });
}
let live: LiveCameraBench | undefined;
if (runLive) live = await benchLiveCamera({ quick, log });
let ingest: IngestBench | undefined;
if (runIngest) ingest = await benchIngest({ quick, log });
let startup: StartupBench | undefined;
if (runStartup) startup = await benchStartup({ quick, log });
const peakRssMb = process.resourceUsage().maxRSS / 1024;

if (json) {
  process.stdout.write(
    JSON.stringify(
      { cores: availableParallelism(), node: process.version, quick, rows, gallery, live, ingest, startup, peakRssMb },
      null,
      2,
    ) + '\n',
  );
} else {
  const engineTable = formatTable(
    ['measure', 'runtime', 'value', 'unit', 'baseline (same run)', 'vs baseline'],
    rows.map((r) => [
      r.measure,
      r.runtime,
      r.value,
      r.unit,
      r.baseline === undefined ? '' : `${r.baseline.toFixed(1)} ${r.baselineLabel ?? ''}`,
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
    ]),
  );
  const sections = [rows.length > 0 ? engineTable : '', gallery ? formatGallerySearch(gallery, formatTable) : ''];
  if (live) sections.push(formatLiveCamera(live, formatTable));
  if (ingest) sections.push(formatIngest(ingest, formatTable));
  if (startup) sections.push(formatStartup(startup, formatTable));
  process.stdout.write(`${sections.filter(Boolean).join('\n\n')}\n\npeak RSS ${peakRssMb.toFixed(0)} MB\n`);
}
