import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { EmbedImage } from '../../eval/embedding.ts';
import { runIdentification, type CachedEmbedding, type IdentityImage } from '../../eval/identification.ts';
import {
  decodeEmbeddingCache,
  embedWithCache,
  encodeEmbeddingCache,
  identificationMarkdown,
  readEmbeddingCache,
} from './eval-identification.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('evaluation embedding cache', () => {
  it('round-trips vectors and failure reasons by path', () => {
    const entries = new Map<string, CachedEmbedding>([
      ['lfw/images/A/A_0001.jpg', { ok: true, vector: Float32Array.of(0.6, 0.8, 0) }],
      ['lfw/images/B/B_0001.jpg', { ok: false, reason: 'no face detected' }],
      ['lfw/images/C/C_0001.jpg', { ok: true, vector: Float32Array.of(0, 0, 1) }],
    ]);
    const file = { modelId: 'm-1', settings: 'detector=d', dimensions: 3, entries };
    const back = decodeEmbeddingCache(encodeEmbeddingCache(file));
    assert.deepEqual(back, file);
    assert.throws(() => decodeEmbeddingCache(encodeEmbeddingCache(file).subarray(0, 40)), SyntaxError);
  });

  it('embeds only what the cache lacks, and ignores a cache made by another model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-evalcache-'));
    dirs.push(dir);
    const cachePath = join(dir, 'eval-cache', 'lfw-m.bin');
    const calls: string[] = [];
    const embedImage: EmbedImage = async (abs) => {
      calls.push(abs);
      return abs.includes('bad')
        ? { ok: false, reason: 'no face detected' }
        : { ok: true, vector: Float32Array.of(3, 4) };
    };
    const run = (relPaths: string[], modelId = 'm') =>
      embedWithCache({ dataDir: '/data', relPaths, cachePath, modelId, settings: 's', embedImage, concurrency: 2 });

    const first = await run(['a.jpg', 'bad.jpg']);
    assert.deepEqual(first.get('a.jpg'), { ok: true, vector: Float32Array.of(0.6, 0.8) });
    assert.deepEqual(first.get('bad.jpg'), { ok: false, reason: 'no face detected' });
    assert.equal(calls.length, 2);

    const second = await run(['a.jpg', 'bad.jpg', 'c.jpg']);
    assert.deepEqual(calls.slice(2), ['/data/c.jpg'], 'only the new image is embedded');
    assert.equal(second.size, 3);
    assert.equal((await readEmbeddingCache(cachePath, 'm', 's'))?.entries.size, 3);

    assert.equal(await readEmbeddingCache(cachePath, 'other-model', null), null);
    await run(['a.jpg'], 'other-model');
    assert.equal(calls.at(-1), '/data/a.jpg', 'another model embeds again');
  });
});

describe('identification report', () => {
  it('states the figures, the distractor comparison and the definitions', () => {
    const images: IdentityImage[] = [];
    const embedded = new Map<string, CachedEmbedding>();
    for (let id = 0; id < 30; id++) {
      for (let n = 1; n <= 2; n++) {
        const path = `lfw/images/P${id}/P${id}_000${n}.jpg`;
        images.push({ identity: `P${id}`, number: n, path });
        const v = Float32Array.from({ length: 8 }, (_, i) => Math.sin(id * 7 + i * 3 + n * 0.05));
        embedded.set(path, { ok: true, vector: v.map((x) => x / Math.hypot(...v)) });
      }
    }
    const md = identificationMarkdown(runIdentification({ modelId: 'm', images, embedded, distractors: 100, seed: 1 }));
    assert.match(md, /rank-1 hit rate \| 1\.0000/);
    assert.match(md, /FNIR at FPIR 1e-3/);
    assert.match(md, /With 100 synthetic distractors \(gallery 130, exact\)/);
    assert.match(md, /impostor scores, uniform noise/);
    assert.match(md, /FNIR\(t\): mated searches whose mate is not the rank-1 candidate/);
  });
});
