/**
 * The manifest of a bulk gallery import: a CSV file with a header row, one row per image.
 * Columns: file (relative to the import folder), reference, display_name, source, legal_basis,
 * reason, and optionally capture_date, category, date_of_birth, face_index. Rows with the same reference are
 * images of one subject. Pure parsing and validation; problems are reported by line.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const optionalText = (schema: z.ZodType<string, string>) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(schema.optional());

export const manifestRowSchema = z.object({
  file: z.string().trim().min(1),
  reference: z.string().trim().min(1).max(100),
  display_name: z.string().trim().min(1).max(200),
  source: z.string().trim().min(1).max(200),
  legal_basis: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(1).max(500),
  capture_date: optionalText(isoDate),
  category: optionalText(z.string().max(100)),
  date_of_birth: optionalText(isoDate),
  /** Which face when the image shows several (0 = largest); empty: the image must show one. */
  face_index: optionalText(z.string().regex(/^\d{1,3}$/, 'must be a face index: 0, 1, 2, ...')).transform((v) =>
    v === undefined ? undefined : Number(v),
  ),
});
export type ManifestRow = z.infer<typeof manifestRowSchema> & { readonly line: number };

export const requiredColumns = ['file', 'reference', 'display_name', 'source', 'legal_basis', 'reason'] as const;

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Splits CSV text into records (RFC 4180: quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (quoted) throw new ManifestError(`line ${recordLine}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Valid rows, and a message for each invalid one (which the import reports and skips). */
export function parseManifest(text: string): { rows: ManifestRow[]; problems: { line: number; message: string }[] } {
  const [header, ...records] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) throw new ManifestError('the manifest is empty');
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const missing = requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new ManifestError(`the manifest lacks the column(s): ${missing.join(', ')}`);
  const rows: ManifestRow[] = [];
  const problems: { line: number; message: string }[] = [];
  for (const record of records) {
    const raw = Object.fromEntries(columns.map((c, i) => [c, record.fields[i] ?? '']));
    const parsed = manifestRowSchema.safeParse(raw);
    if (parsed.success) rows.push({ ...parsed.data, line: record.line });
    else {
      const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      problems.push({ line: record.line, message });
    }
  }
  return { rows, problems };
}
