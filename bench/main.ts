/**
 * `npm run bench [-- --json] [-- --quick] [-- --only engine|throughput|gallery|live|ingest|startup|small-faces]`:
 * speed of the face engine (`throughput`: its faces per second alone), of gallery search, of one
 * live camera end to end, of archive ingestion and of the command's cold start on this machine,
 * and how small a face each detector finds (`small-faces`).
 * Every figure is compared with a baseline measured in the same run: ONNX against face-api's
 * own tfjs-wasm runtime for the same nets and weights, two engine workers against one, batched
 * requests against unbatched ones (as before issue 17), and the gallery's search at 1,000,000
 * templates against 100,000.
 */
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchDetectors, benchFaceNets, type BenchRow } from './face-engine.bench.ts';
import { benchEngine } from './engine-throughput.bench.ts';
import type { GallerySearchBench } from './gallery-search.bench.ts';
import type { LiveCameraBench } from './live-camera.bench.ts';
import type { IngestBench } from './ingest.bench.ts';
import type { StartupBench } from './startup.bench.ts';
import type { SmallFacesBench } from './small-faces.bench.ts';
import { formatTable } from './timing.ts';
import { sharedPath } from '../src/shared/paths.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const runs = quick ? 5 : 20;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const runEngine = only === undefined || only === 'engine';
/** The engine's throughput alone (the recognizer path and the whole path), without the per-net timings. */
const runThroughput = runEngine || only === 'throughput';
const runGallery = only === undefined || only === 'gallery';
const runLive = only === undefined || only === 'live';
const runIngest = only === undefined || only === 'ingest';
const runStartup = only === undefined || only === 'startup';
const runSmallFaces = only === undefined || only === 'small-faces';

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
  log('landmarks and recognizer ...');
  rows.push(...(await benchFaceNets(await lfwSample(8), runs)));
}
if (runThroughput) {
  log('engine throughput ...');
  const engine = await benchEngine(await lfwSample(quick ? 24 : 96), availableParallelism(), quick ? 1 : 3);
  rows.push(...engine);
}
// Each section's module is loaded only when it runs (a section's imports reach far into the app).
const formatted: string[] = [];
let gallery: GallerySearchBench | undefined;
if (runGallery) {
  log('gallery search ...');
  const m = await import('./gallery-search.bench.ts');
  gallery = await m.benchGallerySearch({ quick, log });
  formatted.push(m.formatGallerySearch(gallery, formatTable));
}
let live: LiveCameraBench | undefined;
if (runLive) {
  const m = await import('./live-camera.bench.ts');
  live = await m.benchLiveCamera({ quick, log });
  formatted.push(m.formatLiveCamera(live, formatTable));
}
let ingest: IngestBench | undefined;
if (runIngest) {
  const m = await import('./ingest.bench.ts');
  ingest = await m.benchIngest({ quick, log });
  formatted.push(m.formatIngest(ingest, formatTable));
}
let startup: StartupBench | undefined;
if (runStartup) {
  const m = await import('./startup.bench.ts');
  startup = await m.benchStartup({ quick, log });
  formatted.push(m.formatStartup(startup, formatTable));
}
let smallFaces: SmallFacesBench | undefined;
if (runSmallFaces) {
  const m = await import('./small-faces.bench.ts');
  smallFaces = await m.benchSmallFaces({
    videoDir: sharedPath('data', 'video'),
    lfwDir,
    yunetPath: existsSync(yunetPath) ? yunetPath : undefined,
    quick,
    log,
  });
  formatted.push(m.formatSmallFaces(smallFaces, formatTable));
}
const peakRssMb = process.resourceUsage().maxRSS / 1024;

if (json) {
  process.stdout.write(
    JSON.stringify(
      {
        cores: availableParallelism(),
        node: process.version,
        quick,
        rows,
        gallery,
        live,
        ingest,
        startup,
        smallFaces,
        peakRssMb,
      },
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
  const sections = [rows.length > 0 ? engineTable : '', ...formatted];
  process.stdout.write(`${sections.filter(Boolean).join('\n\n')}\n\npeak RSS ${peakRssMb.toFixed(0)} MB\n`);
}
