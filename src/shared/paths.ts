/** Well-known locations: the repository root and the evaluation data beside it. */
import { fileURLToPath } from 'node:url';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * The shared evaluation folder (`../shared` beside the checkout, or VIGIL_SHARED_DIR).
 * Only tests, evaluation and benchmarks read it; the product never does.
 */
export function sharedPath(...parts: string[]): string {
  const base = process.env['VIGIL_SHARED_DIR'] ?? join(repoRoot, '..', 'shared');
  return join(base, ...parts);
}

/** Whether `path` is `root` or inside it (both absolute, and already resolved where that matters). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
