import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildFaceApiLandmarksOnnx } from './faceapi-landmarks-graph.ts';
import { faceApiLandmarksOnnx } from './faceapi-landmarks.ts';
import { faceApiWeightsSha256, loadFaceApiWeights } from './faceapi-weights.ts';
import { cachedFaceApiGraph, defaultGraphCacheDir } from './graph-cache.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-graph-cache-'));
after(() => rmSync(root, { recursive: true, force: true }));

function collect(): { lines: string[]; notice: (line: string) => void } {
  const lines: string[] = [];
  return { lines, notice: (line) => lines.push(line) };
}

test('the ONNX graph is built once, then loaded from the cache, identical to a fresh build (issue 15)', async () => {
  const dir = join(root, 'once');
  const { lines, notice } = collect();
  const first = await faceApiLandmarksOnnx({ dir, notice });
  assert.equal(first.source, 'built');
  const second = await faceApiLandmarksOnnx({ dir, notice });
  assert.equal(second.source, 'cache');
  const fresh = buildFaceApiLandmarksOnnx(await loadFaceApiWeights('landmarks68'));
  assert.deepEqual(new Uint8Array(second.bytes), fresh);
  assert.equal(second.weightsSha256, await faceApiWeightsSha256('landmarks68'));
  assert.deepEqual(lines, [], 'no notice on a first build or a cache hit');
  const files = readdirSync(dir).sort();
  assert.equal(files.length, 2, `an entry and its graph: ${files.join(', ')}`);
  assert.ok(files.some((f) => f.endsWith('.onnx')));
});

test('a corrupted cached graph is detected by its recorded sha256 and rebuilt, with a notice', async () => {
  const dir = join(root, 'corrupt');
  await faceApiLandmarksOnnx({ dir, notice: () => {} });
  const graphFile = join(
    dir,
    readdirSync(dir).find((f) => f.endsWith('.onnx'))!,
  );
  const bytes = readFileSync(graphFile);
  const good = Buffer.from(bytes);
  const middle = bytes.length >> 1;
  bytes[middle] = bytes[middle]! ^ 0xff; // one flipped byte, same length
  writeFileSync(graphFile, bytes);

  const { lines, notice } = collect();
  const rebuilt = await faceApiLandmarksOnnx({ dir, notice });
  assert.equal(rebuilt.source, 'built');
  assert.deepEqual(new Uint8Array(rebuilt.bytes), new Uint8Array(good));
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /does not match its recorded sha256: rebuilding it/);
  assert.deepEqual(readFileSync(graphFile), good, 'the rebuilt graph replaced the corrupt file');
  assert.equal((await faceApiLandmarksOnnx({ dir, notice })).source, 'cache');

  writeFileSync(graphFile, good.subarray(0, 1000)); // truncated
  assert.equal((await faceApiLandmarksOnnx({ dir, notice })).source, 'built');
  assert.equal(lines.length, 2);
});

test('another variant or an altered entry is never served from another key', async () => {
  const dir = join(root, 'variants');
  const build = (w: Awaited<ReturnType<typeof loadFaceApiWeights>>) => ({ graph: buildFaceApiLandmarksOnnx(w) });
  const { lines, notice } = collect();
  assert.equal((await cachedFaceApiGraph('landmarks68', 'a', build, { dir, notice })).source, 'built');
  assert.equal((await cachedFaceApiGraph('landmarks68', 'b', build, { dir, notice })).source, 'built');
  assert.equal((await cachedFaceApiGraph('landmarks68', 'a', build, { dir, notice })).source, 'cache');
  const entryFile = join(
    dir,
    readdirSync(dir).find((f) => f.startsWith('landmarks68-a-') && f.endsWith('.json'))!,
  );
  const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as { key: string };
  writeFileSync(entryFile, JSON.stringify({ ...entry, key: 'f'.repeat(64) }));
  assert.equal((await cachedFaceApiGraph('landmarks68', 'a', build, { dir, notice })).source, 'built');
  assert.match(lines.join('\n'), /does not match its key/);
});

test('an unwritable cache folder builds in memory with a notice; VIGIL_GRAPH_CACHE=off disables it', async () => {
  const blocker = join(root, 'a-file');
  writeFileSync(blocker, 'not a folder');
  const { lines, notice } = collect();
  const model = await faceApiLandmarksOnnx({ dir: join(blocker, 'cache'), notice });
  assert.equal(model.source, 'built');
  assert.match(lines[0]!, /could not cache the landmarks68 ONNX graph .*: built it in memory/);
  assert.equal((await faceApiLandmarksOnnx({ dir: null, notice })).source, 'built');
  assert.equal(defaultGraphCacheDir({ VIGIL_GRAPH_CACHE: 'off' }), null);
  assert.equal(defaultGraphCacheDir({ VIGIL_GRAPH_CACHE: '/x/y' }), '/x/y');
  assert.match(defaultGraphCacheDir({})!, /node_modules\/\.cache\/vigil\/onnx-graphs$/);
});
