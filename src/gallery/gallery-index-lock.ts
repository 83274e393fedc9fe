/**
 * One writer of the gallery index files (issue 14): the process that opens the index as its
 * writer (the embedded server, or a command run while no server is) holds `<dataDir>/gallery-index.lock`
 * for as long as the index is open. Any other process on the same data folder, such as
 * `vigil gallery import` while the server runs, finds the lock held and opens the index as a replica
 * (gallery-index-replica.ts) that never writes index files; the writer catches up with the database
 * (gallery-index-writer.ts).
 *
 * The lock is a file created exclusively (O_EXCL) naming its holder (process id, host, a random
 * token). The holder touches it every `heartbeatMs`; a lock whose heartbeat is older than `staleMs`,
 * or whose process on this host no longer exists (killed with SIGKILL, a power cut), is stale and
 * taken over. The holder checks at each heartbeat, and before each save, that the file still names
 * its token: a lock lost (taken over after a pause longer than `staleMs`) stops its saves.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../shared/domain-error.ts';

/** Beside the index folder, not in it: backups copy the index folder, and a lock must not travel with it. */
export const INDEX_LOCK_FILE = 'gallery-index.lock';
export const DEFAULT_LOCK_STALE_MS = 30_000;
export const DEFAULT_LOCK_HEARTBEAT_MS = 5_000;

export interface IndexLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly since: string;
}

export interface IndexLock {
  readonly path: string;
  readonly holder: IndexLockHolder;
  /** Whether the lock file still names this holder (false once lost or released). */
  held(): Promise<boolean>;
  /** Stops the heartbeat and removes the file if it is still this holder's. */
  release(): Promise<void>;
}

export interface IndexLockOptions {
  readonly staleMs?: number;
  readonly heartbeatMs?: number;
  /** The lock was found lost at a heartbeat (for the log). */
  readonly onLost?: (holder: IndexLockHolder | null) => void;
}

export const indexLockPath = (dataDir: string): string => join(dataDir, INDEX_LOCK_FILE);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<{ holder: IndexLockHolder | null; ageMs: number } | null> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, { mtimeMs }] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let holder: IndexLockHolder | null = null;
  try {
    const h = JSON.parse(text) as Partial<IndexLockHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string')
      holder = { pid: h.pid, host: h.host, token: h.token, since: String(h.since ?? '') };
  } catch {
    // A file half-written by a holder that died: stale once its age says so.
  }
  return { holder, ageMs: Date.now() - mtimeMs };
}

/** The live holder of the data folder's index lock, or null when there is none (or it is stale). */
export async function indexLockHolder(
  dataDir: string,
  options: Pick<IndexLockOptions, 'staleMs'> = {},
): Promise<IndexLockHolder | null> {
  const found = await readHolder(indexLockPath(dataDir));
  if (!found) return null;
  if (found.ageMs > (options.staleMs ?? DEFAULT_LOCK_STALE_MS)) return null;
  const h = found.holder;
  if (h && h.host === hostname() && !alive(h.pid)) return null;
  // A lock file being written right now (not parsed yet) is held by someone unknown.
  return h ?? { pid: 0, host: 'unknown', token: '', since: '' };
}

/** Whether `err` is the refusal of acquireIndexLock because another process holds the lock. */
export const isIndexLockHeld = (err: unknown): boolean =>
  err instanceof DomainError && err.code === 'gallery-index-held';

/** Takes the data folder's index lock, or refuses (conflict, `gallery-index-held`) while a live process holds it. */
export async function acquireIndexLock(dataDir: string, options: IndexLockOptions = {}): Promise<IndexLock> {
  const path = indexLockPath(dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const holder: IndexLockHolder = {
    pid: process.pid,
    host: hostname(),
    token: randomBytes(12).toString('hex'),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = await indexLockHolder(dataDir, options);
      if (other || attempt > 0) {
        const who = other ? `process ${other.pid} on ${other.host} since ${other.since}` : 'another process';
        throw new DomainError(
          'conflict',
          'gallery-index-held',
          `the gallery index of ${dataDir} is held by ${who}: only that process writes the index files`,
          other ? { pid: other.pid, host: other.host, since: other.since } : undefined,
        );
      }
      await rm(path, { force: true }); // stale: taken over
    }
  }
  const mine = async (): Promise<boolean> => (await readHolder(path))?.holder?.token === holder.token;
  let released = false;
  let lost = false;
  const heartbeat = async (): Promise<void> => {
    if (released || lost) return;
    if (!(await mine())) {
      lost = true;
      options.onLost?.((await readHolder(path))?.holder ?? null);
      return;
    }
    const now = new Date();
    await utimes(path, now, now);
  };
  const timer = setInterval(
    () => void heartbeat().catch(() => undefined),
    options.heartbeatMs ?? DEFAULT_LOCK_HEARTBEAT_MS,
  );
  timer.unref();
  // Two processes taking over the same stale lock at once: the one whose token is not there has lost.
  if (!(await mine())) {
    clearInterval(timer);
    throw new DomainError(
      'conflict',
      'gallery-index-held',
      `the gallery index of ${dataDir} was taken by another process`,
    );
  }
  return {
    path,
    holder,
    held: async () => !released && !lost && (await mine()),
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (await mine()) await rm(path, { force: true });
    },
  };
}
