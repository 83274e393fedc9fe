/**
 * The live picture (issue 13): one tile per camera with its current analysed frame (faces boxed,
 * track ids), refreshed about once a second, its frame rates and state. The frame is fetched over
 * the signed-in session and shown from memory (an object URL dropped at the next frame): the
 * browser keeps no copy (the server sends it `no-store`), as the server keeps none (R18).
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ok } from '../../api/client';
import { cameraStateLabel } from './labels';
import './live.css';

interface CameraStatus {
  state?: string;
  fpsIn?: number;
  fpsOut?: number;
  framesDropped?: number;
  lastError?: string;
}

export const cameraKeys = { of: (id: string) => ['deployments', id, 'cameras'] as const };

export function useCameras(deploymentId: string, enabled: boolean) {
  return useQuery({
    queryKey: cameraKeys.of(deploymentId),
    queryFn: () => ok(api.GET('/v1/deployments/{id}/cameras', { params: { path: { id: deploymentId } } })),
    enabled,
    refetchInterval: 2000,
  });
}

export function CameraGrid({ deploymentId, showFrames }: { deploymentId: string; showFrames: boolean }) {
  const cameras = useCameras(deploymentId, true);
  if (cameras.error) return <p className="error">Camera status could not be read: {cameras.error.message}</p>;
  if (!cameras.data) return <p className="muted">Loading cameras…</p>;
  if (cameras.data.cameras.length === 0) return <p className="empty">This deployment has no cameras.</p>;
  return (
    <ul className="camera-grid" aria-label="Cameras">
      {cameras.data.cameras.map((cam) => (
        <CameraTile
          key={cam.id}
          deploymentId={deploymentId}
          id={cam.id}
          name={cam.name}
          status={cam.status as CameraStatus | null}
          showFrame={showFrames}
        />
      ))}
    </ul>
  );
}

function CameraTile(p: {
  deploymentId: string;
  id: string;
  name: string;
  status: CameraStatus | null;
  showFrame: boolean;
}) {
  const s = p.status;
  const running = s !== null && s.state !== 'ended' && s.state !== 'stopped';
  const frame = useFrame(p.deploymentId, p.id, p.showFrame && running);
  return (
    <li className={`camera-tile state-${s?.state ?? 'idle'}`} data-testid="camera-tile">
      <div className="frame">
        {frame.url ? (
          <img
            src={frame.url}
            alt={`live view of ${p.name}: ${frame.faces} face(s) boxed`}
            data-testid="camera-frame"
          />
        ) : (
          <span>{p.showFrame ? (frame.message ?? 'Waiting for a frame…') : 'Live view needs the operator role'}</span>
        )}
      </div>
      <h3>{p.name}</h3>
      <p>
        <strong data-testid="camera-state">{cameraStateLabel(s?.state)}</strong>
        {s && (
          <>
            {' '}
            · {(s.fpsIn ?? 0).toFixed(1)} fps in · {(s.fpsOut ?? 0).toFixed(1)} analysed · {s.framesDropped ?? 0}{' '}
            dropped
          </>
        )}
      </p>
      {s?.lastError && <p className="warn">Last problem: {s.lastError}</p>}
    </li>
  );
}

/** The camera's current frame as an object URL, fetched about once a second while `on`. */
function useFrame(deploymentId: string, cameraId: string, on: boolean) {
  const [state, setState] = useState<{ url?: string; faces: number; message?: string }>({ faces: 0 });
  useEffect(() => {
    if (!on) return;
    let closed = false;
    let url: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = async () => {
      try {
        const r = await fetch(`/v1/deployments/${deploymentId}/cameras/${cameraId}/frame`, {
          credentials: 'same-origin',
          cache: 'no-store',
        });
        if (closed) return;
        if (r.ok) {
          const fresh = URL.createObjectURL(await r.blob());
          if (url) URL.revokeObjectURL(url);
          url = fresh;
          setState({ url, faces: Number(r.headers.get('x-frame-faces') ?? 0) });
        } else {
          const body = (await r.json().catch(() => null)) as { error?: { message?: string } } | null;
          if (url) URL.revokeObjectURL(url);
          url = undefined;
          setState({ faces: 0, message: body?.error?.message ?? `no frame (${r.status})` });
        }
      } catch {
        if (!closed) setState((s) => ({ ...s, message: 'the connection dropped; retrying' }));
      }
      if (!closed) timer = setTimeout(() => void next(), 1000);
    };
    void next();
    return () => {
      closed = true;
      if (timer) clearTimeout(timer);
      if (url) URL.revokeObjectURL(url);
    };
  }, [deploymentId, cameraId, on]);
  return state;
}
