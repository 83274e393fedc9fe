/** How CLI commands report: a human-readable text, or one JSON document with --json. */
import { createProgress, progressMode, type ProgressBar } from './progress.ts';

export type { ProgressBar } from './progress.ts';

export interface Output {
  readonly json: boolean;
  /** Prints the command's result: `human` renders it for people, the object itself is the JSON. */
  result(value: unknown, human: () => string): void;
  /** A status line (a step of a job) for people on stderr (never with --json, so stdout stays one JSON document). */
  progress(line: string): void;
  /**
   * Progress of a long job with counts, rate and time left: a bar on a terminal, occasional lines
   * (and always the last) in a pipe, nothing with --json. Stop it in a `finally`.
   */
  bar(label: string, unit: string): ProgressBar;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, human) {
      process.stdout.write(json ? JSON.stringify(value, jsonReplacer, 2) + '\n' : human() + '\n');
    },
    progress(line) {
      // One line each: a step of a job (counts that change go through bar()).
      if (!json) process.stderr.write(line + '\n');
    },
    bar: (label, unit) => createProgress(progressMode(json, process.stderr.isTTY), label, unit),
  };
}

/** Typed arrays become plain arrays; numbers keep full precision. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Float32Array || value instanceof Float64Array) return Array.from(value);
  return value;
}

/** A refusal the user can act on: printed as `vigil: message`, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code = 'usage',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Errors that refuse bad input or configuration (exit 2, no stack trace); anything else is a fault. */
const refusalNames = new Set([
  'UsageError',
  'AuditError',
  'ImageError',
  'ConfigError',
  'ModelMismatchError',
  'ThresholdError',
  'PackError',
  'ModelRefusedError',
  'ModelCardError',
  'FaceChoiceError',
  'DomainError',
  'DatabaseError',
  'MediaKeyError',
  'ManifestError',
  'VideoError',
  'SealedDataError',
]);

export function reportError(err: unknown, json: boolean): number {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  const known = refusalNames.has(e.name);
  if (json) {
    process.stdout.write(
      JSON.stringify({
        error: { name: e.name, code: typeof code === 'string' ? code : undefined, message: e.message },
      }) + '\n',
    );
  } else {
    process.stderr.write(`vigil: ${e.message}\n`);
    if (!known && process.env['VIGIL_DEBUG'] && e.stack) process.stderr.write(e.stack + '\n');
  }
  return known ? 2 : 1;
}
