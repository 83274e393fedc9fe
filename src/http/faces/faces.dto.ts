/**
 * Request and response schemas of the face routes. Responses are plain `z.object`s, which strip
 * every undeclared field when the response is serialised: a template vector cannot leave the
 * server unless a schema names it, and none does.
 */
import { z } from 'zod';
import { supportedFormats } from '../../faces/image-decode.ts';
import { qualityReasons } from '../../faces/quality.ts';

/** A file part of a multipart request, buffered by @fastify/multipart (`attachFieldsToBody: 'keyValues'`). */
export const imageUpload = z
  .custom<Buffer>((v) => Buffer.isBuffer(v), { message: 'must be an uploaded file (a multipart file part)' })
  .meta({ type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, GIF (first frame) or TIFF (first page)' });

/** A face index in a multipart text field: 0 is the largest face. */
const faceIndex = z
  .string()
  .regex(/^\d{1,3}$/, 'must be a face index: 0 (the largest face), 1, 2, ...')
  .transform(Number);

export const detectBody = z.object({ image: imageUpload });

export const compareBody = z.object({
  a: imageUpload,
  b: imageUpload,
  faceA: faceIndex.optional().describe('which face of image a to compare (0 = largest); needed when it shows several'),
  faceB: faceIndex.optional().describe('which face of image b to compare (0 = largest)'),
});

const point = z.object({ x: z.number(), y: z.number() });

export const boxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

export const qualitySchema = z.object({
  interOcularPx: z.number(),
  yawDeg: z.number(),
  pitchDeg: z.number(),
  sharpness: z.number(),
  brightness: z.number(),
  passed: z.boolean().describe('true when every quality gate passed (R15)'),
  reasons: z.array(z.enum(qualityReasons)).describe('the gates that failed'),
});

const detectedFaceShape = {
  box: boxSchema,
  score: z.number().describe('detector confidence, 0..1'),
  landmarks: z.array(point).length(5).describe('eyes (image-left first), nose tip, mouth corners'),
  quality: qualitySchema,
};
export const detectedFace = z.object(detectedFaceShape);

export const detectResponse = z.object({
  width: z.number().int(),
  height: z.number().int(),
  format: z.enum([...supportedFormats, 'rgb']),
  pack: z.string().describe('the model pack that found the faces'),
  faces: z.array(detectedFace).describe('largest face first'),
});
export type DetectResponse = z.infer<typeof detectResponse>;

const comparedFace = z.object({
  index: z.number().int().nonnegative().describe('which face of the image (0 = largest)'),
  ...detectedFaceShape,
});

export const compareResponse = z.object({
  score: z.number().describe('cosine similarity of the two face templates, -1..1'),
  threshold: z.number().describe('the threshold in force for this model'),
  thresholdSource: z.enum(['calibrated', 'configured']),
  operatingFmr: z.enum(['1e-2', '1e-3', '1e-4']).describe('false match rate the calibrated threshold was set for'),
  decision: z
    .enum(['match', 'no match'])
    .describe('"match" only when score >= threshold; below it the answer is "no match" (R17)'),
  modelId: z.string().describe('the recognizer that made both templates'),
  a: comparedFace,
  b: comparedFace,
});
export type CompareResponse = z.infer<typeof compareResponse>;
