/**
 * What an authorisation signs off about a watchlist (R9, R12, R30): its size, categories and
 * compilers, and a hash of its membership and templates, so any later change shows. Pure.
 */
import { createHash } from 'node:crypto';
import type { WatchlistSummary } from './deployment-policy.ts';
import type { WatchlistEntryRow } from './live.repository.ts';

/** Size, categories, compilers and a hash of the list's membership and templates (what an authorisation signs off). */
export function summarise(entries: readonly WatchlistEntryRow[]): WatchlistSummary {
  const hash = createHash('sha256');
  for (const e of [...entries].sort((a, b) => a.subject_id.localeCompare(b.subject_id))) {
    hash.update(`${e.subject_id}\u0000${e.category}\u0000`);
    if (e.template_sealed) hash.update(e.template_sealed);
    hash.update('\n');
  }
  return {
    size: entries.length,
    hash: hash.digest('hex'),
    categories: [...new Set(entries.map((e) => e.category))],
    compilers: [...new Set(entries.map((e) => e.added_by))],
    destroyed: entries.filter((e) => !e.template_sealed).length,
  };
}
