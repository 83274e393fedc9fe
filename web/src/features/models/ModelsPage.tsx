/** The models in use and their model cards (R28). Long names and hashes wrap: the page never scrolls sideways. */
import { useQuery } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../api/client';
import { humanise, labelOf } from '../../app/labels';
import { loadedFrom } from '../../app/loaded';
import { Resource } from '../../app/ui';
import '../admin.css';
import { metricLabels, modelKindLabels, modelRoleLabels } from './labels';

function Card({ card }: { card: Schemas['ModelCard'] }) {
  return (
    <dl className="facts model-card">
      <dt>Name</dt>
      <dd className="wrap">
        {card.name} {card.version}
      </dd>
      <dt>Source</dt>
      <dd className="wrap">{card.source}</dd>
      <dt>Licence</dt>
      <dd className="wrap">
        {card.licence}
        {card.licenceRestricted ? ' (restricted)' : ''}
      </dd>
      <dt>Training data</dt>
      <dd className="wrap">{card.trainingData}</dd>
      {card.intendedUse && (
        <>
          <dt>Intended use</dt>
          <dd className="wrap">{card.intendedUse}</dd>
        </>
      )}
      {card.limitations && (
        <>
          <dt>Limitations</dt>
          <dd className="wrap">{card.limitations}</dd>
        </>
      )}
      {card.metrics && (
        <>
          <dt>Metrics</dt>
          <dd className="wrap">
            <ul className="plain">
              {Object.entries(card.metrics).map(([k, v]) => (
                <li key={k}>
                  {metricLabels[k] ?? humanise(k)}: {String(v)}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}

export function ModelsPage() {
  const models = useQuery({ queryKey: ['models'], queryFn: () => ok(api.GET('/v1/models')) });
  return (
    <section className="page models">
      <h1>Models</h1>
      <Resource loaded={loadedFrom(models)}>
        {(m) => (
          <>
            <p>
              Pack in use for new templates: <strong>{m.inUse}</strong>
            </p>
            <h2>Packs</h2>
            <table className="fixed">
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
                    <th scope="row" className="wrap">
                      {p.name}
                      {p.name === m.inUse ? ' (in use)' : ''}
                    </th>
                    <td className="wrap">{p.detector}</td>
                    <td className="wrap">{p.landmarker ?? '—'}</td>
                    <td className="wrap">{p.recognizer}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2>Built-in nets</h2>
            <ul className="image-list">
              {m.builtIn.map((b) => (
                <li key={b.modelId} className="card">
                  <h3 className="wrap">{labelOf(modelKindLabels, b.kind)}</h3>
                  <p className="hint wrap">{b.modelId}</p>
                  <p className={b.expected ? 'ok' : 'warn'}>
                    {b.expected ? 'Weights as measured' : 'Weights differ from those measured'}{' '}
                    <span className="hint">(SHA-256 {b.sha256.slice(0, 12)}…)</span>
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
                    <h3 className="wrap">
                      {labelOf(modelRoleLabels, r.role)}: {labelOf(modelKindLabels, r.kind)}
                    </h3>
                    <p className="hint wrap">{r.id}</p>
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
