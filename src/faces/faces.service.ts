/**
 * The face use cases behind the API: detect (faces, landmarks, quality; never templates) and
 * compare (one face per image unless an index is given; "match" only at or above the calibrated
 * threshold, otherwise "no match", R17). The engine and the calibrations are injected.
 */
import { pipelineIdOf } from './pipeline-id.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { FaceEngine, ImageAnalysis } from './engine.ts';
import { ImageError } from './image-decode.ts';
import type { AnalysedFace } from './pipeline.ts';
import { similarity } from './template.ts';
import { ThresholdError, type ResolvedThreshold } from './thresholds.ts';
import { chooseFace } from './face-choice.ts';
import type { Box, Point } from './types.ts';
import type { QualityReason, QualityResult } from './quality.ts';
import type { ImageFormat } from './image-decode.ts';

/** The part of the face engine the API uses; a `FaceEngine` is one. */
export type FaceAnalyser = Pick<FaceEngine, 'analyse' | 'pack' | 'workers'>;

export interface FacesServiceDeps {
  readonly engine: Pick<FaceEngine, 'analyse' | 'pack'>;
  /**
   * The threshold in force for a model (R14): the composition root's one `thresholdInForce`, the
   * same that search, enrolment and live alerts use, so a policy change reaches compare too.
   */
  readonly thresholdInForce: (modelId: string) => ResolvedThreshold;
}

/** A face as a response may describe it: never its template. */
export interface PresentedFace {
  readonly box: Box;
  readonly score: number;
  readonly landmarks: Point[];
  readonly quality: Omit<QualityResult, 'reasons'> & { reasons: QualityReason[] };
}

export interface DetectResult {
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat | 'rgb';
  readonly pack: string;
  readonly faces: PresentedFace[];
}

export interface CompareResult {
  readonly score: number;
  readonly threshold: number;
  readonly thresholdSource: ResolvedThreshold['source'];
  readonly operatingFmr: ResolvedThreshold['operatingFmr'];
  readonly decision: 'match' | 'no match';
  readonly modelId: string;
  readonly a: PresentedFace & { index: number };
  readonly b: PresentedFace & { index: number };
}

export interface CompareRequest {
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly faceA?: number | undefined;
  readonly faceB?: number | undefined;
}

/** What a response may say about a face: never its template. */
export function presentFace(face: AnalysedFace): PresentedFace {
  return {
    box: face.box,
    score: face.score,
    landmarks: [...face.five],
    quality: { ...face.quality, reasons: [...face.quality.reasons] },
  };
}

/** The chosen face of image a or b, named as the API names its fields. */
export function pickFace(name: 'a' | 'b', analysis: ImageAnalysis, index: number | undefined) {
  return chooseFace(`image ${name}`, analysis, index, `the ${name === 'a' ? 'faceA' : 'faceB'} field`);
}

export class FacesService {
  constructor(private readonly deps: FacesServiceDeps) {}

  async detect(image: Uint8Array): Promise<DetectResult> {
    const r = await this.deps.engine.analyse(image, { embed: 'none' });
    return {
      width: r.width,
      height: r.height,
      format: r.format,
      pack: this.deps.engine.pack.name,
      faces: r.faces.map(presentFace),
    };
  }

  async compare(request: CompareRequest): Promise<CompareResult> {
    // The threshold first: without a calibration there is no decision to make, so no work to do.
    const t = this.threshold();
    const [ra, rb] = await Promise.all([this.analyse('a', request.a), this.analyse('b', request.b)]);
    const a = pickFace('a', ra, request.faceA);
    const b = pickFace('b', rb, request.faceB);
    if (a.template.modelId !== t.modelId) {
      throw new Error(`the engine made a ${a.template.modelId} template; the threshold is for ${t.modelId}`);
    }
    const score = similarity(a.template, b.template);
    return {
      score,
      threshold: t.threshold,
      thresholdSource: t.source,
      operatingFmr: t.operatingFmr,
      decision: score >= t.threshold ? 'match' : 'no match',
      modelId: t.modelId,
      a: { index: a.index, ...presentFace(a.face) },
      b: { index: b.index, ...presentFace(b.face) },
    };
  }

  private threshold(): ResolvedThreshold {
    const modelId = pipelineIdOf(this.deps.engine.pack);
    try {
      return this.deps.thresholdInForce(modelId);
    } catch (err) {
      if (!(err instanceof ThresholdError)) throw err;
      throw new DomainError(
        'unavailable',
        'not-calibrated',
        `model ${modelId} has no calibrated threshold, so no decision can be made; an operator must run \`vigil eval calibrate --write\``,
      );
    }
  }

  /** Analyses one image; a refused image names which one it was. */
  private async analyse(name: 'a' | 'b', bytes: Uint8Array): Promise<ImageAnalysis> {
    try {
      return await this.deps.engine.analyse(bytes, { embed: 'all' });
    } catch (err) {
      if (err instanceof ImageError) throw new ImageError(err.code, `image ${name}: ${err.message}`);
      throw err;
    }
  }
}
