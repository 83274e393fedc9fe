/** The deployment's record (R24) with labelled rows, and its CSV export. */
import type { Schemas } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { Resource } from '../../app/ui';
import { closeReasonLabel, recordLabel, statusLabel } from './labels';
import { useRecord } from './queries';

type Deployment = Schemas['Deployment'];

/** The record's coverage gaps (a camera dropped, or its pipeline process died) as one line each. */
function gapsText(gaps: readonly { camera: string; from: string; seconds: number | null; reason: string }[]): string {
  if (gaps.length === 0) return 'none';
  return gaps
    .map(
      (g) => `${g.camera}: ${g.reason} at ${g.from.slice(11, 19)} (${g.seconds === null ? 'open' : `${g.seconds} s`})`,
    )
    .join('; ');
}

export function RecordTable({ d }: { d: Deployment }) {
  const record = useRecord(d.id, d.status, d.counts.alerts);
  return (
    <section className="card" aria-labelledby="record-title">
      <h2 id="record-title">Deployment record</h2>
      <Resource loaded={loadedFrom(record)}>
        {(r) => (
          <table className="record">
            <tbody>
              {Object.entries(r).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{recordLabel(k)}</th>
                  <td>{v === null ? '—' : Array.isArray(v) ? gapsText(v) : recordValue(k, v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Resource>
      <a className="button" href={`/v1/deployments/${d.id}/record?format=csv`} download>
        Export CSV
      </a>
    </section>
  );
}

/** A record cell in words: the threshold to four decimals, rates as such, statuses labelled. */
function recordValue(k: string, v: string | number): string {
  if (k === 'threshold' && typeof v === 'number') return v.toFixed(4);
  if (k === 'incorrectAlertRate' && typeof v === 'number') return v === 0 ? '0' : v.toExponential(2);
  if (k === 'status' && typeof v === 'string') return statusLabel(v);
  if (k === 'closeReason' && typeof v === 'string') return closeReasonLabel(v);
  return String(v);
}
