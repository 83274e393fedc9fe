/** The cameras of a deployment, and adding one to a draft (a video file may play once or loop). */
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, Resource, useAction, useLoad } from '../../app/ui';
import { sourceKindLabel } from './labels';

type Deployment = Schemas['Deployment'];

export function Cameras({ d, onChange }: { d: Deployment; onChange: () => void }) {
  const { can } = useSession();
  const mayList = can('cameras:read');
  const cams = useLoad(
    () =>
      mayList ? ok(api.GET('/v1/deployments/{id}/cameras', { params: { path: { id: d.id } } })) : Promise.resolve(null),
    [d.id, mayList],
  );
  const [added, setAdded] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'rtsp' | 'http' | 'file' | 'folder'>('rtsp');
  const [where, setWhere] = useState('');
  const [loop, setLoop] = useState(false);
  const add = useAction();
  return (
    <section className="card" aria-labelledby="cameras-title">
      <h2 id="cameras-title">Cameras</h2>
      <p className="muted">{d.cameraCount} camera(s) authorised for this deployment.</p>
      {added.length > 0 && <p role="status">Added: {added.join(', ')}</p>}
      <Resource loaded={cams} isEmpty={(c) => c !== null && c.cameras.length === 0} empty="No cameras yet.">
        {(c) =>
          c === null ? (
            <p className="muted">The cameras are shown to operators and administrators.</p>
          ) : (
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
          )
        }
      </Resource>
      {can('deployments:write') && d.status === 'draft' && (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void add.run(async () => {
              const source = kind === 'file' || kind === 'folder' ? { kind, path: where, loop } : { kind, url: where };
              await ok(
                api.POST('/v1/deployments/{id}/cameras', { params: { path: { id: d.id } }, body: { name, source } }),
              );
              setAdded([
                ...added,
                kind === 'file' || kind === 'folder' ? `${name} (${loop ? 'loops' : 'plays once'})` : name,
              ]);
              setName('');
              setWhere('');
              cams.reload();
              onChange();
            });
          }}
        >
          <Field label="Camera name">
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          </Field>
          <Field label="Source kind">
            <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="rtsp">RTSP stream</option>
              <option value="http">HTTP stream</option>
              <option value="file">video file</option>
              <option value="folder">folder of images</option>
            </select>
          </Field>
          <Field label={kind === 'file' || kind === 'folder' ? 'Path on the server' : 'URL'}>
            <input value={where} onChange={(e) => setWhere(e.target.value)} required maxLength={2000} />
          </Field>
          {(kind === 'file' || kind === 'folder') && (
            <label className="radio">
              <input type="checkbox" checked={loop} onChange={(e) => setLoop(e.target.checked)} /> Play in a loop
              (unticked: play once, then the camera ends)
            </label>
          )}
          <button type="submit" disabled={add.busy}>
            Add camera
          </button>
          <ErrorMessage error={add.error} />
        </form>
      )}
    </section>
  );
}
