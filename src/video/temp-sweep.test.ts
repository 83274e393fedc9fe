// Issue 12: a probe's plaintext upload left in <dataDir>/tmp by a crash is removed at start-up
// and by the purge; a fresh one (a probe in flight elsewhere) is kept.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { enhanceProbe, videoProbeAnalyser } from '../app/media-adapters.ts';
import { openServices } from '../app/services.ts';
import { openTestServices } from '../../test/support/services.ts';
import { configSchema } from '../app/config.ts';
import { openDatabase } from '../db/database.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { builtInPacks } from '../faces/packs.ts';
import { loadCalibrations } from '../faces/thresholds.ts';
import { probeTempDir, STALE_TEMP_MS, sweepStaleTemp } from './temp-sweep.ts';

/** A crashed probe's folder with its upload, last changed `ageMs` ago. */
function leftover(dataDir: string, name: string, ageMs: number): string {
  const folder = join(probeTempDir(dataDir), name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'upload'), 'plaintext video', { mode: 0o600 });
  const at = new Date(Date.now() - ageMs);
  utimesSync(join(folder, 'upload'), at, at);
  utimesSync(folder, at, at);
  return folder;
}

async function stubEngine(): Promise<FaceEngine> {
  const [pack] = await builtInPacks();
  return { pack, analyse: () => Promise.reject(new Error('unused')) } as unknown as FaceEngine;
}

describe('leftover probe uploads (issue 12)', () => {
  it('the sweep removes what is older than the limit and keeps what is fresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sweep-'));
    const old = leftover(dir, 'vigil-video-old', STALE_TEMP_MS + 60_000);
    const fresh = leftover(dir, 'vigil-video-fresh', 1000);
    assert.equal(await sweepStaleTemp(probeTempDir(dir)), 1);
    assert.ok(!existsSync(old));
    assert.ok(existsSync(fresh), 'a probe in flight is not touched');
    assert.equal(await sweepStaleTemp(join(dir, 'nothing-here')), 0);
  });

  it('opening the services (start-up) removes a stale upload', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-startup-'));
    const old = leftover(dataDir, 'vigil-video-crashed', STALE_TEMP_MS + 60_000);
    const engine = await stubEngine();
    const config = configSchema.parse({ dataDir });
    const s = await openServices({
      config,
      env: { VIGIL_MEDIA_KEY: randomBytes(32).toString('base64') },
      engine,
      calibrations: () => loadCalibrations(),
      analyseVideo: videoProbeAnalyser(engine, config),
      enhance: enhanceProbe(config),
      database: await openDatabase({ dataDir }),
      indexSaveEveryMs: 0,
    });
    try {
      assert.ok(!existsSync(old), 'removed at start-up');
    } finally {
      await s.close();
    }
  });

  it('a purge run removes a stale upload and says so', async () => {
    const s = await openTestServices(await openDatabase({ sqliteFile: ':memory:' }), await stubEngine());
    try {
      const old = leftover(s.dataDir, 'vigil-video-crashed', STALE_TEMP_MS + 60_000);
      const run = await s.retention.purge({ actor: 'dpo' });
      assert.equal(run.tempFilesRemoved, 1);
      assert.ok(!existsSync(old));
    } finally {
      await s.close();
    }
  });
});
