/** Well-known locations: the repository root and the evaluation data beside it. */
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * The shared evaluation folder (`../shared` beside the checkout, or VIGIL_SHARED_DIR).
 * Only tests, evaluation and benchmarks read it; the product never does.
 */
export function sharedPath(...parts: string[]): string {
  const base = process.env['VIGIL_SHARED_DIR'] ?? join(repoRoot, '..', 'shared');
  return join(base, ...parts);
}
