import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

const empty = mkdtempSync(join(tmpdir(), 'vigil-config-'));

test('defaults need no file and no environment', () => {
  const c = loadConfig({}, empty);
  assert.equal(c.pack, 'default');
  assert.equal(c.dataDir, join(empty, 'data'));
  assert.equal(c.quality.minInterOcularPx, 24);
  assert.equal(c.operatingFmr, '1e-3');
});

test('the file overrides defaults and the environment overrides the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  writeFileSync(
    join(dir, 'vigil.config.json'),
    JSON.stringify({ pack: 'default-tiny', quality: { minInterOcularPx: 40 } }),
  );
  const c = loadConfig({ VIGIL_DATA_DIR: '/srv/vigil' }, dir);
  assert.equal(c.pack, 'default-tiny');
  assert.equal(c.quality.minInterOcularPx, 40);
  assert.equal(c.quality.maxAbsYawDeg, 40, 'other gates keep their defaults');
  assert.equal(c.dataDir, '/srv/vigil');
});

test('a bad value stops with a message that names it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  writeFileSync(join(dir, 'vigil.config.json'), JSON.stringify({ workers: -1 }));
  assert.throws(
    () => loadConfig({}, dir),
    (e: unknown) => e instanceof ConfigError && /workers/.test(e.message),
  );
  writeFileSync(join(dir, 'vigil.config.json'), '{ not json');
  assert.throws(() => loadConfig({}, dir), /not valid JSON/);
  assert.throws(() => loadConfig({ VIGIL_CONFIG: join(dir, 'missing.json') }, dir), /does not exist/);
});
