/**
 * What the `vigil audit` commands read (R29): the database (with the witness open for a command
 * that appends), the signing and verification keys, the witness files, and the range and number
 * options; each problem with them as a UsageError. Also the back-pressured write of an export.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { openDatabase, type Database } from '../../db/database.ts';
import { normaliseTime, type AuditExportRange } from '../../governance/audit/audit-query.ts';
import type { AuditWitness } from '../../governance/audit/audit-witness.ts';
import { parseWitnessText, witnessFileOf, type WitnessLine } from '../../governance/audit/witness-format.ts';
import { openConfiguredWitness } from '../../governance/audit/witness-setup.ts';
import {
  defaultSigningKeyFile,
  loadAuditSigningKey,
  openAuditSigningKey,
  parsePublicKey,
  type AuditSigningKey,
} from '../../governance/audit/signing-key.ts';

/**
 * The database; for a command that appends (audit.anchor), with the audit witness open, so that
 * the entry gets its line, and flushed before the database closes.
 */
export async function withDatabase<T>(
  ctx: CliContext,
  fn: (database: Database) => Promise<T>,
  o: { readonly appends?: boolean } = {},
): Promise<T> {
  const database = await openDatabase({ url: ctx.config.databaseUrl, dataDir: ctx.config.dataDir });
  let witness: AuditWitness | null = null;
  try {
    if (o.appends) {
      witness = await openConfiguredWitness(database.db, ctx.config, (m) => process.stderr.write(`warning: ${m}\n`));
    }
    return await fn(database);
  } finally {
    try {
      await witness?.close();
    } finally {
      await database.close();
    }
  }
}

export function signingKey(ctx: CliContext, d: Database): Promise<AuditSigningKey> {
  return openAuditSigningKey(d.db, { dataDir: ctx.config.dataDir, keyFile: ctx.config.audit.keyFile });
}

export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read the ${what} ${path}`, 'unreadable');
  }
}

/** The key anchors and witness lines are checked with: --public-key, else the server's, else the anchors file's. */
export async function verificationKey(
  ctx: CliContext,
  o: { publicKey?: string },
  fileKey: KeyObject | undefined,
): Promise<KeyObject | undefined> {
  if (o.publicKey) return parsePublicKey(await readText(o.publicKey, 'public key'), o.publicKey);
  const file = ctx.config.audit.keyFile ?? defaultSigningKeyFile(ctx.config.dataDir);
  if (existsSync(file)) {
    return loadAuditSigningKey({ dataDir: ctx.config.dataDir, keyFile: file, freshInstallation: false }).publicKey;
  }
  return fileKey;
}

/** The witness files given, else the configured one and the peers' that exist; all their lines together. */
export async function readWitness(
  ctx: CliContext,
  given: string[],
): Promise<{ files: string[]; lines: WitnessLine[] }> {
  const configured = witnessFileOf(ctx.config);
  const known = configured ? [configured, ...ctx.config.audit.peerWitnessFiles] : [];
  const files = given.length > 0 ? given : known.filter((f) => existsSync(f));
  const lines: WitnessLine[] = [];
  for (const file of files) {
    const parsed = parseWitnessText(await readText(file, 'witness file'));
    const bad = parsed.unreadable[0];
    if (bad) throw new UsageError(`${file} line ${bad.line} is not a witness line: ${bad.text}`, 'witness-file');
    lines.push(...parsed.lines);
  }
  return { files, lines };
}

/** `--from`/`--to`: a whole number is a seq (inclusive), anything else an ISO time. */
export function exportRange(from: string | undefined, to: string | undefined): AuditExportRange {
  const range: { fromSeq?: number; toSeq?: number; from?: string; to?: string } = {};
  if (from !== undefined) {
    if (/^\d+$/.test(from)) range.fromSeq = Number(from);
    else range.from = normaliseTime(from, '--from');
  }
  if (to !== undefined) {
    if (/^\d+$/.test(to)) range.toSeq = Number(to);
    else range.to = normaliseTime(to, '--to');
  }
  return range;
}

export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

export function positiveInt(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} takes a whole number`);
    return n;
  };
}
