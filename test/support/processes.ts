/**
 * Support for the tests that run Vigil as several processes on real PostgreSQL and Redis
 * (test/scale-out*.test.ts): a fresh database and queue prefix each, `vigil serve --role ...`
 * processes whose listening address is read from their log, and a bounded wait.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { BullJobQueue } from '../../src/jobs/bullmq-queue.ts';
import { repoRoot } from '../../src/shared/paths.ts';

export const redisUrl = process.env['VIGIL_TEST_REDIS_URL'];
export const postgresUrl = process.env['VIGIL_TEST_POSTGRES_URL'];
export const needsServices =
  !redisUrl || !postgresUrl
    ? 'needs VIGIL_TEST_REDIS_URL and VIGIL_TEST_POSTGRES_URL (PostgreSQL and Redis; .ci/run sets both)'
    : false;

/** What a test must undo: processes to kill and cleanups to run, newest first. */
export class Teardown {
  readonly children: ChildProcess[] = [];
  private readonly cleanups: (() => Promise<void>)[] = [];

  push(cleanup: () => Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  async run(): Promise<void> {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const f of this.cleanups.reverse()) await f().catch(() => undefined);
  }
}

/** A new PostgreSQL database and Redis key prefix, both removed at teardown. */
export async function freshDatabaseAndQueue(
  teardown: Teardown,
  name: string,
): Promise<{ dbUrl: string; prefix: string }> {
  const dbName = `vigil_${name}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  teardown.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(postgresUrl!);
  url.pathname = `/${dbName}`;
  const prefix = `vigil-test-${randomBytes(5).toString('hex')}`;
  teardown.push(async () => {
    const q = new BullJobQueue({ url: redisUrl!, prefix });
    await q.obliterate();
    await q.close();
  });
  return { dbUrl: url.toString(), prefix };
}

export interface VigilProcess {
  readonly child: ChildProcess;
  /** Where it listens, once its log says so; rejects if it exits first. */
  readonly url: Promise<string>;
  readonly exited: Promise<number | null>;
  /** Everything it has printed so far. */
  output(): string;
}

/** `vigil serve --role <role> --port 0 ...args`, killed at teardown if still running. */
export function startVigilProcess(
  teardown: Teardown,
  role: string,
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
): VigilProcess {
  const child = spawn(process.execPath, ['bin/vigil.mjs', 'serve', '--role', role, '--port', '0', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  teardown.children.push(child);
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Vigil listening at (http:\/\/[^\s)]+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the ${role} process exited (${code}) before listening:\n${out}`)));
  });
  url.catch(() => undefined);
  return { child, url, exited: new Promise((r) => child.on('exit', (code) => r(code))), output: () => out };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it answers something other than undefined; throws after `ms`. */
export async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}
