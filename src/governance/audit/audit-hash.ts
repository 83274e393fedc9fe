/**
 * The pure half of the audit log: validating an entry, the canonical serialisation its hash is
 * computed over, and the genesis value. An outside party can recompute every hash from an export
 * with these rules alone:
 *
 *   hash = sha256hex(canonicalJson({ seq, at, actor, action, outcome, target, details, prevHash }))
 *
 * where canonicalJson is JSON with object keys sorted (by UTF-16 code unit) and no whitespace,
 * `target` is `{ type, id }` or null (an export leaves it out then), `details` is an object (`{}`
 * when there are none), and the first entry's prevHash is GENESIS_HASH.
 */
import { createHash } from 'node:crypto';

export type AuditOutcome = 'ok' | 'denied' | 'failed';
export const auditOutcomes: readonly AuditOutcome[] = ['ok', 'denied', 'failed'];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The prev_hash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);
/** Details larger than this (canonical JSON, UTF-8 bytes) are refused. */
export const MAX_DETAILS_BYTES = 16 * 1024;
const MAX_DEPTH = 12;

/** `auth.login`, `auth.login-failed`, `search.run`: two or more dotted lower-case words (hyphens allowed). */
export const ACTION_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;
const TARGET_TYPE_PATTERN = /^[a-z][a-z0-9_.-]*$/;

/** A refused append, a refused anchor, or a key problem: the caller can act on it. */
export class AuditError extends Error {
  constructor(
    message: string,
    readonly code = 'audit',
  ) {
    super(message);
    this.name = 'AuditError';
  }
}

/** The fields an entry's hash covers. */
export interface HashedFields {
  readonly seq: number;
  readonly at: string;
  readonly actor: string | null;
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly target: { readonly type: string; readonly id: string } | null;
  readonly details: JsonObject;
  readonly prevHash: string;
}

export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function computeAuditHash(f: HashedFields): string {
  return sha256Hex(
    canonicalJson({
      seq: f.seq,
      at: f.at,
      actor: f.actor,
      action: f.action,
      outcome: f.outcome,
      target: f.target ? { type: f.target.type, id: f.target.id } : null,
      details: f.details,
      prevHash: f.prevHash,
    }),
  );
}

function isBinary(value: object): boolean {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer;
}

/** Buffer.toJSON()'s shape: binary data that was serialised before it reached us. */
function isSerialisedBuffer(value: Record<string, unknown>): boolean {
  return value['type'] === 'Buffer' && Array.isArray(value['data']);
}

function toJson(value: unknown, path: string, depth: number): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    if (typeof value === 'string' && /^data:(image|video)\//i.test(value)) {
      throw new AuditError(`${path} is an image or video (data: URL); audit details never hold media`, 'biometric');
    }
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AuditError(`${path} is not a finite number`, 'invalid-details');
    return value;
  }
  if (typeof value !== 'object') throw new AuditError(`${path} is a ${typeof value}, not JSON`, 'invalid-details');
  if (depth > MAX_DEPTH) throw new AuditError(`${path} is nested too deeply`, 'invalid-details');
  if (isBinary(value)) {
    throw new AuditError(
      `${path} is binary data (${value.constructor.name}); audit details never hold images or templates`,
      'biometric',
    );
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return value.map((v, i) => {
      if (v === undefined) throw new AuditError(`${path}[${i}] is undefined`, 'invalid-details');
      return toJson(v, `${path}[${i}]`, depth + 1);
    });
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new AuditError(`${path} is a ${value.constructor.name}, not a plain object`, 'invalid-details');
  }
  const record = value as Record<string, unknown>;
  if (isSerialisedBuffer(record)) {
    throw new AuditError(
      `${path} is serialised binary data; audit details never hold images or templates`,
      'biometric',
    );
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = toJson(v, `${path}.${k}`, depth + 1);
  return out;
}

/** Checks details and returns them as plain JSON (Dates become ISO text, undefined members go). */
export function sanitizeDetails(details: Readonly<Record<string, unknown>> | undefined): JsonObject {
  if (details === undefined) return {};
  const json = toJson(details, 'details', 0);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new AuditError('details must be an object', 'invalid-details');
  }
  const size = Buffer.byteLength(canonicalJson(json), 'utf8');
  if (size > MAX_DETAILS_BYTES) {
    throw new AuditError(`details are ${size} bytes; the limit is ${MAX_DETAILS_BYTES}`, 'details-too-large');
  }
  return json;
}

export function validateAction(action: string): void {
  if (action.length > 100 || !ACTION_PATTERN.test(action)) {
    throw new AuditError(`audit action ${JSON.stringify(action)} must be dotted lower-case, e.g. auth.login`, 'action');
  }
}

export function validateActor(actor: string | null): void {
  if (actor !== null && (actor.trim() === '' || actor.length > 200)) {
    throw new AuditError('audit actor must be a non-empty username (at most 200 characters) or null', 'actor');
  }
}

export function validateOutcome(outcome: string): asserts outcome is AuditOutcome {
  if (!(auditOutcomes as readonly string[]).includes(outcome)) {
    throw new AuditError(`audit outcome must be one of ${auditOutcomes.join(', ')}`, 'outcome');
  }
}

export function validateTarget(target: { readonly type: string; readonly id: string } | undefined): void {
  if (target === undefined) return;
  if (target.type.length > 64 || !TARGET_TYPE_PATTERN.test(target.type)) {
    throw new AuditError(`audit target type ${JSON.stringify(target.type)} must be a lower-case word`, 'target');
  }
  if (target.id === '' || target.id.length > 200) {
    throw new AuditError('audit target id must be 1 to 200 characters', 'target');
  }
}
