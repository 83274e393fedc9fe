/**
 * Anchors: the chain head at a moment, signed with the server's Ed25519 key. Kept in the
 * audit_anchors table and exported as JSON for an outside party, they let verification detect a
 * chain cut short (its tail deleted) or rewritten from some entry on, which the chain alone cannot.
 * Anchoring is itself an audited action (`audit.anchor`): the anchor covers its own entry.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../../db/database.ts';
import { AuditError, canonicalJson } from './audit-hash.ts';
import { appendAudit, auditHead, inTransaction, lockAuditChain } from './audit-log.ts';
import { keyIdOf, parsePublicKey, type AuditSigningKey } from './signing-key.ts';

export interface AuditAnchor {
  readonly seq: number;
  /** The hash of entry `seq`. */
  readonly hash: string;
  /** When the anchor was made. */
  readonly at: string;
  readonly keyId: string;
  /** Base64 Ed25519 signature over anchorPayload(). */
  readonly signature: string;
}

export const ANCHORS_EXPORT_FORMAT = 'vigil-audit-anchors/1';

/** What an outside party keeps: the anchors and the key that signed them. */
export interface AnchorsExport {
  readonly format: typeof ANCHORS_EXPORT_FORMAT;
  readonly exportedAt: string;
  readonly keyId: string;
  /** SPKI PEM. */
  readonly publicKey: string;
  readonly anchors: AuditAnchor[];
}

/** The exact bytes signed: canonical JSON of the anchor without its signature. */
export function anchorPayload(a: Omit<AuditAnchor, 'signature'>): string {
  return canonicalJson({ format: 'vigil-audit-anchor/1', seq: a.seq, hash: a.hash, at: a.at, keyId: a.keyId });
}

export function signAnchor(fields: Omit<AuditAnchor, 'signature' | 'keyId'>, key: AuditSigningKey): AuditAnchor {
  const unsigned = { seq: fields.seq, hash: fields.hash, at: fields.at, keyId: key.keyId };
  const signature = sign(null, Buffer.from(anchorPayload(unsigned), 'utf8'), key.privateKey).toString('base64');
  return { ...unsigned, signature };
}

/** Why an anchor's signature does not hold with this key, or null when it does. */
export function anchorSignatureProblem(anchor: AuditAnchor, publicKey: KeyObject): string | null {
  const keyId = keyIdOf(publicKey);
  if (anchor.keyId !== keyId) return `signed by key ${anchor.keyId}, not by the audit key ${keyId}`;
  const signature = Buffer.from(anchor.signature, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== anchor.signature)
    return 'signature is not valid base64';
  const ok = verify(null, Buffer.from(anchorPayload(anchor), 'utf8'), publicKey, signature);
  return ok ? null : 'signature does not verify: the anchor was forged or altered';
}

/** Appends an `audit.anchor` entry and anchors it (so the anchor covers everything before it). */
export async function createAnchor(
  q: Queryable,
  key: AuditSigningKey,
  o: { readonly actor?: string | null } = {},
): Promise<AuditAnchor> {
  return inTransaction(q, async (tx) => {
    await lockAuditChain(tx);
    const previous = await latestAnchor(tx);
    const entry = await appendAudit(tx, {
      actor: o.actor ?? null,
      action: 'audit.anchor',
      details: { keyId: key.keyId, previousAnchorSeq: previous?.seq ?? null },
    });
    const anchor = signAnchor({ seq: entry.seq, hash: entry.hash, at: new Date().toISOString() }, key);
    await tx
      .insertInto('audit_anchors')
      .values({ seq: anchor.seq, hash: anchor.hash, at: anchor.at, key_id: anchor.keyId, signature: anchor.signature })
      .execute();
    return anchor;
  });
}

/**
 * Anchors the chain if anything was appended since the last anchor (an idle server does not grow
 * its log with anchors of anchors); returns null when there was nothing new.
 */
export async function anchorIfChanged(
  q: Queryable,
  key: AuditSigningKey,
  o: { readonly actor?: string | null } = {},
): Promise<AuditAnchor | null> {
  return inTransaction(q, async (tx) => {
    await lockAuditChain(tx);
    const head = await auditHead(tx);
    if (!head) return null;
    const last = await latestAnchor(tx);
    if (last && last.seq >= head.seq) return null;
    return createAnchor(tx, key, o);
  });
}

type AnchorRow = { seq: number | string; hash: string; at: string; key_id: string; signature: string };
function fromRow(r: AnchorRow): AuditAnchor {
  return { seq: Number(r.seq), hash: r.hash, at: r.at, keyId: r.key_id, signature: r.signature };
}

export async function listAnchors(q: Queryable): Promise<AuditAnchor[]> {
  return (await q.selectFrom('audit_anchors').selectAll().orderBy('seq', 'asc').execute()).map(fromRow);
}

export async function latestAnchor(q: Queryable): Promise<AuditAnchor | null> {
  const row = await q.selectFrom('audit_anchors').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function exportAnchors(
  q: Queryable,
  key: Pick<AuditSigningKey, 'keyId' | 'publicKeyPem'>,
): Promise<AnchorsExport> {
  return {
    format: ANCHORS_EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    keyId: key.keyId,
    publicKey: key.publicKeyPem,
    anchors: await listAnchors(q),
  };
}

const anchorSchema = z.object({
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string().min(1),
  keyId: z.string().min(1),
  signature: z.string().min(1),
});
const exportSchema = z.object({
  format: z.literal(ANCHORS_EXPORT_FORMAT),
  exportedAt: z.string(),
  keyId: z.string().min(1),
  publicKey: z.string().min(1),
  anchors: z.array(anchorSchema),
});

/** Reads an anchors export (as written by exportAnchors), refusing anything else. */
export function parseAnchorsExport(text: string, where: string): AnchorsExport & { publicKeyObject: KeyObject } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AuditError(`${where} is not JSON: ${err instanceof Error ? err.message : String(err)}`, 'anchors-file');
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unreadable';
    throw new AuditError(`${where} is not a Vigil anchors export (${at})`, 'anchors-file');
  }
  const publicKeyObject = parsePublicKey(parsed.data.publicKey, `${where} publicKey`);
  if (keyIdOf(publicKeyObject) !== parsed.data.keyId) {
    throw new AuditError(`${where}: keyId does not match its publicKey`, 'anchors-file');
  }
  return { ...parsed.data, publicKeyObject };
}
