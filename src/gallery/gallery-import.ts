/**
 * Bulk enrolment from a folder and its manifest. Resumable: each image's import key is its
 * reference and content hash, enrolled in the same transaction as the image, so a re-run after a
 * crash (even `kill -9`) skips what is done and enrols the rest exactly once. A bad file is
 * reported with its line and reason and skipped; the import goes on.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { FaceChoiceError } from '../faces/face-choice.ts';
import { ImageError } from '../faces/image-decode.ts';
import type { Accessor } from '../governance/authorise.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { GalleryService, PossibleDuplicate } from './gallery.service.ts';
import type { ManifestRow } from './import-manifest.ts';

export interface ImportProblem {
  readonly line: number;
  readonly file: string;
  readonly code: string;
  readonly message: string;
}

export interface ImportProgress {
  readonly done: number;
  readonly total: number;
  readonly enrolled: number;
  readonly skipped: number;
  readonly refused: number;
  readonly elapsedMs: number;
}

/** An enrolled image whose face reaches the match threshold against other subjects: a person should check. */
export interface ImportDuplicate {
  readonly line: number;
  readonly file: string;
  /** The reference it was enrolled under. */
  readonly reference: string;
  /** The existing subjects it resembles, best first. */
  readonly resembles: readonly PossibleDuplicate[];
}

export interface ImportSummary extends ImportProgress {
  /** Refusals by code (quality-gate, no-face, corrupt, unreadable, ...). */
  readonly refusedBy: Readonly<Record<string, number>>;
  /** Each refused file with its reason, in manifest order (issue 15). */
  readonly refusals: readonly ImportProblem[];
  /** How many images flagged a possible duplicate subject. */
  readonly possibleDuplicates: number;
  /** Which ones, and whom they resemble, in manifest order. */
  readonly duplicates: readonly ImportDuplicate[];
  /** Images enrolled per second of this run. */
  readonly imagesPerSecond: number;
}

export interface ImportOptions {
  readonly folder: string;
  readonly rows: readonly ManifestRow[];
  readonly gallery: Pick<GalleryService, 'createSubject' | 'addImages' | 'listSubjects' | 'authoriseEnrolment'> & {
    subjectIdByReference(reference: string): Promise<string | undefined>;
  };
  /** Who is importing: an authenticated user holding gallery:enrol (checked before the first row, R30). */
  readonly who: Accessor;
  readonly maxImageBytes: number;
  /** Subjects enrolled at once (each subject's images go in order). */
  readonly concurrency: number;
  readonly onProgress?: (p: ImportProgress) => void;
  readonly onProblem?: (p: ImportProblem) => void;
}

export function importKey(reference: string, bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}:${reference}`;
}

/** What went wrong with one image, as a code and a message (anything else is a fault and stops the import). */
function classify(err: unknown): { code: string; message: string } | undefined {
  // A refusal of the importer (not of one image) stops the import.
  if (err instanceof DomainError && err.kind === 'forbidden') return undefined;
  if (err instanceof DomainError) return { code: err.code, message: err.message };
  if (err instanceof ImageError) return { code: err.code, message: err.message };
  if (err instanceof FaceChoiceError) return { code: err.code, message: err.message };
  return undefined;
}

async function readImage(folder: string, file: string, maxBytes: number): Promise<Uint8Array> {
  const path = resolve(folder, file);
  const rel = relative(folder, path);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new DomainError('invalid', 'outside-folder', `${file} is outside the import folder`);
  }
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DomainError('invalid', 'unreadable', code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`);
  }
  if (size > maxBytes) throw new DomainError('invalid', 'too-many-bytes', `${size} bytes; the limit is ${maxBytes}`);
  return new Uint8Array(await readFile(path));
}

const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;

export async function importGallery(o: ImportOptions): Promise<ImportSummary> {
  await o.gallery.authoriseEnrolment(o.who);
  const started = Date.now();
  const groups = new Map<string, ManifestRow[]>();
  for (const row of o.rows) groups.set(row.reference, [...(groups.get(row.reference) ?? []), row]);
  const refusedBy: Record<string, number> = {};
  let done = 0;
  let enrolled = 0;
  let skipped = 0;
  let refused = 0;
  const refusals: ImportProblem[] = [];
  const duplicates: ImportDuplicate[] = [];
  const progress = (): ImportProgress => ({
    done,
    total: o.rows.length,
    enrolled,
    skipped,
    refused,
    elapsedMs: Date.now() - started,
  });

  const enrolRow = async (row: ManifestRow): Promise<void> => {
    try {
      const bytes = await readImage(o.folder, row.file, o.maxImageBytes);
      const image = {
        bytes,
        source: row.source,
        legalBasis: row.legal_basis,
        reason: row.reason,
        captureDate: row.capture_date,
        faceIndex: row.face_index,
        importKey: importKey(row.reference, bytes),
      };
      const subjectId = await o.gallery.subjectIdByReference(row.reference);
      const result = subjectId
        ? await o.gallery.addImages(subjectId, [image], o.who)
        : await o.gallery.createSubject(
            {
              reference: row.reference,
              displayName: row.display_name,
              category: row.category,
              dateOfBirth: row.date_of_birth,
              images: [image],
            },
            o.who,
          );
      enrolled += result.images.length;
      skipped += result.alreadyEnrolled;
      if (result.possibleDuplicates.length > 0) {
        duplicates.push({
          line: row.line,
          file: row.file,
          reference: row.reference,
          resembles: result.possibleDuplicates,
        });
      }
    } catch (err) {
      const problem = classify(err);
      if (!problem) throw err;
      refused++;
      refusedBy[problem.code] = (refusedBy[problem.code] ?? 0) + 1;
      const refusal = { line: row.line, file: row.file, ...problem };
      refusals.push(refusal);
      o.onProblem?.(refusal);
    }
    done++;
    o.onProgress?.(progress());
  };

  const queue = [...groups.values()];
  const worker = async (): Promise<void> => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const row of group) await enrolRow(row);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  const final = progress();
  return {
    ...final,
    refusedBy,
    refusals: refusals.sort(byLine),
    possibleDuplicates: duplicates.length,
    duplicates: duplicates.sort(byLine),
    imagesPerSecond: final.elapsedMs > 0 ? (enrolled * 1000) / final.elapsedMs : 0,
  };
}
