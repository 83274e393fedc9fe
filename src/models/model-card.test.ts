import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue, findCatalogueEntry } from './catalogue.ts';
import { ModelCardError, completeCard, modelCardSchema, parseModelCardInput, roleOfKind } from './model-card.ts';

const sha = 'a'.repeat(64);
const card = {
  name: 'Test',
  version: '1',
  source: 'unit test',
  licence: 'MIT',
  trainingData: 'none',
};

test('a minimal card is completed with the facts the registry establishes', () => {
  const full = completeCard(card, { sha256: sha, role: 'recognizer', kind: 'arcface' });
  assert.deepEqual(full, { ...card, sha256: sha, role: 'recognizer', kind: 'arcface' });
  assert.deepEqual(modelCardSchema.parse(JSON.parse(JSON.stringify(full))), full);
});

test('cards with typos, missing fields or contradictions are refused with every reason', () => {
  assert.throws(() => parseModelCardInput({ ...card, license: 'MIT' }), /unrecognized key.*license|license/i);
  assert.throws(
    () => parseModelCardInput({ name: 'x' }),
    (err: unknown) => {
      assert.ok(err instanceof ModelCardError);
      assert.ok(err.problems.some((p) => p.startsWith('licence:')));
      assert.ok(err.problems.some((p) => p.startsWith('trainingData:')));
      return true;
    },
  );
  assert.throws(
    () =>
      completeCard(
        { ...card, sha256: 'b'.repeat(64), kind: 'yunet' },
        { sha256: sha, role: 'recognizer', kind: 'arcface' },
      ),
    (err: unknown) => {
      assert.ok(err instanceof ModelCardError);
      assert.equal(err.problems.length, 2);
      assert.match(err.message, /card sha256 b+ does not match the file's sha256 a+/);
      return true;
    },
  );
  assert.throws(
    () => completeCard(card, { sha256: sha, role: 'detector', kind: 'arcface' }),
    /arcface model is a recognizer/,
  );
});

test('every catalogue card is valid and hashes are either real hex or null', () => {
  assert.equal(roleOfKind('faceapi-landmarks68'), 'landmarker');
  const names = new Set<string>();
  for (const entry of catalogue) {
    assert.ok(!names.has(entry.name), `duplicate ${entry.name}`);
    names.add(entry.name);
    const parsed = parseModelCardInput(entry.card);
    assert.equal(parsed.kind, entry.kind);
    assert.equal(parsed.role, entry.role);
    assert.equal(roleOfKind(entry.kind), entry.role);
    assert.ok(entry.sha256 === null || /^[0-9a-f]{64}$/.test(entry.sha256));
    if (entry.sha256 !== null && parsed.sha256 !== undefined) assert.equal(parsed.sha256, entry.sha256);
    assert.equal(parsed.licenceRestricted ?? false, entry.licenceRestricted, entry.name);
  }
  for (const name of ['scrfd-10g', 'arcface-r50-webface600k', 'arcface-r100-glint360k']) {
    const entry = findCatalogueEntry(name);
    assert.ok(entry?.licenceRestricted, name);
    assert.match(entry.card.licence, /non-commercial research purposes only/);
  }
  assert.match(findCatalogueEntry('faceapi-resnet')?.card.trainingData ?? '', /about 3 million faces/);
});
