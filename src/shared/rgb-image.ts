/** Decoded pixels as every stage passes them: a video frame, an image, an aligned chip. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** width * height * 3 bytes, RGB interleaved. */
  readonly data: Uint8Array;
}
