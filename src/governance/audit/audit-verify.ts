/**
 * Verifying the audit chain (R29): walks the log in seq order a page at a time, recomputes every
 * entry's hash, checks each prev_hash link and that seq runs 1, 2, 3... without a gap, and checks
 * the signed anchors: each signature, and that the chain still holds each anchored entry with the
 * anchored hash. Stops at the first bad entry and names it.
 *
 *   altered      an entry's contents no longer match its hash (or an anchor's)
 *   broken-link  an entry's prev_hash is not the previous entry's hash
 *   missing      seq jumps: the named entry (and maybe more) was deleted
 *   truncated    the chain ends before an anchored entry: its tail was deleted
 */
import type { KeyObject } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import type { AuditLogTable } from './audit.schema.ts';
import { AuditError, canonicalJson, computeAuditHash, GENESIS_HASH } from './audit-hash.ts';
import { auditHead, iterateAudit, rowToRecord } from './audit-log.ts';
import { anchorSignatureProblem, listAnchors, type AuditAnchor } from './audit-anchors.ts';

export type ChainProblem = 'altered' | 'broken-link' | 'missing' | 'truncated';

export interface ChainFault {
  readonly seq: number;
  readonly problem: ChainProblem;
  readonly message: string;
}

export interface InvalidAnchor {
  readonly seq: number;
  readonly source: 'stored' | 'supplied';
  readonly message: string;
}

export interface VerifyResult {
  /** True when every entry and every anchor checks out. */
  readonly ok: boolean;
  /** Entries verified intact (1..entries). */
  readonly entries: number;
  /** The last entry in the log, as stored. */
  readonly head: { readonly seq: number; readonly hash: string } | null;
  readonly firstBad?: ChainFault;
  readonly anchors: {
    /** Anchors whose signature holds and that were checked against the chain. */
    readonly checked: number;
    readonly latest: { readonly seq: number; readonly at: string } | null;
    /** Anchors refused: a forged or altered signature, or another key's. */
    readonly invalid: InvalidAnchor[];
  };
}

export interface VerifyOptions {
  /** Anchors kept outside (e.g. from `vigil audit anchors --export`), checked with the stored ones. */
  readonly anchors?: readonly AuditAnchor[];
  /** The server's public key; needed when there are anchors to check. */
  readonly publicKey?: KeyObject;
  /** Check the audit_anchors table too (default true). */
  readonly includeStoredAnchors?: boolean;
  readonly pageSize?: number;
}

/** What is wrong with one row, given the seq and prev_hash it should have; null when nothing. */
export function entryFault(row: AuditLogTable, expectedSeq: number, expectedPrev: string): ChainFault | null {
  if (row.seq !== expectedSeq) {
    const range =
      row.seq - 1 === expectedSeq ? `entry ${expectedSeq} is` : `entries ${expectedSeq}..${row.seq - 1} are`;
    return {
      seq: expectedSeq,
      problem: 'missing',
      message: `${range} missing: entry ${row.seq} follows ${expectedSeq === 1 ? 'the start' : `entry ${expectedSeq - 1}`}`,
    };
  }
  let recomputed: string;
  try {
    const r = rowToRecord(row);
    if (canonicalJson(r.details) !== row.details_json) {
      return { seq: row.seq, problem: 'altered', message: `entry ${row.seq}: details were rewritten outside Vigil` };
    }
    recomputed = computeAuditHash({ ...r, target: r.target ?? null });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { seq: row.seq, problem: 'altered', message: `entry ${row.seq} does not parse: ${why}` };
  }
  if (recomputed !== row.hash) {
    return { seq: row.seq, problem: 'altered', message: `entry ${row.seq}: its contents do not match its hash` };
  }
  if (row.prev_hash !== expectedPrev) {
    const was = expectedSeq === 1 ? 'the genesis value' : `the hash of entry ${expectedSeq - 1}`;
    return {
      seq: row.seq,
      problem: 'broken-link',
      message: `entry ${row.seq}: prev_hash is not ${was} (one of the two was rewritten)`,
    };
  }
  return null;
}

