/**
 * The UTKFace balanced index (`utkface/balanced_index.csv`): 200 images per gender x race cell,
 * labels in the file name `<age>_<gender 0=m,1=f>_<race 0..4>_<time>.jpg.chip.jpg`. Pure parsing.
 */
import { z } from 'zod';
import type { Gender } from './lfw-protocol.ts';

/** Race labels in UTKFace code order (0 white, 1 black, 2 asian, 3 indian, 4 other). */
export const RACES = ['white', 'black', 'asian', 'indian', 'other'] as const;
export type Race = (typeof RACES)[number];
export const GENDERS: readonly Gender[] = ['male', 'female'];

export interface UtkImage {
  readonly file: string;
  /** Relative to the data folder: `utkface/images/<file>`. */
  readonly path: string;
  readonly age: number;
  readonly gender: Gender;
  readonly race: Race;
}

const FILE_NAME = /^(\d{1,3})_([01])_([0-4])_(\d+)\.jpg\.chip\.jpg$/;

export function parseUtkFileName(file: string): { age: number; gender: Gender; race: Race } | null {
  const m = FILE_NAME.exec(file);
  if (!m) return null;
  const race = RACES[Number(m[3])];
  if (race === undefined) return null;
  return { age: Number(m[1]), gender: m[2] === '0' ? 'male' : 'female', race };
}

const rowSchema = z.object({
  gender_folder: z.enum(['males', 'females']),
  race_folder: z.enum(RACES),
  filename: z.string().regex(FILE_NAME),
});

/**
 * Parse the index CSV (columns gender_folder, race_folder, filename; no quoting). Labels come from
 * the file name; a row whose folder columns disagree with its file name is an error.
 */
export function parseUtkIndex(csv: string): UtkImage[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const want = ['gender_folder', 'race_folder', 'filename'];
  if (header.join(',') !== want.join(','))
    throw new SyntaxError(`balanced_index.csv: header must be ${want.join(',')}`);
  const seen = new Set<string>();
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const row = rowSchema.parse({ gender_folder: cells[0], race_folder: cells[1], filename: cells[2] });
    if (cells.length !== 3) throw new SyntaxError(`balanced_index.csv line ${i + 2}: expected 3 columns`);
    const labels = parseUtkFileName(row.filename);
    if (!labels) throw new SyntaxError(`balanced_index.csv line ${i + 2}: bad file name ${row.filename}`);
    const folderGender: Gender = row.gender_folder === 'males' ? 'male' : 'female';
    if (labels.gender !== folderGender || labels.race !== row.race_folder) {
      throw new SyntaxError(`balanced_index.csv line ${i + 2}: folder columns disagree with ${row.filename}`);
    }
    if (seen.has(row.filename)) throw new SyntaxError(`balanced_index.csv line ${i + 2}: duplicate ${row.filename}`);
    seen.add(row.filename);
    return { file: row.filename, path: `utkface/images/${row.filename}`, ...labels };
  });
}

export interface UtkCell {
  readonly gender: Gender;
  readonly race: Race;
  readonly images: readonly UtkImage[];
}

/** The 10 gender x race cells in fixed order (male first, races in code order), empty ones included. */
export function utkCells(images: readonly UtkImage[]): UtkCell[] {
  return GENDERS.flatMap((gender) =>
    RACES.map((race) => ({ gender, race, images: images.filter((im) => im.gender === gender && im.race === race) })),
  );
}
