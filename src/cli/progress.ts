/**
 * Progress of a long CLI job (issue 15): counts, rate and time left. A redrawn bar (cli-progress)
 * on stderr when it is a terminal; a plain line every few seconds, and always the last one, when
 * stderr is a pipe or a log file; nothing at all under --json, so stdout stays one JSON document.
 */
import { MultiBar, type SingleBar } from 'cli-progress';

export interface ProgressBar {
  /** The counts so far; `total` undefined while unknown (a folder still being listed). `detail` follows them. */
  update(done: number, total: number | undefined, detail?: string): void;
  /** A line for people (a refused file) printed above the bar, never into it. */
  note(line: string): void;
  /** Shows the last counts and ends the bar; an update after it starts a new pass. Safe to call twice. */
  stop(): void;
}

export interface ProgressFigures {
  readonly done: number;
  readonly total: number | undefined;
  readonly elapsedMs: number;
}

/** Items per second and seconds left (null while unknown). */
export function rateAndEta(p: ProgressFigures): { rate: number; etaSeconds: number | null } {
  const rate = p.elapsedMs > 0 ? (p.done * 1000) / p.elapsedMs : 0;
  const left = p.total === undefined ? null : Math.max(0, p.total - p.done);
  return { rate, etaSeconds: left === null || rate <= 0 ? (left === 0 ? 0 : null) : Math.round(left / rate) };
}

export function formatSeconds(s: number | null): string {
  if (s === null) return '?';
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Rate and time left measured from the first count a pass reports (the work before it, such as
 * starting the engine, is not the job's pace). Call `reset()` for a new pass.
 */
export function pace(now: () => number = Date.now) {
  let base: { done: number; at: number } | undefined;
  return {
    of(done: number, total: number | undefined) {
      base ??= { done, at: now() };
      return rateAndEta({
        done: done - base.done,
        total: total === undefined ? undefined : total - base.done,
        elapsedMs: now() - base.at,
      });
    },
    reset() {
      base = undefined;
    },
  };
}

/** The counts as one line: `gallery import 5/9 images · 2.1/s · eta 2s · 1 refused`. */
export function progressLine(
  label: string,
  unit: string,
  p: { done: number; total: number | undefined },
  speed: { rate: number; etaSeconds: number | null },
  detail?: string,
): string {
  return (
    `${label} ${p.done}/${p.total ?? '?'} ${unit} · ${speed.rate.toFixed(1)}/s · eta ${formatSeconds(speed.etaSeconds)}` +
    (detail ? ` · ${detail}` : '')
  );
}

export type ProgressMode = 'bar' | 'lines' | 'quiet';

export function progressMode(json: boolean, stderrIsTty: boolean): ProgressMode {
  return json ? 'quiet' : stderrIsTty ? 'bar' : 'lines';
}

const quiet: ProgressBar = { update: () => undefined, note: () => undefined, stop: () => undefined };

/** Plain lines for pipes and logs: the first, one every `everyMs`, and the last at stop. */
export function lineProgress(label: string, unit: string, write: (line: string) => void, everyMs = 5_000): ProgressBar {
  const speed = pace();
  let state: { done: number; total: number | undefined; detail?: string | undefined } | undefined;
  let lastWritten: number | undefined;
  let lastLine = '';
  const line = () => (state ? progressLine(label, unit, state, speed.of(state.done, state.total), state.detail) : '');
  return {
    update(done, total, detail) {
      state = { done, total, detail };
      const text = line();
      if (lastWritten === undefined || Date.now() - lastWritten >= everyMs) {
        lastWritten = Date.now();
        write((lastLine = text));
      }
    },
    note: (text) => write(text),
    stop() {
      if (!state) return;
      const last = line();
      if (last !== lastLine) write(last);
      state = undefined;
      lastWritten = undefined;
      lastLine = '';
      speed.reset();
    },
  };
}

/** The redrawn bar on a terminal (stderr). */
function terminalProgress(label: string, unit: string): ProgressBar {
  let multi: MultiBar | undefined;
  let bar: SingleBar | undefined;
  const speed = pace();
  const payload = (done: number, total: number | undefined, detail?: string) => {
    const { rate, etaSeconds } = speed.of(done, total);
    return {
      totalText: total ?? '?',
      rateText: rate.toFixed(1),
      etaText: formatSeconds(etaSeconds),
      detail: detail ? ` · ${detail}` : '',
    };
  };
  return {
    update(done, total, detail) {
      if (!multi || !bar) {
        multi = new MultiBar({
          stream: process.stderr,
          format: `${label} [{bar}] {value}/{totalText} ${unit} · {rateText}/s · eta {etaText}{detail}`,
          barsize: 20,
          // The cursor stays, and Ctrl-C keeps its default: the job ends at once.
          hideCursor: false,
          gracefulExit: false,
          clearOnComplete: false,
          stopOnComplete: false,
          autopadding: false,
          fps: 10,
        });
        bar = multi.create(Math.max(total ?? done, 1), done, payload(done, total, detail));
      }
      bar.setTotal(Math.max(total ?? done, 1));
      bar.update(done, payload(done, total, detail));
    },
    note(text) {
      if (multi) {
        multi.log(`${text}\n`);
        multi.update(); // at once, in order: the buffer is not flushed by stop()
      } else process.stderr.write(`${text}\n`);
    },
    stop() {
      multi?.stop();
      speed.reset();
      multi = undefined;
      bar = undefined;
    },
  };
}

/** The progress display for this output mode. */
export function createProgress(mode: ProgressMode, label: string, unit: string): ProgressBar {
  if (mode === 'quiet') return quiet;
  if (mode === 'bar') return terminalProgress(label, unit);
  return lineProgress(label, unit, (line) => process.stderr.write(`${line}\n`));
}
