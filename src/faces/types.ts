/** Core value types of the face engine. Pixel data is always 8-bit RGB, row-major, interleaved. */

export type { RgbImage } from '../shared/rgb-image.ts';
import type { RgbImage } from '../shared/rgb-image.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Axis-aligned box in pixels of the image it was found in. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Five facial points in a fixed order, as seen in the image (not the subject's left/right):
 * [eye on the image's left, eye on the image's right, nose tip, mouth corner on the image's left,
 * mouth corner on the image's right]. This is the order of YuNet, SCRFD and the ArcFace template.
 */
export type FivePoints = readonly [Point, Point, Point, Point, Point];

export interface Detection {
  readonly box: Box;
  /** Detector confidence, 0..1. */
  readonly score: number;
  /** Five points when the detector provides them (YuNet, SCRFD); absent for box-only detectors. */
  readonly fivePoints?: FivePoints;
}

/** A detector finds faces in a whole image. Implementations run inside engine workers. */
export interface FaceDetector {
  readonly modelId: string;
  detect(image: RgbImage, options: { readonly minScore: number; readonly maxFaces: number }): Promise<Detection[]>;
}

/** A landmarker that places the 68 iBUG points inside a detected box (face-api's net). */
export interface Landmarker {
  readonly modelId: string;
  landmarks68(image: RgbImage, box: Box): Promise<Point[]>;
}

/** What a five-point landmarker gives: the five points, optionally stand-ins for iBUG points. */
export interface LocatedPoints {
  readonly five: FivePoints;
  /** Points standing in for iBUG points (by iBUG index) when the chip is fitted on those. */
  readonly ibug?: ReadonlyMap<number, Point>;
}

/** A landmarker that gives the five alignment points directly (MediaPipe FaceMesh). */
export interface FivePointLandmarker {
  readonly modelId: string;
  fivePoints(image: RgbImage, box: Box): Promise<LocatedPoints>;
}

/** Either kind of landmarker a pack may have. */
export type AnyLandmarker = Landmarker | FivePointLandmarker;

/** The canonical crop a recognizer was trained on. */
export type AlignmentTemplate = 'dlib-chip-150' | 'arcface-112';

/** A recognizer turns aligned face chips into embedding vectors. */
export interface Recognizer {
  readonly modelId: string;
  readonly alignment: AlignmentTemplate;
  /** Side of the square chip the recognizer takes, in pixels. */
  readonly chipSize: number;
  readonly dimensions: number;
  /** One raw (not yet normalised) vector per chip, in order. */
  embed(chips: readonly RgbImage[]): Promise<Float32Array[]>;
}
