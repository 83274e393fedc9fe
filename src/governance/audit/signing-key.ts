/**
 * The server's Ed25519 key that signs audit anchors and witness lines. A PEM (PKCS#8) file, by
 * default `<dataDir>-audit/audit-signing.key`: beside the data folder, not in it, so that a copy of
 * the data folder (or whoever owns the database file) does not also hold the key that could
 * re-sign a rewritten chain. A key at the old default `<dataDir>/secrets/audit-signing.key` still
 * loads (`legacyLocation` is then set: move it). The rules follow the media key's (storage/media-key.ts):
 * a key is created, 0600, only on a fresh installation (here: no audit entries or anchors yet) and
 * only at the default path; an installation that has audit entries but no key is told so plainly,
 * never given a new key that would make its anchors unverifiable.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Queryable } from '../../db/database.ts';
import { AuditError } from './audit-hash.ts';

export interface AuditSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** SPKI PEM of the public key: what an outside party keeps to check anchors. */
  readonly publicKeyPem: string;
  /** First 16 hex digits of sha256 over the public key's SPKI DER. */
  readonly keyId: string;
  readonly source: 'file' | 'created';
  readonly location: string;
  /** Set when the key was loaded from the old place in the data folder: it should move. */
  readonly legacyLocation?: true;
}

export interface SigningKeyOptions {
  readonly dataDir: string;
  /** Another path (configuration may name one); then it must exist. */
  readonly keyFile?: string | undefined;
  /** True only when the audit log is empty and nothing was ever anchored: then a key may be created. */
  readonly freshInstallation: boolean;
}

/**
 * The folder beside the data folder for the audit's signing key and witness: `/srv/vigil/data`
 * gives `/srv/vigil/data-audit`. Derived from the data folder, so two installations (or two test
 * runs) never share one.
 */
export function auditSideDir(dataDir: string): string {
  return `${resolve(dataDir)}-audit`;
}

/** Where the key was kept before it moved off the data folder. */
export function legacySigningKeyFile(dataDir: string): string {
  return join(dataDir, 'secrets', 'audit-signing.key');
}

/**
 * The default key file: `<dataDir>-audit/audit-signing.key`, or the old `<dataDir>/secrets/`
 * one while the key is still only there (so backups and verification keep finding it).
 */
export function defaultSigningKeyFile(dataDir: string): string {
  const file = join(auditSideDir(dataDir), 'audit-signing.key');
  const legacy = legacySigningKeyFile(dataDir);
  return !existsSync(file) && existsSync(legacy) ? legacy : file;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** A public key from PEM text, refused unless it is Ed25519. */
export function parsePublicKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new AuditError(`${where} is not a public key: ${err instanceof Error ? err.message : String(err)}`, 'key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AuditError(`${where} is not an Ed25519 key`, 'key');
  return key;
}

function fromPrivate(privateKey: KeyObject, source: AuditSigningKey['source'], location: string): AuditSigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new AuditError(`${location} is not an Ed25519 key`, 'key');
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
    source,
    location,
  };
}

export function loadAuditSigningKey(o: SigningKeyOptions): AuditSigningKey {
  const file = o.keyFile ?? defaultSigningKeyFile(o.dataDir);
  if (existsSync(file)) {
    let key: KeyObject;
    try {
      key = createPrivateKey(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new AuditError(
        `${file} does not hold a PEM private key: ${err instanceof Error ? err.message : String(err)}`,
        'key',
      );
    }
    const loaded = fromPrivate(key, 'file', file);
    return o.keyFile === undefined && file === legacySigningKeyFile(o.dataDir)
      ? { ...loaded, legacyLocation: true }
      : loaded;
  }
  if (o.keyFile !== undefined || !o.freshInstallation) {
    const why = o.freshInstallation
      ? 'the configuration names it, so Vigil will not create it elsewhere or in its place'
      : 'this installation already has audit entries, whose anchors were signed with that key';
    throw new AuditError(
      `no audit signing key: ${file} does not exist and ${why}. Restore the key file to anchor or to ` +
        'check anchors; Vigil never creates a new key over an existing audit log.',
      'key-missing',
    );
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return fromPrivate(privateKey, 'created', file);
}

/** Whether the audit log and the anchors are both empty (a key may then be created). */
/** The start-up warning for a key still in the data folder, or null. */
export function signingKeyWarning(key: AuditSigningKey, dataDir: string): string | null {
  if (!key.legacyLocation) return null;
  return (
    `the audit signing key is still in the data folder (${key.location}): whoever copies or owns the ` +
    `data folder can re-sign a rewritten audit chain. Move it to ${join(auditSideDir(dataDir), 'audit-signing.key')} ` +
    '(or elsewhere, set audit.keyFile), off the data volume'
  );
}

export async function auditIsEmpty(q: Queryable): Promise<boolean> {
  const entry = await q.selectFrom('audit_log').select('seq').limit(1).executeTakeFirst();
  if (entry) return false;
  const anchor = await q.selectFrom('audit_anchors').select('seq').limit(1).executeTakeFirst();
  return anchor === undefined;
}

/** Loads the key, creating it on an installation whose audit log is still empty. */
export async function openAuditSigningKey(
  q: Queryable,
  o: Omit<SigningKeyOptions, 'freshInstallation'>,
): Promise<AuditSigningKey> {
  const file = o.keyFile ?? defaultSigningKeyFile(o.dataDir);
  const fresh = !existsSync(file) && (await auditIsEmpty(q));
  return loadAuditSigningKey({ ...o, freshInstallation: fresh });
}