interface AnchorSets {
  readonly bySeq: Map<number, AuditAnchor[]>;
  readonly invalid: InvalidAnchor[];
  readonly checked: number;
  readonly latest: { seq: number; at: string } | null;
}

async function checkAnchors(q: Queryable, o: VerifyOptions): Promise<AnchorSets> {
  const tagged: { anchor: AuditAnchor; source: 'stored' | 'supplied' }[] = [
    ...(o.includeStoredAnchors === false ? [] : await listAnchors(q)).map((anchor) => ({
      anchor,
      source: 'stored' as const,
    })),
    ...(o.anchors ?? []).map((anchor) => ({ anchor, source: 'supplied' as const })),
  ];
  if (tagged.length > 0 && !o.publicKey) {
    throw new AuditError(
      'there are anchors to check but no public key to check them with: restore the audit signing key or give its public key',
      'key-missing',
    );
  }
  const bySeq = new Map<number, AuditAnchor[]>();
  const invalid: InvalidAnchor[] = [];
  const seen = new Set<string>();
  let checked = 0;
  let latest: AnchorSets['latest'] = null;
  for (const { anchor, source } of tagged) {
    const id = `${anchor.seq}:${anchor.signature}:${anchor.hash}:${anchor.at}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const problem = o.publicKey ? anchorSignatureProblem(anchor, o.publicKey) : 'no public key';
    if (problem) {
      invalid.push({ seq: anchor.seq, source, message: `anchor for entry ${anchor.seq} (${source}): ${problem}` });
      continue;
    }
    checked++;
    bySeq.set(anchor.seq, [...(bySeq.get(anchor.seq) ?? []), anchor]);
    if (!latest || anchor.seq > latest.seq) latest = { seq: anchor.seq, at: anchor.at };
  }
  invalid.sort((a, b) => a.seq - b.seq);
  return { bySeq, invalid, checked, latest };
}

export async function verifyAuditChain(q: Queryable, o: VerifyOptions = {}): Promise<VerifyResult> {
  const anchors = await checkAnchors(q, o);
  const head = await auditHead(q);
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let firstBad: ChainFault | undefined;
  if (head) {
    for await (const row of iterateAudit(q, { toSeq: head.seq, pageSize: o.pageSize ?? 500 })) {
      const fault = entryFault(row, expectedSeq, prev);
      const differs = anchors.bySeq.get(row.seq)?.find((a) => a.hash !== row.hash);
      if (fault) firstBad = fault;
      else if (differs) {
        firstBad = {
          seq: row.seq,
          problem: 'altered',
          message: `entry ${row.seq} differs from the anchor made at ${differs.at}: the chain was rewritten at or before it`,
        };
      }
      if (firstBad) break;
      expectedSeq++;
      prev = row.hash;
    }
  }
  if (!firstBad) {
    const beyond = [...anchors.bySeq.keys()].filter((s) => s >= expectedSeq).sort((a, b) => a - b);
    const last = beyond.at(-1);
    if (last !== undefined) {
      const anchor = anchors.bySeq.get(last)?.[0];
      firstBad = {
        seq: expectedSeq,
        problem: 'truncated',
        message:
          `the chain ends at entry ${expectedSeq - 1}, but an anchor made at ${anchor?.at ?? '?'} covers entry ` +
          `${last}: ${last === expectedSeq ? `entry ${last} was` : `entries ${expectedSeq}..${last} were`} removed`,
      };
    }
  }
  return {
    ok: !firstBad && anchors.invalid.length === 0,
    entries: expectedSeq - 1,
    head,
    ...(firstBad ? { firstBad } : {}),
    anchors: { checked: anchors.checked, latest: anchors.latest, invalid: anchors.invalid },
  };
}
