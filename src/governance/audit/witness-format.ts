/**
 * The audit witness's lines (R29): outside the database, one JSON line per committed audit entry,
 *
 *   {"v":1,"seq":17,"hash":"<entry hash>","at":"<when witnessed>","keyId":"...","sig":"<base64>"}
 *
 * where `sig` is the audit signing key's Ed25519 signature over canonicalJson({ format:
 * 'vigil-audit-witness/1', seq, hash, at, keyId }). Only Vigil writes lines, and only for entries
 * it appended itself, after their transaction committed: an entry someone wrote straight into the
 * database has no line, and an entry rewritten after it was witnessed no longer matches its line.
 * Pure: the writer is audit-witness.ts, the comparison witness-check.ts.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { canonicalJson } from './audit-hash.ts';
import { auditSideDir, keyIdOf, type AuditSigningKey } from './signing-key.ts';

export interface WitnessLine {
  readonly v: 1;
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  readonly keyId: string;
  readonly sig: string;
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
  return canonicalJson({ format: 'vigil-audit-witness/1', seq: l.seq, hash: l.hash, at: l.at, keyId: l.keyId });
}

export function signWitness(entry: { seq: number; hash: string }, key: AuditSigningKey, at: string): WitnessLine {
  const unsigned = { seq: entry.seq, hash: entry.hash, at, keyId: key.keyId };
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
    typeof o['sig'] === 'string';
  if (!ok) return null;
  return {
    v: 1,
    seq: o['seq'] as number,
    hash: o['hash'] as string,
    at: o['at'] as string,
    keyId: o['keyId'] as string,
    sig: o['sig'] as string,
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

/** Appends lines as JSON text (one write, so concurrent writers never interleave a line). */
export function witnessText(lines: readonly WitnessLine[]): string {
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}
