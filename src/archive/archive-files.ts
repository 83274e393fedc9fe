/** Finding the image and video files of a folder (recursively) and hashing them, streaming. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ArchiveFileKind } from '../db/tables/archive.ts';

const imageExtensions = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff', '.avif']);
const videoExtensions = new Set([
  '.mp4',
  '.m4v',
  '.mov',
  '.avi',
  '.mkv',
  '.webm',
  '.mpg',
  '.mpeg',
  '.ts',
  '.mts',
  '.wmv',
  '.flv',
  '.3gp',
  '.gif',
]);

/** The kind of file by its extension; undefined for anything else (skipped by a scan). */
export function archiveKindOf(path: string): ArchiveFileKind | undefined {
  const ext = extname(path).toLowerCase();
  if (imageExtensions.has(ext)) return 'image';
  if (videoExtensions.has(ext)) return 'video';
  return undefined;
}

export interface FoundFile {
  readonly path: string;
  readonly kind: ArchiveFileKind;
}

/** Every image and video file under `folder`, sorted by path; hidden entries are skipped; symlinks followed. */
export async function listArchiveFiles(folder: string): Promise<{ files: FoundFile[]; ignored: number }> {
  const files: FoundFile[] = [];
  let ignored = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile() || e.isSymbolicLink()) {
        const kind = archiveKindOf(path);
        if (kind) files.push({ path, kind });
        else ignored++;
      }
    }
  };
  await walk(folder);
  return { files, ignored };
}

/** SHA-256 of a file, hex, read as a stream; also its size. */
export function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    createReadStream(path)
      .on('data', (chunk) => {
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += b.length;
        hash.update(b);
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: hash.digest('hex'), size }));
  });
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
