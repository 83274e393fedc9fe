/** The cameras of a deployment, and adding one to a draft (a video file may play once or loop). */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, describeError, ok, type Schemas } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, Resource } from '../../app/ui';
import { sourceKindLabel } from './labels';
import { useCameras, useInvalidateDeployment } from './queries';

type Deployment = Schemas['Deployment'];
type Kind = 'rtsp' | 'http' | 'file' | 'folder';

const isFile = (k: Kind): k is 'file' | 'folder' => k === 'file' || k === 'folder';

export function Cameras({ d }: { d: Deployment }) {
  const { can } = useSession();
  const mayList = can('cameras:read');
  const cams = useCameras(d.id, mayList);
  const invalidate = useInvalidateDeployment(d.id);
  const [added, setAdded] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('rtsp');
  const [where, setWhere] = useState('');
  const [loop, setLoop] = useState(false);
  const add = useMutation({
    mutationFn: () => {
      const source = isFile(kind) ? { kind, path: where, loop } : { kind, url: where };
      return ok(api.POST('/v1/deployments/{id}/cameras', { params: { path: { id: d.id } }, body: { name, source } }));
    },
    onSuccess: async () => {
      setAdded((a) => [...a, isFile(kind) ? `${name} (${loop ? 'loops' : 'plays once'})` : name]);
      setName('');
      setWhere('');
      await invalidate();
    },
  });
  return (
    <section className="card" aria-labelledby="cameras-title">
      <h2 id="cameras-title">Cameras</h2>
      <p className="muted">{d.cameraCount} camera(s) authorised for this deployment.</p>
      {added.length > 0 && <p role="status">Added: {added.join(', ')}</p>}
      {mayList ? (
        <Resource loaded={loadedFrom(cams)} isEmpty={(c) => c.cameras.length === 0} empty="No cameras yet.">
          {(c) => (
            <ul className="plain">
              {c.cameras.map((cam) => (
                <li key={cam.id}>
                  {cam.name}{' '}
                  <span className="muted">
                    ({sourceKindLabel(cam.source.kind)}: {cam.source.url ?? cam.source.path}
                    {cam.source.kind === 'file' || cam.source.kind === 'folder'
                      ? cam.source.loop
                        ? ', loops'
                        : ', plays once'
                      : ''}
                    )
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Resource>
      ) : (
        <p className="muted">The cameras are shown to operators and administrators.</p>
      )}
      {can('deployments:write') && d.status === 'draft' && (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Field label="Camera name">
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          </Field>
          <Field label="Source kind">
            <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {(['rtsp', 'http', 'file', 'folder'] as const).map((k) => (
                <option key={k} value={k}>
                  {sourceKindLabel(k)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={isFile(kind) ? 'Path on the server' : 'URL'}>
            <input value={where} onChange={(e) => setWhere(e.target.value)} required maxLength={2000} />
          </Field>
          {isFile(kind) && (
            <label className="radio">
              <input type="checkbox" checked={loop} onChange={(e) => setLoop(e.target.checked)} /> Play in a loop
              (unticked: play once, then the camera ends)
            </label>
          )}
          <button type="submit" disabled={add.isPending}>
            Add camera
          </button>
          {add.error && <ErrorMessage error={describeError(add.error)} />}
        </form>
      )}
    </section>
  );
}
