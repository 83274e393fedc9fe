/** The Vigil version an evaluation ran (package.json), named in a bias report's attestation (R27). */
import { readFileSync } from 'node:fs';

export function vigilVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
