import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPath } from '../shared/paths.ts';
import type { CatalogueEntry } from './catalogue.ts';
import type { ModelCardInput } from './model-card.ts';
import { ModelRefusedError, ModelRegistry, modelsDir, registryFileSchema } from './model-registry.ts';
import { buildTinyRecognizer } from '../../test/support/models.ts';

const yunetPath = sharedPath('models', 'yunet', 'face_detection_yunet_2026may.onnx');
const yunetSha = 'ebafce4e3c118d6554634be5c27ab333b4c047a9a8c3faf1d7cf93101c22f0f0';
const yunetCard: ModelCardInput = {
  name: 'YuNet',
  version: '2026may',
  source: 'opencv_zoo face_detection_yunet (evaluation copy in ../shared)',
  licence: 'MIT',
  trainingData: 'WIDER FACE training set',
  sha256: yunetSha,
};
const testCard: ModelCardInput = {
  name: 'tiny',
  version: '0',
  source: 'built by the test',
  licence: 'none',
  trainingData: 'none (random weights)',
};

async function withRegistry(
  fn: (registry: ModelRegistry, dir: string) => Promise<void>,
  extra: { catalogue?: CatalogueEntry[] } = {},
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-models-'));
  try {
    const registry = new ModelRegistry({ root: modelsDir(dir), now: () => new Date('2026-01-02T03:04:05Z'), ...extra });
    await fn(registry, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('YuNet with its card is registered, listed, stored by hash and verifies', () =>
  withRegistry(async (registry, dir) => {
    const model = await registry.add({ file: yunetPath, role: 'detector', kind: 'yunet', card: yunetCard });
    assert.equal(model.id, 'yunet-ebafce4e3c11');
    assert.equal(model.card.sha256, yunetSha);
    assert.equal(model.card.kind, 'yunet');
    assert.equal(model.addedAt, '2026-01-02T03:04:05.000Z');
    assert.equal(model.inspection.outputs.length, 12);
    assert.deepEqual(await readdir(join(dir, 'models')), [`${yunetSha}.onnx`, 'registry.json'].sort());
    const stored = registryFileSchema.parse(JSON.parse(await readFile(join(dir, 'models', 'registry.json'), 'utf8')));
    assert.deepEqual(stored.models, [model]);
    assert.deepEqual(await registry.list(), [model]);
    assert.deepEqual(await registry.get(model.id), model);
    assert.deepEqual(
      (await registry.verify()).map((r) => [r.id, r.status]),
      [['yunet-ebafce4e3c11', 'ok']],
    );
    await assert.rejects(
      registry.add({ file: yunetPath, role: 'detector', kind: 'yunet', card: yunetCard }),
      /already registered as yunet-ebafce4e3c11/,
    );
    assert.equal((await registry.remove(model.id))?.id, model.id);
    assert.deepEqual(await readdir(join(dir, 'models')), ['registry.json']);
    assert.deepEqual(await registry.list(), []);
  }));

test('refusals: wrong card hash, wrong kind, wrong role, not ONNX; nothing is left behind', () =>
  withRegistry(async (registry, dir) => {
    const wrongHash = { ...yunetCard, sha256: '0'.repeat(64) };
    await assert.rejects(registry.add({ file: yunetPath, role: 'detector', kind: 'yunet', card: wrongHash }), (err) => {
      assert.ok(err instanceof ModelRefusedError);
      assert.match(err.message, /card sha256 0{64} does not match the file's sha256 ebafce4e/);
      return true;
    });
    const asArcface = { ...yunetCard, sha256: undefined };
    await assert.rejects(
      registry.add({ file: yunetPath, role: 'recognizer', kind: 'arcface', card: asArcface }),
      (err) => {
        assert.ok(err instanceof ModelRefusedError);
        assert.match(
          err.message,
          /does not fit kind arcface: input input float32\[1,3,height,width\] should be \[N,3,112,112\]/,
        );
        assert.equal(err.problems.length, 2);
        return true;
      },
    );
    await assert.rejects(
      registry.add({ file: yunetPath, role: 'recognizer', kind: 'yunet', card: yunetCard }),
      /a yunet model is a detector, not a recognizer/,
    );
    const junk = join(dir, 'not-a-model.onnx');
    await writeFile(junk, 'GIF89a definitely not onnx');
    await assert.rejects(
      registry.add({ file: junk, role: 'detector', kind: 'yunet', card: testCard }),
      /not-a-model\.onnx.* is not a loadable ONNX model/,
    );
    await assert.rejects(
      registry.add({ file: join(dir, 'missing.onnx'), role: 'detector', kind: 'yunet', card: testCard }),
      /cannot read .*missing\.onnx: ENOENT/,
    );
    await assert.rejects(
      registry.add({ file: yunetPath, role: 'recognizer', kind: 'faceapi-resnet', card: testCard }),
      /bundled with face-api/,
    );
    assert.deepEqual(await readdir(join(dir, 'models')), []);
    assert.deepEqual(await registry.list(), []);
  }));

test('an arcface-shaped model is accepted as a recognizer; corruption on disk shows in verify', () =>
  withRegistry(async (registry, dir) => {
    const file = join(dir, 'tiny.onnx');
    await writeFile(file, buildTinyRecognizer());
    const tiny = await registry.add({ file, role: 'recognizer', kind: 'arcface', card: testCard });
    assert.match(tiny.id, /^arcface-[0-9a-f]{12}$/);
    assert.deepEqual(tiny.inspection.outputs, [{ name: 'embedding', type: 'float32', dims: ['N', 512] }]);
    const yunet = await registry.add({ file: yunetPath, role: 'detector', kind: 'yunet', card: yunetCard });
    const bytes = await readFile(registry.pathOf(tiny));
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    await writeFile(registry.pathOf(tiny), bytes);
    await rm(registry.pathOf(yunet));
    const report = await registry.verify();
    assert.deepEqual(
      report.map((r) => [r.id, r.status]),
      [
        [tiny.id, 'mismatch'],
        [yunet.id, 'missing'],
      ],
    );
    assert.notEqual(report[0]?.actual, tiny.sha256);
  }));

async function withServer(routes: Record<string, Uint8Array>, fn: (base: string) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => {
    const body = routes[req.url ?? ''];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function entry(name: string, url: string, over: Partial<CatalogueEntry> = {}): CatalogueEntry {
  const { sha256: _unused, ...card } = yunetCard;
  return {
    name,
    description: 'test',
    role: 'detector',
    kind: 'yunet',
    packaging: 'onnx',
    url,
    sha256: yunetSha,
    licence: 'MIT',
    licenceRestricted: false,
    card,
    ...over,
  };
}

test('install fetches only on request, verifies the hash and leaves nothing behind on tampering', async () => {
  const good = new Uint8Array(await readFile(yunetPath));
  const tampered = Uint8Array.from(good);
  tampered[1000] = (tampered[1000] ?? 0) ^ 1;
  await withServer({ '/good.onnx': good, '/bad.onnx': tampered }, (base) => {
    const catalogue = [
      entry('good', `${base}/good.onnx`),
      entry('bad', `${base}/bad.onnx`),
      entry('nohash', `${base}/good.onnx`, { sha256: null }),
      entry('restricted', `${base}/good.onnx`, { licenceRestricted: true, licence: 'research only.' }),
      entry('missing', `${base}/missing.onnx`),
      entry('zipped', `${base}/pack.zip`, { packaging: 'zip', member: 'det.onnx' }),
    ];
    return withRegistry(
      async (registry, dir) => {
        await assert.rejects(registry.install('bad'), (err) => {
          assert.ok(err instanceof ModelRefusedError);
          assert.match(err.message, /bad\.onnx has sha256 [0-9a-f]{64}, expected ebafce4e.*nothing installed/);
          return true;
        });
        assert.deepEqual(await readdir(join(dir, 'models')), []);
        let fetched = 0;
        const counting: typeof fetch = (input, init) => {
          fetched++;
          return fetch(input, init);
        };
        await assert.rejects(registry.install('nohash', { fetch: counting }), /no known sha256 for nohash/);
        await assert.rejects(registry.install('restricted', { fetch: counting }), /restricted licence: research only/);
        await assert.rejects(registry.install('zipped', { fetch: counting }), /det\.onnx inside .*pack\.zip/);
        await assert.rejects(registry.install('nope', { fetch: counting }), /no catalogue entry named "nope"/);
        await assert.rejects(
          registry.install('good', { fetch: counting, sha256: '1'.repeat(64) }),
          /differs from the catalogue's/,
        );
        assert.equal(fetched, 0);
        await assert.rejects(registry.install('missing'), /download of .*\/missing\.onnx failed: HTTP 404/);

        const model = await registry.install('good', { fetch: counting });
        assert.equal(fetched, 1);
        assert.equal(model.id, 'yunet-ebafce4e3c11');
        assert.equal(model.card.sha256, yunetSha);
        assert.deepEqual(model.installedFrom, { catalogue: 'good', url: `${base}/good.onnx` });
        assert.deepEqual(
          (await registry.verify()).map((r) => r.status),
          ['ok'],
        );
        await registry.remove(model.id);
        const viaOperatorHash = await registry.install('nohash', { sha256: yunetSha });
        assert.equal(viaOperatorHash.sha256, yunetSha);
        assert.deepEqual(await readdir(join(dir, 'models')), [`${yunetSha}.onnx`, 'registry.json']);
      },
      { catalogue },
    );
  });
});
