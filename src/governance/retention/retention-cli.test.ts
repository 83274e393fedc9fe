// `vigil retention purge [--dry-run] | holds | runs | policy` against a real data directory (R19).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { localActor } from '../../cli/principal.ts';
import { openDatabase } from '../../db/database.ts';
import { ByteCipher } from '../../storage/cipher.ts';
import { MediaNotFoundError, MediaStore } from '../../storage/media-store.ts';
import { seedAlert, seedDeployment, type TestMedia } from '../../../test/support/retention.ts';

const bin = fileURLToPath(new URL('../../../bin/vigil.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vigil-retention-cli-'));
const dataDir = join(root, 'data');
const key = randomBytes(32);
after(() => rmSync(root, { recursive: true, force: true }));

function vigil(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const config = join(root, 'config.json');
  writeFileSync(config, '{}');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIL_DATA_DIR: dataDir,
    VIGIL_CONFIG: config,
    VIGIL_MEDIA_KEY: key.toString('base64'),
  };
  for (const k of ['DATABASE_URL', 'VIGIL_KEY_FILE']) delete env[k];
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, cwd: root }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('vigil retention (R19)', () => {
  it('a dry run changes nothing; a purge deletes what is due and is listed in the runs', async () => {
    const store = new MediaStore(MediaStore.dir(dataDir), new ByteCipher(key));
    const media: TestMedia = {
      store,
      put: (label) => store.put(Buffer.from(label)),
      exists: (id) =>
        store.get(id).then(
          () => true,
          (err: unknown) => (err instanceof MediaNotFoundError ? false : Promise.reject(err)),
        ),
      close: () => undefined,
    };
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const database = await openDatabase({ dataDir });
    let old, recent;
    try {
      const deployment = await seedDeployment(database.db);
      // The default window is 24 hours: 25 hours is past it, 23 is not.
      old = await seedAlert(database.db, media, deployment, { createdAt: hoursAgo(25) });
      recent = await seedAlert(database.db, media, deployment, { createdAt: hoursAgo(23) });
    } finally {
      await database.close();
    }

    const dry = await vigil(['retention', 'purge', '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr + dry.stdout);
    const preview = JSON.parse(dry.stdout) as { dryRun: boolean; items: { alertImages: string[] } };
    assert.deepEqual([preview.dryRun, preview.items.alertImages], [true, [old.id]]);
    assert.equal(await media.exists(old.probeMediaId), true);

    // An offline administrative job: recorded as the explicit local principal, never a name from a flag.
    const run = await vigil(['retention', 'purge', '--json']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const result = JSON.parse(run.stdout) as { status: string; actor: string; counts: { alertImages: object } };
    assert.deepEqual(
      [result.status, result.actor, result.counts.alertImages],
      ['completed', localActor(), { records: 1, media: 2 }],
    );
    assert.equal(await media.exists(old.probeMediaId), false);
    assert.equal(await media.exists(recent.probeMediaId), true);

    const runs = await vigil(['retention', 'runs']);
    assert.equal(runs.code, 0, runs.stderr);
    assert.match(runs.stdout, /completed\s+manual\s+by local:\S+: 1 item\(s\), 2\/2 file\(s\) deleted/);
    const holds = await vigil(['retention', 'holds', '--json']);
    assert.deepEqual(JSON.parse(holds.stdout), { holds: [] });
    const policy = await vigil(['retention', 'policy']);
    assert.match(policy.stdout, /alertImages: 24 hours from the alert/);
    assert.match(policy.stdout, /never purged: audit/);
  });
});
