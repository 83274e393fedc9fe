/** A started camera as the live runner and its camera loops see it: frames in, status, stop. */
import type { RgbImage } from '../shared/rgb-image.ts';

export interface LiveFrame {
  readonly seq: number;
  /** Wall-clock ms when the frame arrived from the camera. */
  readonly capturedAt: number;
  readonly image: RgbImage;
}

/** A started camera: its frames (a bounded queue behind), its status, and a way to stop it. */
export interface LiveCamera extends AsyncIterable<LiveFrame> {
  status(): Record<string, unknown>;
  stop(): Promise<void>;
}
