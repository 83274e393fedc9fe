// Sealing at rest: AES-256-GCM blobs bound to their context, the media store, and the media key
// rules (a missing key stops start-up; only a brand-new installation gets a generated key).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ByteCipher, SealedDataError } from './cipher.ts';
import { defaultKeyFile, loadMediaKey, MediaKeyError } from './media-key.ts';
import { MediaNotFoundError, MediaStore } from './media-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-storage-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('ByteCipher', () => {
  const cipher = new ByteCipher(randomBytes(32));

  it('round-trips, and never seals the same plaintext to the same bytes', () => {
    const plain = Buffer.from('a face image');
    const a = cipher.seal(plain, 'media:1');
    const b = cipher.seal(plain, 'media:1');
    assert.notDeepEqual(a, b);
    assert.equal(a.indexOf(plain), -1);
    assert.deepEqual(cipher.open(a, 'media:1'), plain);
  });

  it('refuses altered bytes, another context, and another key', () => {
    const sealed = cipher.seal(Buffer.from('template'), 'template:m1');
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    assert.throws(() => cipher.open(altered, 'template:m1'), SealedDataError);
    assert.throws(() => cipher.open(sealed, 'template:m2'), SealedDataError);
    assert.throws(() => new ByteCipher(randomBytes(32)).open(sealed, 'template:m1'), SealedDataError);
    assert.throws(() => cipher.open(Buffer.from('plaintext'), 'template:m1'), SealedDataError);
  });

  it('seals vectors exactly', () => {
    const v = new Float32Array([0.1, -0.2, 0.3]);
    assert.deepEqual(cipher.openVector(cipher.sealVector(v, 't'), 't'), v);
  });
});

describe('MediaStore', () => {
  it('stores sealed files with owner-only permissions, and deletes them', async () => {
    const store = new MediaStore(join(dir, 'media'), new ByteCipher(randomBytes(32)));
    const bytes = randomBytes(1000);
    const id = await store.put(bytes);
    const [sub] = readdirSync(join(dir, 'media'));
    const file = join(dir, 'media', sub!, id);
    assert.equal(readFileSync(file).indexOf(bytes.subarray(0, 32)), -1);
    assert.equal(statSync(file).mode & 0o077, 0);
    assert.deepEqual(await store.get(id), bytes);
    await store.delete(id);
    await assert.rejects(store.get(id), MediaNotFoundError);
    await assert.rejects(store.get('../../etc/passwd'), MediaNotFoundError);
  });
});

describe('loadMediaKey', () => {
  it('takes VIGIL_MEDIA_KEY first and checks its length', () => {
    const key = randomBytes(32);
    const r = loadMediaKey({
      env: { VIGIL_MEDIA_KEY: key.toString('base64') },
      dataDir: dir,
      freshInstallation: false,
    });
    assert.deepEqual(r.key, key);
    assert.throws(
      () => loadMediaKey({ env: { VIGIL_MEDIA_KEY: 'c2hvcnQ=' }, dataDir: dir, freshInstallation: false }),
      MediaKeyError,
    );
  });

  it('refuses to start an installation that holds data but has lost its key (no plaintext fallback)', () => {
    const dataDir = mkdtempSync(join(dir, 'lost-'));
    assert.throws(
      () => loadMediaKey({ env: {}, dataDir, freshInstallation: false }),
      (e: unknown) => e instanceof MediaKeyError && /never falls back to plaintext/.test(e.message),
    );
    assert.throws(
      () => loadMediaKey({ env: {}, dataDir, keyFile: join(dataDir, 'named.key'), freshInstallation: true }),
      MediaKeyError,
      'a key file named in the configuration must exist',
    );
  });

  it('creates a key file (0600) for a brand-new installation, then reads it', () => {
    const dataDir = mkdtempSync(join(dir, 'fresh-'));
    const created = loadMediaKey({ env: {}, dataDir, freshInstallation: true });
    assert.equal(created.source, 'created');
    assert.equal(statSync(defaultKeyFile(dataDir)).mode & 0o077, 0);
    const again = loadMediaKey({ env: {}, dataDir, freshInstallation: false });
    assert.equal(again.source, 'file');
    assert.deepEqual(again.key, created.key);
    writeFileSync(defaultKeyFile(dataDir), 'not base64 of 32 bytes');
    assert.throws(() => loadMediaKey({ env: {}, dataDir, freshInstallation: false }), MediaKeyError);
  });
});
