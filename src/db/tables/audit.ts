/** Tables of the audit module (the hash-chained log and its anchors); merged into VigilSchema. */

/**
 * One audit entry (R29). Rows are only ever inserted: triggers refuse UPDATE and DELETE (and
 * TRUNCATE in PostgreSQL), and the hash chain shows it if someone with database rights gets past them.
 */
export interface AuditLogTable {
  /** 1, 2, 3, ... with no gaps: assigned by appendAudit under the chain lock, never by a sequence. */
  seq: number;
  /** ISO-8601 UTC time of the append. */
  at: string;
  /** Username; null for the system itself. */
  actor: string | null;
  /** Dotted lower-case name, e.g. `auth.login`. */
  action: string;
  /** 'ok' | 'denied' | 'failed' (checked on the way in and on the way out). */
  outcome: string;
  target_type: string | null;
  target_id: string | null;
  /** Canonical JSON (sorted keys) of the details object; `{}` when there are none. */
  details_json: string;
  /** The previous entry's hash; the genesis value for seq 1. */
  prev_hash: string;
  /** sha256 (hex) of the canonical serialisation of this entry, prev_hash included. */
  hash: string;
}

/** A chain head signed with the server's Ed25519 key, so truncation can be detected. */
export interface AuditAnchorsTable {
  seq: number;
  /** The hash of entry `seq` when it was anchored. */
  hash: string;
  /** When the anchor was made. */
  at: string;
  /** Fingerprint of the signing key (see signing-key.ts). */
  key_id: string;
  /** Base64 Ed25519 signature over the anchor's canonical payload. */
  signature: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_anchors: AuditAnchorsTable;
}
