/**
 * One CSV cell encoder for every CSV Vigil writes (the deployment record, the periodic report):
 * RFC 4180 quoting, and text that a spreadsheet would run as a formula neutralised (OWASP CSV
 * injection): a string starting with = + - @ (or their full-width forms), a tab, CR or LF is
 * prefixed with an apostrophe, so a deployment named `=HYPERLINK(...)` stays text. Numbers are
 * written as numbers (a negative number is not a formula); a non-finite number is left empty.
 */
export type CsvValue = string | number | boolean | null | undefined;

const formulaStart = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (typeof v === 'string' && formulaStart.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (without its line end). */
export const csvRow = (cells: readonly CsvValue[]): string => cells.map(csvCell).join(',');
