/**
 * The installation's evaluation key (R27): an Ed25519 PEM (PKCS#8) file,
 * `<dataDir>/secrets/eval-signing.key`, created 0600 (folder 0700) by the first
 * `vigil eval demographics` run. It signs bias report attestations (bias-attestation.ts); the
 * services trust its public half. It is separate from the audit signing key: the evaluation needs
 * no database and may run where the audit key should not be, and one key's exposure does not
 * forge the other's records. A lost key makes the stored reports stop counting (run the
 * evaluation again); it never makes a hand-written report count.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DomainError } from '../../shared/domain-error.ts';
import { keyIdOf } from '../audit/signing-key.ts';

export interface EvalSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly location: string;
  readonly source: 'file' | 'created';
}

export function evalSigningKeyFile(dataDir: string): string {
  return join(dataDir, 'secrets', 'eval-signing.key');
}

function parse(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DomainError(
      'unavailable',
      'eval-key-unreadable',
      `${file} does not hold a PEM private key: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new DomainError('unavailable', 'eval-key-unreadable', `${file} is not an Ed25519 key`);
  return key;
}

/** Loads the evaluation key at `file`, creating it (0600, folder 0700) when there is none. */
export function openEvalSigningKey(file: string): EvalSigningKey {
  let source: EvalSigningKey['source'] = 'file';
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    source = 'created';
  }
  const privateKey = parse(file);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), location: file, source };
}

/** The public half of the key at `file`, or none when no evaluation has run here yet. */
export function evalPublicKeys(file: string): KeyObject[] {
  return existsSync(file) ? [createPublicKey(parse(file))] : [];
}
