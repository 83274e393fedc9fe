/**
 * Authenticated encryption for biometric data at rest (images, templates, index files):
 * AES-256-GCM with a fresh 96-bit nonce per message and a context string bound in as associated
 * data, so a sealed blob moved to another record (or another kind of record) fails to open.
 *
 * Format: "VGC1" | nonce (12) | tag (16) | ciphertext.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('VGC1', 'ascii');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** A blob that is not ours, was altered, or was sealed under another key or context. */
export class SealedDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedDataError';
  }
}

export class ByteCipher {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new Error(`an AES-256 key is ${KEY_BYTES} bytes (got ${key.length})`);
    this.#key = Buffer.from(key);
  }

  seal(plain: Uint8Array, context: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([MAGIC, nonce, cipher.getAuthTag(), body]);
  }

  open(sealed: Uint8Array, context: string): Buffer {
    const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (buf.length < MAGIC.length + NONCE_BYTES + TAG_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new SealedDataError(`not a sealed Vigil blob (${context})`);
    }
    const nonce = buf.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
    const tag = buf.subarray(MAGIC.length + NONCE_BYTES, MAGIC.length + NONCE_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, nonce);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(buf.subarray(MAGIC.length + NONCE_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new SealedDataError(`sealed data failed authentication (${context}): altered, or another key`);
    }
  }

  /** A template vector as sealed bytes (little-endian float32). */
  sealVector(vector: Float32Array, context: string): Buffer {
    return this.seal(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), context);
  }

  openVector(sealed: Uint8Array, context: string): Float32Array {
    const plain = this.open(sealed, context);
    if (plain.length % 4 !== 0) throw new SealedDataError(`sealed vector has ${plain.length} bytes (${context})`);
    const out = new Float32Array(plain.length / 4);
    new Uint8Array(out.buffer).set(plain);
    return out;
  }
}
