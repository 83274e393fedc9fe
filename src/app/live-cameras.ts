/** Live cameras for the live runner: each a CameraFeed (ffmpeg, bounded queue, reconnects), its source vetted. */
import { join } from 'node:path';
import type { VigilConfig } from './config.ts';
import { defaultSqliteFile } from '../db/database.ts';
import { startCameraFeed, type CameraEvent, type CameraSourceSpec } from '../live/camera-feed.ts';
import { CameraSourcePolicy } from '../live/camera-source-vetting.ts';
import type { LiveCamera } from '../live/live-runner.ts';
import type { CameraRow } from '../live/live.repository.ts';

/** The API's port as the server picks it (VIGIL_PORT, else 8080): refused to cameras on this host. */
function apiPorts(env: NodeJS.ProcessEnv): number[] {
  const port = Number(env['VIGIL_PORT'] ?? 8080);
  return Number.isInteger(port) && port > 0 ? [port] : [8080];
}

/**
 * The camera source rules of a configuration (issue 12): its `live.cameraSources`, with the
 * secrets folder, the key files and the SQLite database always denied.
 */
export function cameraSourcePolicy(config: VigilConfig, env: NodeJS.ProcessEnv = process.env): CameraSourcePolicy {
  const sources = config.live.cameraSources;
  const sqlite = defaultSqliteFile(config.dataDir);
  const denied = [join(config.dataDir, 'secrets'), sqlite, `${sqlite}-wal`, `${sqlite}-shm`];
  for (const file of [config.keyFile, config.audit.keyFile]) if (file) denied.push(file);
  return new CameraSourcePolicy({
    schemes: sources.schemes,
    hosts: sources.hosts,
    fileRoots: sources.fileRoots ?? [join(config.dataDir, 'footage')],
    deniedPaths: denied,
    selfPorts: apiPorts(env),
  });
}

export function openLiveCamera(
  camera: CameraRow,
  live: VigilConfig['live'],
  onEvent?: (event: CameraEvent) => void,
  policy?: CameraSourcePolicy,
): LiveCamera {
  const source = JSON.parse(camera.source_json) as CameraSourceSpec;
  const feed = startCameraFeed({
    cameraId: camera.id,
    source,
    analysisFps: live.analysisFps,
    maxWidth: live.maxFrameWidth,
    queueCapacity: live.queueCapacity,
    ...(onEvent ? { onEvent } : {}),
    ...(policy ? { vetSource: (s: CameraSourceSpec) => policy.vet(s) } : {}),
  });
  return {
    [Symbol.asyncIterator]: () => feed[Symbol.asyncIterator](),
    status: () => ({ ...feed.status() }),
    stop: () => feed.stop(),
  };
}
