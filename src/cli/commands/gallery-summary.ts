/**
 * What `vigil gallery import` tells a person at the end (issue 15): the counts, then each image
 * that flagged a possible duplicate subject (which existing subject it resembles, and how closely)
 * and each refused file with its reason; at most 50 lines of each, all of them under --json.
 */
import type { ImportSummary } from '../../gallery/gallery-import.ts';
import { capped } from '../../shared/terminal.ts';

export function importSummaryText(summary: ImportSummary, manifestProblems: number, max = 50): string {
  const lines = [
    `imported ${summary.enrolled} image(s) in ${(summary.elapsedMs / 1000).toFixed(1)} s ` +
      `(${summary.imagesPerSecond.toFixed(1)} images/s); ${summary.skipped} already enrolled; ` +
      `${summary.refused} refused; ${manifestProblems} bad manifest line(s)`,
  ];
  if (summary.duplicates.length > 0) {
    lines.push(
      `${summary.duplicates.length} image(s) flagged a possible duplicate subject: check each before relying on either record`,
      ...capped(
        summary.duplicates.map((d) => {
          const like = d.resembles.map((r) => `${r.reference} (score ${r.score.toFixed(3)})`).join(', ');
          return `  line ${d.line} ${d.file} (${d.reference}) resembles ${like}`;
        }),
        max,
      ),
    );
  } else {
    lines.push('no image flagged a possible duplicate subject');
  }
  if (summary.refusals.length > 0) {
    const byCode = Object.entries(summary.refusedBy)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    lines.push(
      `${summary.refusals.length} file(s) refused (${byCode}):`,
      ...capped(
        summary.refusals.map((r) => `  line ${r.line} ${r.file}: ${r.code}: ${r.message}`),
        max,
      ),
    );
  }
  return lines.join('\n');
}
