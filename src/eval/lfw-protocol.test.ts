import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../shared/paths.ts';
import { loadLfwGenderLabels, loadLfwPairs } from './data-files.ts';
import { genderGroup, genderOf, lfwImage, parseGenderLabels, parseLfwPairs, uniqueLfwImages } from './lfw-protocol.ts';

const dataDir = sharedPath('data');

test('parses a small pairs file and builds padded paths', () => {
  const text = '2\t1\r\nAnn\t1\t12\r\nAnn\t2\tBob\t3\r\nCy 1 2\nDee 4 Ed 1\n';
  const p = parseLfwPairs(text);
  assert.equal(p.folds, 2);
  assert.equal(p.pairs.length, 4);
  assert.deepEqual(p.pairs[0], { fold: 0, same: true, a: lfwImage('Ann', 1), b: lfwImage('Ann', 12) });
  assert.equal(p.pairs[0]?.b.path, 'lfw/images/Ann/Ann_0012.jpg');
  assert.equal(p.pairs[3]?.fold, 1);
  assert.equal(p.pairs[3]?.same, false);
  assert.equal(uniqueLfwImages(p.pairs).length, 8);
  assert.throws(() => parseLfwPairs('1 1\nAnn 1 2\nAnn 1 2\n'), /name1 i name2 j/);
  assert.throws(() => parseLfwPairs('1 1\nAnn 1 2\nAnn 1 Ann 2\n'), /mismatched pair of one person/);
  assert.throws(() => parseLfwPairs('1 1\nAnn 1 2\n'), /expected 3 lines/);
  assert.throws(() => parseLfwPairs('1 1\nAnn x 2\nA 1 B 2\n'), /image number/);
});

test('the real pairs.txt gives 10 folds of 300 matched + 300 mismatched pairs of existing images', async () => {
  const p = await loadLfwPairs(dataDir);
  assert.equal(p.folds, 10);
  assert.equal(p.pairs.length, 6000);
  for (let f = 0; f < 10; f++) {
    const inFold = p.pairs.filter((x) => x.fold === f);
    assert.equal(inFold.length, 600);
    assert.equal(inFold.filter((x) => x.same).length, 300);
  }
  const images = uniqueLfwImages(p.pairs);
  assert.ok(images.length > 7000 && images.length < 12000, `${images.length} unique images`);
  const missing = images.filter((im) => !existsSync(join(dataDir, im.path)));
  assert.deepEqual(missing, []);
});

test('gender labels: CRLF, optional .jpg, images in both or neither are unknown', async () => {
  const small = parseGenderLabels('A_0001.jpg\r\nB_0001.jpg\r\n\r\n', 'B_0001\r\nC_0001.jpg\r\n');
  assert.equal(genderOf(small, 'A_0001'), 'male');
  assert.equal(genderOf(small, 'B_0001'), 'unknown');
  assert.equal(genderOf(small, 'C_0001'), 'female');
  assert.equal(genderOf(small, 'D_0001'), 'unknown');
  assert.deepEqual(small.inBoth, ['B_0001']);

  const labels = await loadLfwGenderLabels(dataDir);
  assert.equal(labels.inBoth.length, 5);
  assert.ok(labels.inBoth.includes('Allison_Searing_0001'), 'the entry without .jpg matches its twin');
  assert.equal(labels.male + labels.female + labels.inBoth.length, 13229);
  assert.equal(labels.male, 10268 - 5);
  assert.equal(labels.female, 2966 - 5);
  for (const name of ['Robert_Evans_0001', 'Robert_Evans_0002', 'Tara_Kirk_0001', 'Yasser_Arafat_0005']) {
    assert.equal(labels.labels.has(name), false);
    assert.equal(genderOf(labels, name), 'unknown');
  }
  assert.equal(genderOf(labels, 'Alfred_Ford_0001'), 'male');
  assert.equal(genderGroup(labels, lfwImage('Alfred_Ford', 1), lfwImage('Tara_Kirk', 1)), 'unknown');
});
