/**
 * Adapters from the media modules (video probes through ffmpeg, the enhancement chain through
 * sharp) to the shapes the case workspace and search use, with the configured limits.
 */
import { mkdirSync } from 'node:fs';
import type { VigilConfig } from './config.ts';
import type { FaceEngine } from '../faces/engine.ts';
import type { QualityReason } from '../faces/quality.ts';
import type { VideoAnalysis } from '../retro/case.service.ts';
import { applyEnhancements, EnhancementError, parseChain } from '../retro/enhancement.ts';
import type { EnhancementChain } from '../retro/search.service.ts';
import { probeUploadedVideo } from '../faces/video-probe.ts';
import { DomainError } from '../shared/domain-error.ts';
import { probeTempDir } from '../video/temp-sweep.ts';

export function videoProbeAnalyser(
  engine: Pick<FaceEngine, 'analyseFrame' | 'workers' | 'pack'>,
  config: Pick<VigilConfig, 'dataDir' | 'video'>,
): (bytes: Uint8Array) => Promise<VideoAnalysis> {
  return async (bytes) => {
    // Uploaded video is decoded from a private temporary file (0600) that is deleted straight after;
    // one left by a crash is swept at start-up and by the purge (src/video/temp-sweep.ts).
    const tempDir = probeTempDir(config.dataDir);
    mkdirSync(tempDir, { recursive: true, mode: 0o700 });
    const r = await probeUploadedVideo(engine, bytes, {
      tempDir,
      fps: config.video.analysisFps,
      // Investigators choose whom to search: show every track with its quality, not only those passing
      // the gates (most CCTV faces fail the blur gate; the video itself is already case evidence).
      includeBelowQuality: true,
      decode: { limits: { maxBytes: config.video.maxBytes, maxDurationMs: config.video.maxDurationSeconds * 1000 } },
    });
    return {
      width: r.video.width,
      height: r.video.height,
      durationMs: r.video.durationMs ?? 0,
      warnings: r.warnings.map((w) => w.message),
      // Tracks whose best face has no quality result were never measured (no landmarks): not searchable.
      tracks: r.tracks.flatMap((t) => {
        const q = t.best.quality;
        if (!q) return [];
        const reasons = (q as { reasons?: readonly QualityReason[] }).reasons ?? [];
        const best = { timestampMs: t.best.timestampMs, box: t.best.box, crop: t.best.crop, frame: t.best.frame };
        return [
          { firstMs: t.firstMs, lastMs: t.lastMs, frameCount: t.frames, best: { ...best, quality: { ...q, reasons } } },
        ];
      }),
    };
  };
}

export function enhanceProbe(
  config: Pick<VigilConfig, 'limits'>,
): (bytes: Uint8Array, chain: EnhancementChain) => Promise<Uint8Array> {
  return async (bytes, chain) => {
    try {
      const steps = parseChain(chain);
      const limits = { maxBytes: config.limits.maxImageBytes, maxPixels: config.limits.maxImagePixels };
      return (await applyEnhancements(bytes, steps, limits)).image;
    } catch (err) {
      // A chain that cannot apply to this probe (a crop outside it, say) is the caller's to fix.
      if (err instanceof EnhancementError) throw new DomainError('refused', err.code, err.message);
      throw err;
    }
  };
}
