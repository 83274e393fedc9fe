/**
 * The logger every long-running loop is given (issue 14): the live runner, the camera scheduler,
 * periodic jobs and the role loops report what went wrong through it, never only to a callback
 * nobody passes. Shaped like pino's (Fastify's `app.log` fits as is): fields first, then the message.
 */
export interface VigilLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** For processes without a server logger (the command line, tests): warnings and errors as JSON lines on stderr. */
export const stderrLog: VigilLog = {
  info: () => undefined,
  warn: (fields, message) => process.stderr.write(`${JSON.stringify({ level: 'warn', message, ...fields })}\n`),
  error: (fields, message) => process.stderr.write(`${JSON.stringify({ level: 'error', message, ...fields })}\n`),
};

/** Records every line, for tests that check what was reported. */
export function memoryLog(): VigilLog & {
  readonly lines: { level: string; message: string; fields: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    void lines.push({ level, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}
