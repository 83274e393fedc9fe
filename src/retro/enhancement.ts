/**
 * Audited probe enhancement (R36): crop, rotate, brightness, contrast, grayscale and flip, as an
 * ordered chain that is stored with the search and replayed exactly. Each step runs as its own
 * sharp pipeline on the previous step's pixels, so the order is the chain's and nothing is fused
 * or reordered; intermediate images stay raw 8-bit sRGB and the result is PNG (lossless). The same
 * input bytes and chain give byte-identical output with the same sharp/libvips build.
 *
 * Definitions, for the audit record:
 * - step 0 is the decoded probe with its EXIF orientation applied (what the investigator sees);
 * - `crop` takes pixels of the current image and must lie inside it;
 * - `rotate` turns clockwise by any angle: multiples of 90 are exact, other angles expand the
 *   canvas to hold the whole turned image and fill the corners black (bilinear resampling);
 * - `brightness` multiplies every channel value by `factor`; `contrast` scales values about mid
 *   grey 128 (`v' = 128 + factor * (v - 128)`);
 * - `grayscale` sets all three channels to the luma `0.299 R + 0.587 G + 0.114 B`;
 * - brightness, contrast and grayscale clip to 0-255 and drop the fraction (191.5 gives 191);
 * - `flip` mirrors left-right (`horizontal`) or top-bottom (`vertical`).
 */
import sharp from 'sharp';
import { z } from 'zod';
import { decodeImage, defaultDecodeLimits, type DecodeLimits } from '../faces/image-decode.ts';

const factor = z.number().min(0.2).max(5);
const luma: [number, number, number] = [0.299, 0.587, 0.114];

export const enhancementStepSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('crop'),
    x: z.int().min(0),
    y: z.int().min(0),
    width: z.int().min(1),
    height: z.int().min(1),
  }),
  z.strictObject({ op: z.literal('rotate'), degrees: z.number().min(-360).max(360) }),
  z.strictObject({ op: z.literal('brightness'), factor }),
  z.strictObject({ op: z.literal('contrast'), factor }),
  z.strictObject({ op: z.literal('grayscale') }),
  z.strictObject({ op: z.literal('flip'), axis: z.enum(['horizontal', 'vertical']) }),
]);
export type EnhancementStep = z.infer<typeof enhancementStepSchema>;

export const maxEnhancementSteps = 20;
export const enhancementChainSchema = z.array(enhancementStepSchema).max(maxEnhancementSteps);

export type EnhancementErrorCode = 'invalid-chain' | 'crop-outside' | 'too-many-pixels';

/** A chain that cannot be applied; `stepIndex` is the 0-based position of the step at fault. */
export class EnhancementError extends Error {
  constructor(
    readonly code: EnhancementErrorCode,
    message: string,
    readonly stepIndex?: number,
  ) {
    super(message);
    this.name = 'EnhancementError';
  }
}

export interface EnhancedImage {
  /** PNG. */
  readonly image: Buffer;
  readonly width: number;
  readonly height: number;
}

const num = (n: number) => String(Number(n.toFixed(4)));

/** One step in words. */
export function describeStep(step: EnhancementStep): string {
  switch (step.op) {
    case 'crop':
      return `crop ${step.width}x${step.height} at (${step.x}, ${step.y})`;
    case 'rotate':
      return step.degrees >= 0
        ? `rotate ${num(step.degrees)} degrees clockwise`
        : `rotate ${num(-step.degrees)} degrees anticlockwise`;
    case 'brightness':
    case 'contrast':
      return `${step.op} x${num(step.factor)}`;
    case 'grayscale':
      return 'grayscale';
    case 'flip':
      return step.axis === 'horizontal' ? 'flip left-right' : 'flip top-bottom';
  }
}

/** The chain in one line for the audit record, e.g. `1. crop 120x80 at (10, 20); 2. contrast x1.3`. */
export function describeChain(steps: readonly EnhancementStep[]): string {
  if (steps.length === 0) return 'no enhancement (the original image)';
  return steps.map((s, i) => `${i + 1}. ${describeStep(s)}`).join('; ');
}

/** Validates a chain from outside (a request body or a stored record), naming the step at fault. */
export function parseChain(input: unknown): EnhancementStep[] {
  const parsed = enhancementChainSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = typeof issue.path[0] === 'number' ? issue.path[0] : undefined;
  const where = at === undefined ? 'the chain' : `step ${at + 1} (index ${at})`;
  const field = issue.path.slice(1).join('.');
  throw new EnhancementError('invalid-chain', `${where}${field ? `, ${field}` : ''}: ${issue.message}`, at);
}

interface Raw {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/** Size of the canvas sharp gives for a clockwise turn by `degrees`. */
function turnedSize(width: number, height: number, degrees: number): { width: number; height: number } {
  const rad = (degrees * Math.PI) / 180;
  const c = Math.abs(Math.cos(rad)),
    s = Math.abs(Math.sin(rad));
  return { width: Math.ceil(width * c + height * s), height: Math.ceil(width * s + height * c) };
}

async function applyStep(img: Raw, step: EnhancementStep, index: number, maxPixels: number): Promise<Raw> {
  const where = `step ${index + 1} (index ${index}, ${describeStep(step)})`;
  let p = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 }, limitInputPixels: false });
  switch (step.op) {
    case 'crop':
      if (step.x + step.width > img.width || step.y + step.height > img.height) {
        const reach = `reaches (${step.x + step.width}, ${step.y + step.height})`;
        const msg = `${where}: the crop ${reach} but the image at that step is ${img.width}x${img.height}`;
        throw new EnhancementError('crop-outside', msg, index);
      }
      p = p.extract({ left: step.x, top: step.y, width: step.width, height: step.height });
      break;
    case 'rotate': {
      const size = turnedSize(img.width, img.height, step.degrees);
      if (size.width * size.height > maxPixels) {
        const msg = `${where}: the turned image would be ${size.width}x${size.height}, over ${maxPixels} pixels`;
        throw new EnhancementError('too-many-pixels', msg, index);
      }
      p = p.rotate(step.degrees, { background: { r: 0, g: 0, b: 0 } });
      break;
    }
    case 'brightness':
      p = p.linear(step.factor, 0);
      break;
    case 'contrast':
      p = p.linear(step.factor, 128 * (1 - step.factor));
      break;
    case 'grayscale':
      p = p.recomb([luma, luma, luma]);
      break;
    case 'flip':
      p = step.axis === 'horizontal' ? p.flop() : p.flip();
      break;
  }
  const { data, info } = await p.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${where} gave ${info.channels} channels`);
  return { data, width: info.width, height: info.height };
}

/**
 * Applies a chain to an encoded probe image (JPEG, PNG, WebP, GIF or TIFF) step by step and returns
 * the result as PNG. A bad image throws ImageError; a bad chain or a crop outside the image throws
 * EnhancementError naming the step.
 */
export async function applyEnhancements(
  bytes: Uint8Array,
  steps: readonly EnhancementStep[],
  limits: DecodeLimits = defaultDecodeLimits,
): Promise<EnhancedImage> {
  const chain = parseChain(steps);
  const decoded = await decodeImage(bytes, limits);
  let img: Raw = {
    data: Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength),
    width: decoded.width,
    height: decoded.height,
  };
  for (const [i, step] of chain.entries()) img = await applyStep(img, step, i, limits.maxPixels);
  const raw = { width: img.width, height: img.height, channels: 3 as const };
  const image = await sharp(img.data, { raw, limitInputPixels: false }).png().toBuffer();
  return { image, width: img.width, height: img.height };
}
