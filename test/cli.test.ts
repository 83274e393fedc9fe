// The `vigil` command as a user runs it: clear errors for bad files from every entry point,
// --json on every command, and no crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { repoRoot, sharedPath } from '../src/shared/paths.ts';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));

async function vigil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(repoRoot, 'bin', 'vigil.mjs'), ...args], {
      env: { ...process.env, VIGIL_DATA_DIR: dataDir, VIGIL_WORKERS: '1' },
      maxBuffer: 10_000_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lfwImage = sharedPath('data', 'lfw', 'images', 'Aaron_Peirsol', 'Aaron_Peirsol_0001.jpg');
const group = sharedPath('data', 'faces-small', 'face_api_js_bbt', 'bbt1.jpg');

async function badFiles(): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bad-'));
  const good = await readFile(lfwImage);
  const files: Record<string, Uint8Array | string> = {
    'zero-byte.jpg': new Uint8Array(0),
    'truncated.jpg': good.subarray(0, 2000),
    'corrupt.jpg': Uint8Array.from(good, (b, i) => (i > 20 && i < 400 ? 0x00 : b)),
    'text-named.jpg': 'this is a text file with an image extension\n',
    'program.png': await readFile(process.execPath).then((b) => b.subarray(0, 65536)),
    'huge.png': await sharp({ create: { width: 10000, height: 10000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer(),
  };
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), content);
    paths[name] = join(dir, name);
  }
  paths['missing.jpg'] = join(dir, 'missing.jpg');
  paths['a-folder'] = dir;
  return paths;
}

test('detect --json reports the face, its landmarks and quality', async () => {
  const r = await vigil('detect', lfwImage, '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.faces.length, 1);
  assert.equal(out.faces[0].landmarks.length, 5);
  assert.equal(typeof out.faces[0].quality.passed, 'boolean');
});

test('bad files get a clear error from detect and compare, never a crash', async () => {
  const files = await badFiles();
  for (const [name, path] of Object.entries(files)) {
    const d = await vigil('detect', path);
    assert.equal(d.code, 2, `${name}: exit ${d.code} ${d.stderr}`);
    assert.match(d.stderr, /^vigil: .{10,}/, name);
    assert.doesNotMatch(d.stderr, /at .*\.ts:\d+/, `${name}: no stack trace`);
    const j = await vigil('compare', path, lfwImage, '--json');
    assert.equal(j.code, 2, name);
    assert.ok(JSON.parse(j.stdout).error.message.length > 10, name);
  }
});

test('compare refuses a picture with several faces unless a face is chosen', async () => {
  const r = await vigil('compare', group, lfwImage);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /faces found; choose one with --face-a/);
});

test('models list and verify answer in JSON', async () => {
  const list = JSON.parse((await vigil('models', 'list', '--json')).stdout);
  assert.ok(list.packs.some((p: { name: string }) => p.name === 'default'));
  const verify = await vigil('models', 'verify', '--json');
  assert.equal(verify.code, 0, verify.stdout);
  assert.equal(JSON.parse(verify.stdout).ok, true);
});

test('compare decides at the calibrated threshold: match for one person, "no match" below it (R14, R17)', async () => {
  const lfw = (name: string, n: number) => sharedPath('data', 'lfw', 'images', name, `${name}_000${n}.jpg`);
  const same = JSON.parse((await vigil('compare', lfw('Aaron_Peirsol', 1), lfw('Aaron_Peirsol', 2), '--json')).stdout);
  assert.equal(same.thresholdSource, 'calibrated');
  assert.equal(same.decision, 'match');
  assert.ok(same.score >= same.threshold);
  const other = JSON.parse((await vigil('compare', lfw('Aaron_Peirsol', 1), lfw('Colin_Powell', 1), '--json')).stdout);
  assert.equal(other.decision, 'no match');
  assert.ok(other.score < other.threshold);
  const looser = await vigil('compare', lfw('Aaron_Peirsol', 1), lfw('Colin_Powell', 1), '--threshold', '0.5');
  assert.equal(looser.code, 2, 'a threshold below the one in force is refused (R14)');
  assert.match(looser.stderr, /below the threshold in force/);
});
