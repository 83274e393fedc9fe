/** The probes' input and analysis shapes (R33, R37), shared by the probe use cases, the video analysis and the routes. */
import type { QualityResult } from '../faces/quality.ts';
import type { Box } from '../faces/types.ts';

export const probeProvenances = ['cctv', 'social-media', 'doorbell', 'dashcam', 'phone', 'other'] as const;
export type ProbeProvenance = (typeof probeProvenances)[number];

/** One face track of a video probe, as the video analysis returns it (pixels only for the best frame). */
export interface FoundTrack {
  readonly firstMs: number;
  readonly lastMs: number;
  readonly frameCount: number;
  readonly best: {
    readonly timestampMs: number;
    readonly box: Box;
    readonly quality: QualityResult;
    /** JPEG of the face region with a margin. */
    readonly crop: Uint8Array;
    /** JPEG of the whole frame, searched when this track is picked. */
    readonly frame: Uint8Array;
  };
}

export interface VideoAnalysis {
  readonly width: number;
  readonly height: number;
  readonly durationMs: number;
  readonly tracks: readonly FoundTrack[];
  /** Anything the investigator should know, e.g. that the file was truncated after some seconds. */
  readonly warnings: readonly string[];
}

export interface NewProbeInput {
  readonly bytes: Uint8Array;
  readonly filename?: string | undefined;
  readonly provenance: ProbeProvenance;
  readonly description?: string | undefined;
}
