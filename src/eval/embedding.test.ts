import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allPairScores, createEmbeddingCache, crossIdentityScores, embedAll, normalise } from './embedding.ts';
import type { EmbedResult } from './embedding.ts';

const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

test('embedAll embeds each path once, normalises, and turns errors into failures', async () => {
  const calls: string[] = [];
  const embed = async (p: string): Promise<EmbedResult> => {
    calls.push(p);
    if (p === 'boom') throw new Error('decoder fell over');
    if (p === 'none') return { ok: false, reason: 'no face' };
    return { ok: true, vector: v(3, 4) };
  };
  const cache = createEmbeddingCache();
  const progress: number[] = [];
  const r = await embedAll(['a', 'b', 'a', 'boom', 'none'], embed, { cache, onProgress: (p) => progress.push(p.done) });
  assert.equal(r.size, 4);
  const a = r.get('a');
  assert.ok(a?.ok);
  assert.deepEqual([...a.vector], [0.6000000238418579, 0.800000011920929]);
  assert.deepEqual(r.get('boom'), { ok: false, reason: 'error: decoder fell over' });
  assert.deepEqual(progress, [1, 2, 3, 4]);
  await embedAll(['a', 'c'], embed, { cache });
  assert.deepEqual(calls.sort(), ['a', 'b', 'boom', 'c', 'none']);
  assert.equal(normalise(v(0, 0)), null);
});

test('all-pair and cross-identity scores', () => {
  const vs = [v(1, 0), v(0, 1), v(1, 0), v(0.6, 0.8)];
  assert.deepEqual(
    [...allPairScores(vs)].map((x) => Math.round(x * 100) / 100),
    [0, 1, 0.6, 0, 0.8, 0.6],
  );
  const all = crossIdentityScores(vs, ['x', 'x', 'y', 'z'], 100);
  // Pairs (0,2) (0,3) (1,2) (1,3) (2,3): the (0,1) pair is one person.
  assert.equal(all.eligible, 5);
  assert.equal(all.stride, 1);
  assert.equal(all.scores.length, 5);
  const sampled = crossIdentityScores(vs, ['x', 'x', 'y', 'z'], 2);
  assert.equal(sampled.stride, 3);
  assert.equal(sampled.scores.length, 2);
  assert.equal(sampled.scores[0], 1);
});
