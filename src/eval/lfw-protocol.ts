/**
 * The LFW View-2 verification protocol (pairs.txt) and the per-image gender labels. Pure parsing;
 * see data-files.ts for reading the files. Paths are relative to the data folder.
 */

export interface LfwImage {
  /** Person folder name, e.g. `Abel_Pacheco`. */
  readonly identity: string;
  /** 1-based image number within the person. */
  readonly number: number;
  /** Image name without extension, e.g. `Abel_Pacheco_0001` (the key of the gender labels). */
  readonly name: string;
  /** Relative to the data folder, e.g. `lfw/images/Abel_Pacheco/Abel_Pacheco_0001.jpg`. */
  readonly path: string;
}

export interface LfwPair {
  /** 0-based fold. */
  readonly fold: number;
  /** True for a matched (same person) pair. */
  readonly same: boolean;
  readonly a: LfwImage;
  readonly b: LfwImage;
}

export interface LfwPairs {
  readonly folds: number;
  /** Matched pairs per fold (and as many mismatched). */
  readonly pairsPerKind: number;
  readonly pairs: readonly LfwPair[];
}

export function lfwImage(identity: string, number: number): LfwImage {
  if (!Number.isInteger(number) || number < 1 || number > 9999) throw new RangeError(`bad image number ${number}`);
  const name = `${identity}_${String(number).padStart(4, '0')}`;
  return { identity, number, name, path: `lfw/images/${identity}/${name}.jpg` };
}

function parseNumber(field: string, lineNo: number): number {
  if (!/^\d+$/.test(field)) throw new SyntaxError(`pairs.txt line ${lineNo}: "${field}" is not an image number`);
  return Number(field);
}

/**
 * Parse pairs.txt: a header `<folds> <n>`, then per fold n matched lines `name i j` followed by
 * n mismatched lines `name1 i name2 j` (fields separated by tabs or spaces).
 */
export function parseLfwPairs(text: string): LfwPairs {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const header = (lines[0] ?? '').split(/\s+/);
  if (header.length !== 2) throw new SyntaxError('pairs.txt: header must be "<folds> <pairs per fold>"');
  const folds = parseNumber(header[0] ?? '', 1);
  const perKind = parseNumber(header[1] ?? '', 1);
  const expected = 1 + folds * perKind * 2;
  if (lines.length !== expected) {
    throw new SyntaxError(`pairs.txt: expected ${expected} lines for ${folds} x ${perKind} x 2, found ${lines.length}`);
  }
  const pairs: LfwPair[] = [];
  let index = 1;
  for (let fold = 0; fold < folds; fold++) {
    for (const same of [true, false]) {
      for (let k = 0; k < perKind; k++, index++) {
        const lineNo = index + 1;
        const f = (lines[index] ?? '').split(/\s+/);
        if (same) {
          if (f.length !== 3) throw new SyntaxError(`pairs.txt line ${lineNo}: expected "name i j"`);
          const [name, i, j] = f as [string, string, string];
          pairs.push({
            fold,
            same,
            a: lfwImage(name, parseNumber(i, lineNo)),
            b: lfwImage(name, parseNumber(j, lineNo)),
          });
        } else {
          if (f.length !== 4) throw new SyntaxError(`pairs.txt line ${lineNo}: expected "name1 i name2 j"`);
          const [n1, i, n2, j] = f as [string, string, string, string];
          if (n1 === n2) throw new SyntaxError(`pairs.txt line ${lineNo}: mismatched pair of one person`);
          pairs.push({
            fold,
            same,
            a: lfwImage(n1, parseNumber(i, lineNo)),
            b: lfwImage(n2, parseNumber(j, lineNo)),
          });
        }
      }
    }
  }
  return { folds, pairsPerKind: perKind, pairs };
}

/** The distinct images the pairs use, sorted by path. */
export function uniqueLfwImages(pairs: readonly LfwPair[]): LfwImage[] {
  const byPath = new Map<string, LfwImage>();
  for (const p of pairs) {
    byPath.set(p.a.path, p.a);
    byPath.set(p.b.path, p.b);
  }
  return [...byPath.values()].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

export type Gender = 'male' | 'female';
export type GenderLabel = Gender | 'unknown';

export interface GenderLabels {
  /** Image name (no extension) to label. Images in neither list are absent: use genderOf. */
  readonly labels: ReadonlyMap<string, GenderLabel>;
  /** Images listed as both male and female, labelled 'unknown'. */
  readonly inBoth: readonly string[];
  readonly male: number;
  readonly female: number;
}

function labelNames(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => (l.toLowerCase().endsWith('.jpg') ? l.slice(0, -4) : l));
}

/**
 * Parse the two gender lists (one image file name per line, CRLF tolerated, `.jpg` optional).
 * An image in both lists is 'unknown'; an image in neither is absent (genderOf gives 'unknown').
 */
export function parseGenderLabels(maleText: string, femaleText: string): GenderLabels {
  const males = new Set(labelNames(maleText));
  const females = new Set(labelNames(femaleText));
  const labels = new Map<string, GenderLabel>();
  const inBoth: string[] = [];
  for (const m of males) {
    if (females.has(m)) {
      labels.set(m, 'unknown');
      inBoth.push(m);
    } else labels.set(m, 'male');
  }
  for (const f of females) if (!males.has(f)) labels.set(f, 'female');
  return { labels, inBoth: inBoth.sort(), male: males.size - inBoth.length, female: females.size - inBoth.length };
}

export function genderOf(labels: GenderLabels, imageName: string): GenderLabel {
  return labels.labels.get(imageName) ?? 'unknown';
}

/** The gender group of a pair: 'male-male', 'female-female', 'mixed', or 'unknown' (either unlabelled). */
export function genderGroup(labels: GenderLabels, a: LfwImage, b: LfwImage): string {
  const ga = genderOf(labels, a.name);
  const gb = genderOf(labels, b.name);
  if (ga === 'unknown' || gb === 'unknown') return 'unknown';
  return ga === gb ? `${ga}-${gb}` : 'mixed';
}
