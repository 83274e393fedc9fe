/**
 * The attestation of a bias report (R27, R14): `vigil eval demographics` signs what it measured, so
 * a report that can unlock a threshold change or an authorisation comes only from Vigil's own
 * evaluation run, never from a hand-typed body. The attestation names the model, the digest of the
 * data set, the command line and options, the Vigil version, the sha256 of the report's results
 * and the time; it is signed with the installation's evaluation key (eval-signing-key.ts, Ed25519).
 * Pure: keys are passed in.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../shared/domain-error.ts';
import { keyIdOf } from '../audit/signing-key.ts';

export const ATTESTATION_FORMAT = 'vigil-bias-attestation/1';

/** The gender x race cells a report must cover (UTKFace's labels; see src/eval/utkface.ts). */
export const REQUIRED_GENDERS = ['male', 'female'] as const;
export const REQUIRED_RACES = ['white', 'black', 'asian', 'indian', 'other'] as const;
/**
 * Fewest enrolled images per cell (100 images: 4,950 within-cell impostor pairs, so an FMR of 1e-3
 * rests on about five false matches). The balanced index has 200 per cell.
 */
export const MIN_ENROLLED_PER_CELL = 100;

export interface DatasetDigest {
  readonly name: string;
  /** sha256 over the sorted lines `<path>\t<size>\t<sha256 of the content>` of the images used. */
  readonly sha256: string;
  readonly files: number;
  readonly method: string;
}

export interface BiasAttestation {
  readonly format: typeof ATTESTATION_FORMAT;
  readonly modelId: string;
  readonly dataset: DatasetDigest;
  readonly command: string;
  readonly argv: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly vigilVersion: string;
  /** sha256 of the canonical JSON of the report without `attestation` and `signature`. */
  readonly resultsSha256: string;
  readonly signedAt: string;
  /** First 16 hex digits of sha256 over the signing public key's SPKI DER. */
  readonly keyId: string;
}

export type AttestedReport = Record<string, unknown> & {
  readonly attestation: BiasAttestation;
  /** Base64 Ed25519 signature over the canonical JSON of the attestation. */
  readonly signature: string;
};

const attestationSchema = z.object({
  format: z.literal(ATTESTATION_FORMAT),
  modelId: z.string().min(1),
  dataset: z.object({
    name: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    files: z.number().int().min(0),
    method: z.string(),
  }),
  command: z.string().min(1),
  argv: z.array(z.string()),
  options: z.record(z.string(), z.unknown()),
  vigilVersion: z.string().min(1),
  resultsSha256: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.string().min(1),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
});

const cellSchema = z.looseObject({
  gender: z.string(),
  race: z.string(),
  enrolled: z.number(),
  byThreshold: z.record(z.string(), z.looseObject({ fmr: z.number().nullable() })),
});

/** JSON with object keys sorted at every level: the bytes that are hashed and signed. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The results of a report: everything except its attestation and signature. */
export function reportResults(report: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...report };
  delete rest['attestation'];
  delete rest['signature'];
  return rest;
}

export function resultsSha256(report: Readonly<Record<string, unknown>>): string {
  return createHash('sha256')
    .update(canonicalJson(reportResults(report)))
    .digest('hex');
}

/** Signs a report as the evaluation measured it; `report.modelId` must be the attested model. */
export function attestBiasReport(
  report: Readonly<Record<string, unknown>>,
  what: Omit<BiasAttestation, 'format' | 'resultsSha256' | 'keyId' | 'signedAt'> & { signedAt?: string },
  privateKey: KeyObject,
): AttestedReport {
  const results = reportResults(report);
  const attestation: BiasAttestation = {
    format: ATTESTATION_FORMAT,
    ...what,
    signedAt: what.signedAt ?? new Date().toISOString(),
    resultsSha256: resultsSha256(results),
    keyId: keyIdOf(createPublicKey(privateKey)),
  };
  const signature = sign(null, Buffer.from(canonicalJson(attestation)), privateKey).toString('base64');
  return { ...results, attestation, signature };
}

const refuse = (code: string, message: string): DomainError => new DomainError('refused', code, `R27: ${message}`);

export interface VerifyOptions {
  /** The evaluation public keys this installation trusts. */
  readonly trustedKeys: readonly KeyObject[];
  /** The recognizer in service: a report on another model unlocks nothing here. */
  readonly modelId: string;
}

/**
 * Checks a stored or submitted report: signed by a trusted evaluation key, its results unchanged
 * since signing, on the recognizer's model, covering every gender x race cell with enough enrolled
 * images. Throws a DomainError with a code naming the first failure; returns the attestation.
 */
export function verifyBiasReport(report: Readonly<Record<string, unknown>>, o: VerifyOptions): BiasAttestation {
  const parsed = attestationSchema.safeParse(report['attestation']);
  if (!parsed.success || typeof report['signature'] !== 'string') {
    throw refuse(
      'unsigned-bias-report',
      'this bias report carries no attestation from `vigil eval demographics`; only a report written and ' +
        'signed by the evaluation run can be stored (hand-written reports are refused)',
    );
  }
  const attestation = parsed.data as BiasAttestation;
  const key = o.trustedKeys.find((k) => keyIdOf(k) === attestation.keyId);
  if (!key) {
    throw refuse(
      'untrusted-bias-report-key',
      `the report is signed with key ${attestation.keyId}, which is not this installation's evaluation key`,
    );
  }
  let signed = false;
  try {
    signed = verify(null, Buffer.from(canonicalJson(attestation)), key, Buffer.from(report['signature'], 'base64'));
  } catch {
    signed = false;
  }
  if (!signed) throw refuse('bad-bias-report-signature', 'the attestation signature does not verify');
  if (resultsSha256(report) !== attestation.resultsSha256) {
    throw refuse('bias-report-tampered', 'the report results differ from those the evaluation signed');
  }
  if (report['modelId'] !== attestation.modelId || attestation.modelId !== o.modelId) {
    throw refuse(
      'bias-report-wrong-model',
      `the report measured ${String(attestation.modelId)}, but the recognizer in service is ${o.modelId}`,
    );
  }
  checkCoverage(report);
  return attestation;
}

/** Every gender x race cell present, with at least MIN_ENROLLED_PER_CELL enrolled images and a rate at every threshold. */
export function checkCoverage(report: Readonly<Record<string, unknown>>): void {
  const cells = z.array(cellSchema).safeParse(report['cells']);
  const thresholds = z.array(z.object({ id: z.string() })).safeParse(report['thresholds']);
  if (!cells.success || !thresholds.success)
    throw refuse('bias-report-incomplete', 'the report has no per-group cells');
  const problems: string[] = [];
  for (const gender of REQUIRED_GENDERS) {
    for (const race of REQUIRED_RACES) {
      const cell = cells.data.find((c) => c.gender === gender && c.race === race);
      if (!cell) problems.push(`${gender} ${race}: missing`);
      else if (cell.enrolled < MIN_ENROLLED_PER_CELL)
        problems.push(`${gender} ${race}: ${cell.enrolled} enrolled images, fewer than ${MIN_ENROLLED_PER_CELL}`);
      else if (thresholds.data.some((t) => cell.byThreshold[t.id] === undefined))
        problems.push(`${gender} ${race}: not measured at every threshold`);
    }
  }
  if (problems.length > 0) {
    throw refuse('bias-report-incomplete', `the report does not cover every group: ${problems.join('; ')}`);
  }
}
