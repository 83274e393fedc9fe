/**
 * Password hashing with scrypt (memory-hard; node:crypto). A hash is stored as a PHC-style string
 * that carries its own parameters, `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, so the cost can be
 * raised later: old hashes still verify and `needsRehash` says when to replace one. Verification
 * compares in constant time, and `verifyUnknownUser` spends the same time as a real check, so the
 * response time does not tell whether a username exists.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  readonly ln: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
}

/** N = 2^15, r = 8: 32 MiB and some tens of milliseconds per hash. */
export const defaultScryptParams: ScryptParams = { ln: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Bounds on parameters read back from storage, so a damaged row cannot make verification run away. */
const LIMITS = { ln: [10, 22], r: [1, 32], p: [1, 16] } as const;
const ENCODED = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

export function encodeHash(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

export interface DecodedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function within(value: number, [min, max]: readonly [number, number]): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** The parts of an encoded hash, or undefined when it is not one this module wrote. */
export function decodeHash(encoded: string): DecodedHash | undefined {
  const m = ENCODED.exec(encoded);
  if (!m) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (!within(params.ln, LIMITS.ln) || !within(params.r, LIMITS.r) || !within(params.p, LIMITS.p)) return undefined;
  const salt = Buffer.from(m[4] ?? '', 'base64');
  const key = Buffer.from(m[5] ?? '', 'base64');
  if (salt.length < 16 || key.length < KEY_BYTES) return undefined;
  return { params, salt, key };
}

export async function hashPassword(password: string, params: ScryptParams = defaultScryptParams): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return encodeHash(params, salt, await derive(password, salt, params, KEY_BYTES));
}

/** Does the password match the encoded hash? A malformed hash never matches. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const decoded = decodeHash(encoded);
  if (!decoded) {
    await verifyUnknownUser(password);
    return false;
  }
  const candidate = await derive(password, decoded.salt, decoded.params, decoded.key.length);
  return timingSafeEqual(candidate, decoded.key);
}

/** True when the hash was made with other parameters than the current ones (rehash after a successful login). */
export function needsRehash(encoded: string, params: ScryptParams = defaultScryptParams): boolean {
  const decoded = decodeHash(encoded);
  return (
    !decoded ||
    decoded.params.ln !== params.ln ||
    decoded.params.r !== params.r ||
    decoded.params.p !== params.p ||
    decoded.key.length !== KEY_BYTES
  );
}

const dummies = new Map<string, Promise<string>>();

/** Spends the time of one verification at `params` and returns false: for usernames that do not exist. */
export async function verifyUnknownUser(password: string, params: ScryptParams = defaultScryptParams): Promise<false> {
  const id = `${params.ln},${params.r},${params.p}`;
  let dummy = dummies.get(id);
  if (!dummy) {
    dummy = hashPassword(randomBytes(16).toString('hex'), params);
    dummies.set(id, dummy);
  }
  const decoded = decodeHash(await dummy);
  if (decoded) await derive(password, decoded.salt, decoded.params, decoded.key.length);
  return false;
}
