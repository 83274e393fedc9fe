/** The models in use and their model cards (R28). */
import { api, ok, type Schemas } from '../api/client';
import { Resource, useLoad } from '../app/ui';

function Card({ card }: { card: Schemas['ModelCard'] }) {
  return (
    <dl className="facts two">
      <dt>Name</dt>
      <dd>
        {card.name} {card.version}
      </dd>
      <dt>Source</dt>
      <dd>{card.source}</dd>
      <dt>Licence</dt>
      <dd>
        {card.licence}
        {card.licenceRestricted ? ' (restricted)' : ''}
      </dd>
      <dt>Training data</dt>
      <dd>{card.trainingData}</dd>
      {card.intendedUse && (
        <>
          <dt>Intended use</dt>
          <dd>{card.intendedUse}</dd>
        </>
      )}
      {card.limitations && (
        <>
          <dt>Limitations</dt>
          <dd>{card.limitations}</dd>
        </>
      )}
      {card.metrics && (
        <>
          <dt>Metrics</dt>
          <dd>
            {Object.entries(card.metrics)
              .map(([k, v]) => `${k}: ${v}`)
              .join('; ')}
          </dd>
        </>
      )}
    </dl>
  );
}

export function ModelsPage() {
  const models = useLoad(() => ok(api.GET('/v1/models')), []);
  return (
    <section className="page">
      <h1>Models</h1>
      <Resource loaded={models}>
        {(m) => (
          <>
            <p>
              Pack in use for new templates: <strong>{m.inUse}</strong>
            </p>
            <h2>Packs</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Pack</th>
                  <th scope="col">Detector</th>
                  <th scope="col">Landmarker</th>
                  <th scope="col">Recognizer</th>
                </tr>
              </thead>
              <tbody>
                {m.packs.map((p) => (
                  <tr key={p.name}>
                    <td>{p.name}</td>
                    <td>{p.detector}</td>
                    <td>{p.landmarker ?? '—'}</td>
                    <td>{p.recognizer}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2>Built-in nets</h2>
            <ul className="image-list">
              {m.builtIn.map((b) => (
                <li key={b.modelId} className="card">
                  <h3>
                    {b.kind}: {b.modelId}
                  </h3>
                  <p className={b.expected ? 'ok' : 'warn'}>
                    {b.expected ? 'Weights as measured' : 'Weights differ from those measured'} (sha256{' '}
                    {b.sha256.slice(0, 12)}…)
                  </p>
                  {b.card ? <Card card={b.card} /> : <p className="muted">No model card.</p>}
                </li>
              ))}
            </ul>
            <h2>Registered models</h2>
            {m.registered.length === 0 ? (
              <p className="empty">No ONNX models registered.</p>
            ) : (
              <ul className="image-list">
                {m.registered.map((r) => (
                  <li key={r.id} className="card">
                    <h3>
                      {r.role} {r.kind}: {r.id}
                    </h3>
                    <Card card={r.card} />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Resource>
    </section>
  );
}
