/**
 * Leftover probe uploads (issue 12): a video probe is decoded from a 0600 file under
 * `<dataDir>/tmp` that is deleted when the probe settles (withVideoBytes), but a process that dies
 * mid-probe leaves the plaintext upload behind. The sweep removes what is in that folder and older
 * than `olderThanMs`, at start-up and with each purge. The age keeps it from removing a probe in
 * flight in another process sharing the data volume (a probe's upload lives minutes, not hours).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Older than this, an entry of the probe folder belongs to no probe in flight. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/** The folder video probe uploads are decoded from. */
export function probeTempDir(dataDir: string): string {
  return join(dataDir, 'tmp');
}

/** Removes entries of `dir` last changed more than `olderThanMs` ago; returns how many. A missing folder is none. */
export async function sweepStaleTemp(
  dir: string,
  o: { readonly olderThanMs?: number; readonly now?: Date } = {},
): Promise<number> {
  const cutoff = (o.now ?? new Date()).getTime() - (o.olderThanMs ?? STALE_TEMP_MS);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const s = await stat(path).catch(() => undefined);
    if (!s || s.mtimeMs > cutoff) continue;
    await rm(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
