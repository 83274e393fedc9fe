/**
 * The audit witness's lines (R29): outside the database, one JSON line per committed audit entry,
 *
 *   {"v":1,"seq":17,"hash":"<entry hash>","at":"<when witnessed>","keyId":"...","sig":"<base64>"}
 *
 * where `sig` is the audit signing key's Ed25519 signature over canonicalJson({ format:
 * 'vigil-audit-witness/1', seq, hash, at, keyId }). Only Vigil writes lines, and only for entries
 * it appended itself, after their transaction committed: an entry someone wrote straight into the
 * database has no line, and an entry rewritten after it was witnessed no longer matches its line.
 *
 * A late line (`"late":true,"by":"<actor>","ack":<seq>`) is written by an acknowledgement
 * (witness-acknowledge.ts) for an entry that had none, after a person vouched for it in the
 * audit entry `ack`; the three fields are signed with the rest (not in a line without them).
 * Pure apart from appendWitnessLines: the writer is audit-witness.ts, the comparison witness-check.ts.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { canonicalJson } from './audit-hash.ts';
import { auditSideDir, keyIdOf, type AuditSigningKey } from './signing-key.ts';

export interface WitnessLine {
  readonly v: 1;
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  readonly keyId: string;
  readonly sig: string;
  /** Written after the fact, acknowledged by `by` in audit entry `ack` (witness-acknowledge.ts). */
  readonly late?: true;
  readonly by?: string;
  readonly ack?: number;
}

/** What a late line adds to its entry's seq and hash. */
export interface LateWitness {
  readonly by: string;
  readonly ack: number;
}

/** `<dataDir>-audit/audit-witness.jsonl`: off the data folder; configure another volume in production. */
export function defaultWitnessFile(dataDir: string): string {
  return join(auditSideDir(dataDir), 'audit-witness.jsonl');
}

/** The configured witness file, the default, or null when the configuration turns it off. */
export function witnessFileOf(config: {
  readonly dataDir: string;
  readonly audit: { readonly witnessFile?: string | false | undefined };
}): string | null {
  const file = config.audit.witnessFile;
  if (file === false) return null;
  return file ?? defaultWitnessFile(config.dataDir);
}

export function witnessPayload(l: Omit<WitnessLine, 'sig' | 'v'>): string {
  const base = { format: 'vigil-audit-witness/1', seq: l.seq, hash: l.hash, at: l.at, keyId: l.keyId };
  return canonicalJson(l.late ? { ...base, late: true, by: l.by ?? null, ack: l.ack ?? null } : base);
}

export function signWitness(
  entry: { seq: number; hash: string },
  key: AuditSigningKey,
  at: string,
  late?: LateWitness,
): WitnessLine {
  const unsigned = {
    seq: entry.seq,
    hash: entry.hash,
    at,
    keyId: key.keyId,
    ...(late ? { late: true as const, by: late.by, ack: late.ack } : {}),
  };
  const sig = sign(null, Buffer.from(witnessPayload(unsigned), 'utf8'), key.privateKey).toString('base64');
  return { v: 1, ...unsigned, sig };
}

/** Why a line's signature does not hold with this key; null when it does. */
export function witnessSignatureProblem(line: WitnessLine, publicKey: KeyObject): string | null {
  const keyId = keyIdOf(publicKey);
  if (line.keyId !== keyId) return `signed by key ${line.keyId}, not by the audit key ${keyId}`;
  const sig = Buffer.from(line.sig, 'base64');
  if (sig.length !== 64) return 'signature is not a base64 Ed25519 signature';
  return verify(null, Buffer.from(witnessPayload(line), 'utf8'), publicKey, sig)
    ? null
    : 'signature does not verify: the line was forged or altered';
}

function asLine(value: unknown): WitnessLine | null {
  if (value === null || typeof value !== 'object') return null;
  const o = value as Record<string, unknown>;
  const ok =
    o['v'] === 1 &&
    Number.isSafeInteger(o['seq']) &&
    (o['seq'] as number) > 0 &&
    typeof o['hash'] === 'string' &&
    /^[0-9a-f]{64}$/.test(o['hash']) &&
    typeof o['at'] === 'string' &&
    typeof o['keyId'] === 'string' &&
    typeof o['sig'] === 'string' &&
    (o['late'] === undefined || (o['late'] === true && typeof o['by'] === 'string' && Number.isSafeInteger(o['ack'])));
  if (!ok) return null;
  return {
    v: 1,
    seq: o['seq'] as number,
    hash: o['hash'] as string,
    at: o['at'] as string,
    keyId: o['keyId'] as string,
    sig: o['sig'] as string,
    ...(o['late'] === true ? { late: true as const, by: o['by'] as string, ack: o['ack'] as number } : {}),
  };
}

export interface ParsedWitness {
  readonly lines: WitnessLine[];
  /** Lines that are not witness lines, with their line numbers (1-based). */
  readonly unreadable: { readonly line: number; readonly text: string }[];
  /** Bytes of whole lines consumed (a line still being written, without its newline, is left). */
  readonly consumed: number;
}

/** Parses witness text; `firstLine` numbers lines when reading on from an offset. */
export function parseWitnessText(text: string, firstLine = 1): ParsedWitness {
  const lines: WitnessLine[] = [];
  const unreadable: { line: number; text: string }[] = [];
  const end = text.lastIndexOf('\n') + 1;
  const whole = text.slice(0, end).split('\n');
  whole.pop();
  whole.forEach((raw, i) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = null;
    }
    const line = asLine(json);
    if (line) lines.push(line);
    else unreadable.push({ line: firstLine + i, text: raw.slice(0, 120) });
  });
  return { lines, unreadable, consumed: Buffer.byteLength(text.slice(0, end), 'utf8') };
}

/** Lines as JSON text, one a line. */
export function witnessText(lines: readonly WitnessLine[]): string {
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}

/** The most bytes one write() carries (whole lines; a single longer line goes alone). */
export const WITNESS_WRITE_MAX = 64 * 1024;

/** Lines grouped into buffers of whole lines of at most `max` bytes: one write() each. */
export function witnessChunks(lines: readonly WitnessLine[], max = WITNESS_WRITE_MAX): Buffer[] {
  const chunks: Buffer[] = [];
  let parts: Buffer[] = [];
  let size = 0;
  for (const l of lines) {
    const b = Buffer.from(`${JSON.stringify(l)}\n`, 'utf8');
    if (size > 0 && size + b.length > max) {
      chunks.push(Buffer.concat(parts));
      parts = [];
      size = 0;
    }
    parts.push(b);
    size += b.length;
  }
  if (size > 0) chunks.push(Buffer.concat(parts));
  return chunks;
}

/**
 * Appends lines to a witness file that other processes on this host may append to too: opened
 * O_APPEND, each chunk of whole lines one write() (the kernel puts each at the end of the file
 * whole, so writers never interleave inside a line; FileHandle.appendFile would split a large
 * text wherever its own chunking falls), then fsync'd.
 */
export async function appendWitnessLines(file: string, lines: readonly WitnessLine[]): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, 'a', 0o600);
  try {
    for (const chunk of witnessChunks(lines)) {
      // A regular file takes the whole chunk; should a write come up short, the rest follows at once.
      let done = 0;
      while (done < chunk.length) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}
