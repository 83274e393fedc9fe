/** Reading the evaluation label files from the data folder (`../shared/data` by default). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sharedPath } from '../shared/paths.ts';
import { parseGenderLabels, parseLfwPairs } from './lfw-protocol.ts';
import type { GenderLabels, LfwPairs } from './lfw-protocol.ts';
import { parseUtkIndex } from './utkface.ts';
import type { UtkImage } from './utkface.ts';

export function defaultDataDir(): string {
  return sharedPath('data');
}

export async function loadLfwPairs(dataDir: string): Promise<LfwPairs> {
  return parseLfwPairs(await readFile(join(dataDir, 'lfw', 'pairs.txt'), 'utf8'));
}

export async function loadLfwGenderLabels(dataDir: string): Promise<GenderLabels> {
  const dir = join(dataDir, 'lfw', 'labels');
  const [male, female] = await Promise.all([
    readFile(join(dir, 'lfw_gender_male_names.txt'), 'utf8'),
    readFile(join(dir, 'lfw_gender_female_names.txt'), 'utf8'),
  ]);
  return parseGenderLabels(male, female);
}

export async function loadUtkIndex(dataDir: string): Promise<UtkImage[]> {
  return parseUtkIndex(await readFile(join(dataDir, 'utkface', 'balanced_index.csv'), 'utf8'));
}
