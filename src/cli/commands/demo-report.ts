/**
 * What `vigil demo` (demo.ts) prints and writes: the alert and camera-status lines as they come,
 * the summary once the deployment has closed, and its deployment record (R24) as a table, a CSV
 * and a JSON file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertEvent } from '../../live/alert.service.ts';
import type { CameraStatus } from '../../live/camera-status.ts';
import type { DeploymentCounts } from '../../live/deployment-counts.ts';
import { recordColumns, recordsToCsv, type DeploymentRecord } from '../../live/deployment-record.ts';

export interface AlertLine {
  readonly capturedAt: string;
  readonly camera: string;
  readonly subject: string;
  readonly score: number;
  readonly threshold: number;
  readonly trackFrames: number;
  readonly latencyMs: number | null;
}

export type StatusLine = Pick<CameraStatus, 'state' | 'fpsIn' | 'fpsOut' | 'framesReceived' | 'framesDropped'> & {
  readonly at: string;
};

/** A line of output. */
export type Say = (line?: string) => void;

/** The time of day, to the millisecond. */
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);

export function table(rows: readonly (readonly [string, string])[]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  const v = Math.max(...rows.map(([, x]) => x.length));
  const line = `+${'-'.repeat(w + 2)}+${'-'.repeat(v + 2)}+`;
  return [line, ...rows.map(([k, x]) => `| ${k.padEnd(w)} | ${x.padEnd(v)} |`), line].join('\n');
}

export const recordTable = (r: DeploymentRecord): string =>
  table(
    recordColumns.map(([key, title]) => {
      const value = r[key];
      return [
        title,
        typeof value === 'number' && !Number.isInteger(value) ? value.toPrecision(4) : String(value ?? ''),
      ];
    }),
  );

/** An alert as the demonstration reports it, and printed as it arrives. */
export function alertLine(e: AlertEvent, camera: string, say: Say): AlertLine {
  const a = e.alert;
  const line: AlertLine = {
    capturedAt: a.captured_at,
    camera,
    subject: a.subject_reference,
    score: a.score,
    threshold: a.threshold,
    trackFrames: a.track_frames,
    latencyMs: e.latencyMs ?? null,
  };
  say(
    `  [${clock(Date.parse(a.captured_at))}] ALERT ${line.camera}: ${line.subject} (${a.category}), score ` +
      `${a.score.toFixed(4)} >= threshold ${a.threshold.toFixed(4)} over ${a.track_frames} frames, ` +
      `${line.latencyMs ?? '?'} ms after capture; awaits an operator's decision`,
  );
  return line;
}

/** A camera's status now, as the demonstration reports it every few seconds, and printed. */
export function statusLine(camera: string, c: CameraStatus, say: Say): StatusLine {
  const { state, fpsIn, fpsOut, framesReceived, framesDropped } = c;
  say(
    `  [${clock(Date.now())}] ${camera}: ${state}, in ${fpsIn} fps, analysed ${fpsOut} fps, ` +
      `dropped ${framesDropped} of ${framesReceived}${c.lastError ? ` (${c.lastError})` : ''}`,
  );
  return { at: new Date().toISOString(), state, fpsIn, fpsOut, framesReceived, framesDropped };
}

export interface DemoRecordFiles {
  readonly csv: string;
  readonly json: string;
}

/** Writes the deployment record (R24) as `deployment-record.csv` and `.json` in `outDir`. */
export function writeDeploymentRecord(outDir: string, record: DeploymentRecord): DemoRecordFiles {
  mkdirSync(outDir, { recursive: true });
  const files = { csv: join(outDir, 'deployment-record.csv'), json: join(outDir, 'deployment-record.json') };
  writeFileSync(files.csv, recordsToCsv([record]));
  writeFileSync(files.json, JSON.stringify(record, null, 2) + '\n');
  return files;
}

/** The closing summary: what was seen and discarded, then the deployment record and where it was written. */
export function printClosed(
  say: Say,
  r: {
    readonly liveSeconds: number;
    readonly counts: DeploymentCounts;
    readonly alerts: number;
    readonly record: DeploymentRecord;
    readonly files: DemoRecordFiles;
  },
): void {
  const { counts, files } = r;
  const gates = Object.entries(counts.dropped).map(([reason, n]) => `${reason} ${n}`);
  say(`  closed after ${r.liveSeconds.toFixed(1)} s; the watchlist's template and image are destroyed (R10)`);
  say(
    `  ${counts.facesSeen} faces seen, ${counts.facesCompared} compared and then discarded (R18), ` +
      `${counts.tracks} tracks, ${r.alerts} alert(s)`,
  );
  if (gates.length > 0) say(`  faces stopped by the quality gates (R15), by reason: ${gates.join(', ')}`);
  say('');
  say('Deployment record (R24). Nothing is decided automatically: the positive and incorrect columns stay 0');
  say('until an operator adjudicates the alerts (POST /v1/alerts/:alertId/decision).');
  say(recordTable(r.record));
  say(`written: ${files.csv}\n         ${files.json}`);
}
