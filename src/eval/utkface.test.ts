import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../shared/paths.ts';
import { loadUtkIndex } from './data-files.ts';
import { parseUtkFileName, parseUtkIndex, utkCells } from './utkface.ts';

test('UTKFace file names carry age, gender and race', () => {
  assert.deepEqual(parseUtkFileName('26_1_3_20170119180000000.jpg.chip.jpg'), {
    age: 26,
    gender: 'female',
    race: 'indian',
  });
  assert.equal(parseUtkFileName('26_1_20170119180000000.jpg.chip.jpg'), null);
  assert.equal(parseUtkFileName('26_2_0_1.jpg.chip.jpg'), null);
});

test('an index row whose folders disagree with its file name is rejected', () => {
  const head = 'gender_folder,race_folder,filename\n';
  assert.equal(parseUtkIndex(head + 'males,other,30_0_4_1.jpg.chip.jpg\n')[0]?.race, 'other');
  assert.throws(() => parseUtkIndex(head + 'females,white,30_0_0_1.jpg.chip.jpg\n'), /disagree/);
  assert.throws(() => parseUtkIndex('a,b,c\n'), /header/);
});

test('the balanced index gives 10 cells of 200 existing images', async () => {
  const dataDir = sharedPath('data');
  const index = await loadUtkIndex(dataDir);
  assert.equal(index.length, 2000);
  const cells = utkCells(index);
  assert.equal(cells.length, 10);
  for (const c of cells) assert.equal(c.images.length, 200, `${c.gender} ${c.race}`);
  assert.deepEqual(
    index.filter((im) => !existsSync(join(dataDir, im.path))),
    [],
  );
});
