/**
 * Model cards (R28): what a model is, where it came from, its licence and what it was trained on.
 * A card is a plain JSON object so that it can be stored verbatim with every template and match.
 */
import { z } from 'zod';

export const modelRoles = ['detector', 'landmarker', 'recognizer'] as const;
export const modelRoleSchema = z.enum(modelRoles);
export type ModelRole = z.infer<typeof modelRoleSchema>;

export const modelKinds = [
  'yunet',
  'scrfd',
  'arcface',
  'faceapi-ssd',
  'faceapi-tiny',
  'faceapi-landmarks68',
  'faceapi-resnet',
  'mediapipe-facemesh',
] as const;
export const modelKindSchema = z.enum(modelKinds);
export type ModelKind = z.infer<typeof modelKindSchema>;

/** Kinds that are single ONNX files and can therefore be registered, inspected and installed. */
export const onnxKinds = ['yunet', 'scrfd', 'arcface'] as const satisfies readonly ModelKind[];
export type OnnxKind = (typeof onnxKinds)[number];

export function isOnnxKind(kind: ModelKind): kind is OnnxKind {
  return (onnxKinds as readonly ModelKind[]).includes(kind);
}

/** The one role each kind can play. */
export function roleOfKind(kind: ModelKind): ModelRole {
  switch (kind) {
    case 'yunet':
    case 'scrfd':
    case 'faceapi-ssd':
    case 'faceapi-tiny':
      return 'detector';
    case 'faceapi-landmarks68':
    case 'mediapipe-facemesh':
      return 'landmarker';
    case 'arcface':
    case 'faceapi-resnet':
      return 'recognizer';
  }
}

export const sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (a sha256 digest)')
  .describe('sha256 of the model file, hex');

/** Pixel normalisation a recognizer expects: (pixel - mean) / std, per channel in the given order. */
export const preprocessingSchema = z.strictObject({
  mean: z.number(),
  std: z.number().positive(),
  channelOrder: z.enum(['rgb', 'bgr']).default('rgb'),
});
export type Preprocessing = z.infer<typeof preprocessingSchema>;

const nonEmpty = z.string().trim().min(1);

const cardFields = {
  name: nonEmpty,
  version: nonEmpty,
  /** Where the file came from: a URL, a release, or a description of the supplier. */
  source: nonEmpty,
  licence: nonEmpty,
  /** True when the licence restricts use (for example non-commercial research only). */
  licenceRestricted: z.boolean().optional(),
  /** What the model was trained on, as far as is known; say "unknown" where it is. */
  trainingData: nonEmpty,
  intendedUse: nonEmpty.optional(),
  limitations: nonEmpty.optional(),
  /** Published or measured figures, e.g. { "lfw": 0.9983 } or { "wider_hard_ap": "0.708" }. */
  metrics: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  /** Recognizers only: overrides the default input normalisation. */
  preprocessing: preprocessingSchema.optional(),
};

/**
 * A card as an operator writes it (`--card card.json`): sha256, role and kind may be left out and
 * are then filled in from the file and the command line. Unknown keys are refused so that a typo
 * ("license") does not silently drop a field.
 */
export const modelCardInputSchema = z.strictObject({
  ...cardFields,
  sha256: sha256HexSchema.optional(),
  role: modelRoleSchema.optional(),
  kind: modelKindSchema.optional(),
});
export type ModelCardInput = z.input<typeof modelCardInputSchema>;

/** A complete card, as stored in the registry and with templates. */
export const modelCardSchema = z.object({
  ...cardFields,
  sha256: sha256HexSchema,
  role: modelRoleSchema,
  kind: modelKindSchema,
});
export type ModelCard = z.output<typeof modelCardSchema>;

export class ModelCardError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'ModelCardError';
  }
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(card)'}: ${i.message}`);
}

/** Validates an operator-supplied card (already parsed from JSON). */
export function parseModelCardInput(value: unknown): z.output<typeof modelCardInputSchema> {
  const result = modelCardInputSchema.safeParse(value);
  if (!result.success) {
    const problems = describeIssues(result.error);
    throw new ModelCardError(`invalid model card: ${problems.join('; ')}`, problems);
  }
  return result.data;
}

/**
 * Completes a card with the facts established by the registry. Refuses a card whose own sha256,
 * role or kind contradicts them, and a role that the kind cannot play.
 */
export function completeCard(
  input: ModelCardInput,
  facts: { readonly sha256: string; readonly role: ModelRole; readonly kind: ModelKind },
): ModelCard {
  const card = parseModelCardInput(input);
  const problems: string[] = [];
  if (card.sha256 !== undefined && card.sha256 !== facts.sha256) {
    problems.push(`card sha256 ${card.sha256} does not match the file's sha256 ${facts.sha256}`);
  }
  if (card.role !== undefined && card.role !== facts.role) {
    problems.push(`card says role "${card.role}" but the model is being added as "${facts.role}"`);
  }
  if (card.kind !== undefined && card.kind !== facts.kind) {
    problems.push(`card says kind "${card.kind}" but the model is being added as "${facts.kind}"`);
  }
  if (roleOfKind(facts.kind) !== facts.role) {
    problems.push(`a ${facts.kind} model is a ${roleOfKind(facts.kind)}, not a ${facts.role}`);
  }
  if (problems.length > 0) throw new ModelCardError(problems.join('; '), problems);
  return modelCardSchema.parse({ ...card, ...facts });
}
