/**
 * Filesystem helpers for the model registry: hash-while-copying into a temporary file beside the
 * destination, atomic JSON writes, and whole-file hashing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file copied into the store's directory under a temporary name, not yet committed. */
export interface StagedFile {
  readonly tempPath: string;
  readonly sha256: string;
  readonly bytes: number;
}

export class FileTooLargeError extends Error {
  constructor(limit: number) {
    super(`file exceeds the limit of ${limit} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** Names of temporary files begin with this, so a crash leaves recognisable debris. */
export const tempPrefix = '.incoming-';

export function tempPathIn(dir: string, suffix: string): string {
  return join(dir, `${tempPrefix}${randomUUID()}${suffix}`);
}

/**
 * Streams `source` into a new temporary file in `dir`, hashing as it goes. The temporary file is
 * removed again if anything fails (including exceeding `maxBytes`).
 */
export async function stageStream(dir: string, source: Readable, maxBytes: number): Promise<StagedFile> {
  const tempPath = tempPathIn(dir, '.part');
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        callback(new FileTooLargeError(maxBytes));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(tempPath, { flags: 'wx' }));
    await fsyncFile(tempPath);
  } catch (err) {
    await rm(tempPath, { force: true });
    throw err;
  }
  return { tempPath, sha256: hash.digest('hex'), bytes };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a file by writing a temporary sibling, syncing it and renaming it over the target. */
export async function writeFileAtomic(dir: string, name: string, contents: string): Promise<void> {
  const tempPath = tempPathIn(dir, '.tmp');
  try {
    const handle = await open(tempPath, 'wx');
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, join(dir, name));
  } catch (err) {
    await rm(tempPath, { force: true });
    throw err;
  }
}
