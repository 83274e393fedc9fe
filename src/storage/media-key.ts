/**
 * The key that seals biometric data at rest. From VIGIL_MEDIA_KEY (base64 of 32 bytes) or a key
 * file (`keyFile` in the configuration; default `<dataDir>/secrets/media.key`). A missing key is a
 * start-up error, never a plaintext fallback, with one exception: a brand-new installation (no
 * database yet) gets a freshly generated key file, created 0600, and is told where it is so an
 * operator can move it off the data volume.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KEY_BYTES } from './cipher.ts';

export class MediaKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaKeyError';
  }
}

export interface MediaKeyOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly dataDir: string;
  readonly keyFile?: string | undefined;
  /** True only when the installation holds no data yet (no database): then a key may be created. */
  readonly freshInstallation: boolean;
}

export interface LoadedMediaKey {
  readonly key: Buffer;
  readonly source: 'environment' | 'file' | 'created';
  readonly location: string;
}

export function defaultKeyFile(dataDir: string): string {
  return join(dataDir, 'secrets', 'media.key');
}

function decode(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== trimmed.replace(/\s+/g, '')) {
    throw new MediaKeyError(`${where} must hold ${KEY_BYTES} bytes as base64 (openssl rand -base64 32)`);
  }
  return key;
}

export function loadMediaKey(o: MediaKeyOptions): LoadedMediaKey {
  const fromEnv = o.env['VIGIL_MEDIA_KEY'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return { key: decode(fromEnv, 'VIGIL_MEDIA_KEY'), source: 'environment', location: 'VIGIL_MEDIA_KEY' };
  }
  const file = o.keyFile ?? defaultKeyFile(o.dataDir);
  if (existsSync(file)) return { key: decode(readFileSync(file, 'utf8'), file), source: 'file', location: file };
  if (o.keyFile !== undefined || !o.freshInstallation) {
    throw new MediaKeyError(
      `no media key: ${file} does not exist and VIGIL_MEDIA_KEY is not set. Images and templates are ` +
        'encrypted with it; restore the key file (or set VIGIL_MEDIA_KEY) to start. Vigil never falls back to plaintext.',
    );
  }
  const key = randomBytes(KEY_BYTES);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, source: 'created', location: file };
}
