/** The alert queue: each alert with the face seen, the watchlist image, name, category and decision. */
import { score } from '../../app/ui';
import type { Alert } from '../../pages/alert-stream';
import { decisionLabel, shortTime, subjectOf } from './labels';

export function AlertQueue(p: {
  alerts: readonly Alert[];
  currentId: string | undefined;
  fresh: ReadonlySet<string>;
  onSelect: (id: string) => void;
}) {
  if (p.alerts.length === 0) {
    return (
      <p className="empty" role="status">
        No alerts yet. New alerts appear here the moment they are raised.
      </p>
    );
  }
  return (
    <ul className="alert-queue" aria-label="Alerts">
      {p.alerts.map((a) => (
        <li key={a.id}>
          <button
            type="button"
            className={`alert-item${p.fresh.has(a.id) ? ' fresh' : ''}${a.id === p.currentId ? ' current' : ''}`}
            aria-pressed={a.id === p.currentId}
            aria-label={`${subjectOf(a)}, ${a.category}, ${decisionLabel(a)}`}
            data-testid="alert-item"
            onClick={() => p.onSelect(a.id)}
          >
            {a.hasProbeImage ? (
              <img src={`/v1/alerts/${a.id}/probe`} alt="" loading="lazy" />
            ) : (
              <span className="noimg">gone</span>
            )}
            {a.hasReferenceImage ? (
              <img src={`/v1/alerts/${a.id}/reference`} alt="" loading="lazy" />
            ) : (
              <span className="noimg">gone</span>
            )}
            <span>
              <span className="who">{subjectOf(a)}</span>
              <br />
              <span className="meta">
                {a.category} · {score(a.score)} · {a.cameraName ?? 'camera'} · {shortTime(a.capturedAt)}
              </span>
              <br />
              <span className={a.operator ? 'ok' : 'warn'}>{decisionLabel(a)}</span>
              {a.seenCount > 1 && (
                <>
                  {' '}
                  <span className="seen-again" data-testid="seen-again">
                    seen again ×{a.seenCount - 1}, last {shortTime(a.lastSeenAt)}
                  </span>
                </>
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
