/** Live cameras for the live runner: each a CameraFeed (ffmpeg, bounded queue, reconnects). */
import type { VigilConfig } from '../config/config.ts';
import { startCameraFeed, type CameraEvent, type CameraSourceSpec } from '../live/camera-feed.ts';
import type { LiveCamera } from '../live/live-runner.ts';
import type { CameraRow } from '../live/live.repository.ts';

export function openLiveCamera(
  camera: CameraRow,
  live: VigilConfig['live'],
  onEvent?: (event: CameraEvent) => void,
): LiveCamera {
  const source = JSON.parse(camera.source_json) as CameraSourceSpec;
  const feed = startCameraFeed({
    cameraId: camera.id,
    source,
    analysisFps: live.analysisFps,
    maxWidth: live.maxFrameWidth,
    queueCapacity: live.queueCapacity,
    ...(onEvent ? { onEvent } : {}),
  });
  return {
    [Symbol.asyncIterator]: () => feed[Symbol.asyncIterator](),
    status: () => ({ ...feed.status() }),
    stop: () => feed.stop(),
  };
}
