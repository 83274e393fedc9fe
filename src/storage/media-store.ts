/**
 * Images and other media at rest: each item sealed (AES-256-GCM, see cipher.ts) in its own file
 * under `<dataDir>/media/<2 hex>/<id>`, written to a temporary name and renamed so a crash never
 * leaves a half-written item under a real id. The id is bound into the seal, so swapping two files
 * fails authentication instead of serving the wrong image.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteCipher } from './cipher.ts';

export class MediaNotFoundError extends Error {
  constructor(readonly mediaId: string) {
    super(`media ${mediaId} does not exist (deleted or never stored)`);
    this.name = 'MediaNotFoundError';
  }
}

const ID_PATTERN = /^[0-9a-f-]{36}$/;

export class MediaStore {
  constructor(
    private readonly root: string,
    private readonly cipher: ByteCipher,
  ) {}

  static dir(dataDir: string): string {
    return join(dataDir, 'media');
  }

  async put(bytes: Uint8Array): Promise<string> {
    const id = randomUUID();
    const dir = join(this.root, id.slice(0, 2));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.${id}.tmp`);
    await writeFile(tmp, this.cipher.seal(bytes, `media:${id}`), { mode: 0o600 });
    await rename(tmp, join(dir, id));
    return id;
  }

  async get(id: string): Promise<Buffer> {
    let sealed: Buffer;
    try {
      sealed = await readFile(this.path(id));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new MediaNotFoundError(id);
      throw err;
    }
    return this.cipher.open(sealed, `media:${id}`);
  }

  /** Removes the item; removing one that is already gone is not an error. */
  async delete(id: string): Promise<void> {
    await rm(this.path(id), { force: true });
  }

  private path(id: string): string {
    if (!ID_PATTERN.test(id)) throw new MediaNotFoundError(id);
    return join(this.root, id.slice(0, 2), id);
  }
}
