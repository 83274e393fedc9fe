import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gaussian, seededRandom } from '../eval/distractors.ts';
import { ByteCipher } from '../storage/cipher.ts';
import { HNSW_FILE, VECTORS_FILE } from './vector-index-file.ts';
import { openVectorIndex, type TemplateSource } from './vector-index.ts';

const D = 16;
const cipher = new ByteCipher(randomBytes(32));
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'vigil-vx-'));
  dirs.push(d);
  return d;
}

function unit(seed: number, d = D): Float32Array {
  const normal = gaussian(seededRandom(seed));
  const v = Float32Array.from({ length: d }, normal);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** The database as a map; records which keys each vectors() call asked for. */
function source(rows: Map<number, Float32Array>) {
  const fetched: (readonly number[] | 'all')[] = [];
  const src: TemplateSource = {
    keys: async () => [...rows.keys()],
    async *vectors(keys?: readonly number[]) {
      fetched.push(keys ? [...keys] : 'all');
      for (const key of keys ?? [...rows.keys()]) {
        const vector = rows.get(key);
        if (vector) yield { key, vector };
      }
    },
  };
  return { src, fetched };
}

function rowsOf(count: number, d = D, from = 1): Map<number, Float32Array> {
  return new Map(Array.from({ length: count }, (_, i) => [from + i, unit(from + i, d)] as const));
}

const options = (dir: string, src: TemplateSource, extra: object = {}) => ({
  dir,
  modelId: 'model-a',
  dimensions: D,
  cipher,
  source: src,
  approximateAbove: 100,
  ...extra,
});

describe('persistent vector index', () => {
  it('rebuilds from the database when there are no files, then round-trips sealed files', async () => {
    const dir = await freshDir();
    const rows = rowsOf(300);
    const first = await openVectorIndex(options(dir, source(rows).src));
    assert.equal(first.opened, 'rebuilt');
    assert.match(first.reason ?? '', /no index files/);
    assert.equal(first.index.size, 300);
    const query = unit(9999);
    const before = first.index.search(query, 10);
    await first.index.save();
    await first.index.close();

    assert.deepEqual((await readdir(dir)).sort(), [HNSW_FILE, VECTORS_FILE].sort(), 'no temporary file remains');
    for (const name of [VECTORS_FILE, HNSW_FILE]) {
      const bytes = await readFile(join(dir, name));
      for (const key of [1, 150, 300]) {
        const raw = Buffer.from(rows.get(key)!.buffer);
        assert.equal(bytes.indexOf(raw.subarray(0, 16)), -1, `${name} holds vector ${key} in the clear`);
      }
    }

    const { src, fetched } = source(rows);
    const again = await openVectorIndex(options(dir, src));
    assert.equal(again.opened, 'loaded');
    assert.equal(again.reason, undefined);
    assert.deepEqual(fetched, [], 'loading reads no vectors from the database');
    assert.deepEqual(again.index.search(query, 10), before);
    await again.index.close();
  });

  it('reconciles stale files: fetches only the missing vectors and drops deleted keys', async () => {
    const dir = await freshDir();
    const rows = rowsOf(200);
    const first = await openVectorIndex(options(dir, source(rows).src));
    await first.index.save();
    rows.delete(3);
    rows.delete(4);
    for (const [k, v] of rowsOf(3, D, 1000)) rows.set(k, v);
    const { src, fetched } = source(rows);
    const opened = await openVectorIndex(options(dir, src));
    assert.equal(opened.opened, 'reconciled');
    assert.match(opened.reason ?? '', /3 template\(s\) added.*2 removed/);
    assert.deepEqual(fetched, [[1000, 1001, 1002]]);
    assert.equal(opened.index.size, 201);
    assert.equal(opened.index.has(3), false);
    assert.equal(opened.index.search(rows.get(1001)!, 1)[0]?.key, 1001);
    assert.ok(!opened.index.search(unit(3), 50).some((h) => h.key === 3));
  });

  it('rebuilds with a reason when a file is corrupt', async () => {
    for (const name of [VECTORS_FILE, HNSW_FILE]) {
      const dir = await freshDir();
      const rows = rowsOf(150);
      const first = await openVectorIndex(options(dir, source(rows).src));
      await first.index.save();
      const bytes = await readFile(join(dir, name));
      bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
      await writeFile(join(dir, name), bytes);
      const { src, fetched } = source(rows);
      const opened = await openVectorIndex(options(dir, src));
      assert.equal(opened.opened, 'rebuilt', name);
      assert.match(opened.reason ?? '', /unusable .*failed authentication/);
      assert.deepEqual(fetched, ['all']);
      assert.equal(opened.index.size, 150);
    }
  });

  it('rebuilds when the files are for another model, dimension or graph layout', async () => {
    const dir = await freshDir();
    const rows = rowsOf(150);
    const first = await openVectorIndex(options(dir, source(rows).src));
    await first.index.save();

    const other = await freshDir();
    for (const name of [VECTORS_FILE, HNSW_FILE]) await copyFile(join(dir, name), join(other, name));
    const wrongModel = await openVectorIndex({ ...options(other, source(rows).src), modelId: 'model-b' });
    assert.equal(wrongModel.opened, 'rebuilt');
    assert.match(wrongModel.reason ?? '', /unusable/);

    const rows8 = new Map([...rows].map(([k]) => [k, unit(k, 8)] as const));
    const wrongSize = await openVectorIndex({ ...options(dir, source(rows8).src), dimensions: 8 });
    assert.equal(wrongSize.opened, 'rebuilt');
    assert.match(wrongSize.reason ?? '', /16-d vectors, not 8-d/);

    const layout = await openVectorIndex(options(dir, source(rows).src, { hnsw: { quantization: 'i8' } }));
    assert.equal(layout.opened, 'rebuilt');
    assert.match(layout.reason ?? '', /graph was built with connectivity 32, f16; now configured 32, i8/);
  });

  it('keeps the vectors file consistent with a graph from the same save', async () => {
    const dir = await freshDir();
    const rows = rowsOf(150);
    const a = await openVectorIndex(options(dir, source(rows).src));
    await a.index.save();
    const oldGraph = await readFile(join(dir, HNSW_FILE));
    a.index.add(500, unit(500));
    await a.index.save();
    await writeFile(join(dir, HNSW_FILE), oldGraph);
    const opened = await openVectorIndex(options(dir, source(rows).src));
    assert.equal(opened.opened, 'rebuilt');
    assert.match(opened.reason ?? '', /another save/);
  });

  it('removes plaintext temporaries a crash left behind', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, '.hnsw-0123456789abcdef.tmp'), 'plaintext graph');
    const opened = await openVectorIndex(options(dir, source(rowsOf(5)).src));
    assert.deepEqual(await readdir(dir), []);
    await opened.index.close();
    assert.throws(() => opened.index.size, /closed/);
  });
});
