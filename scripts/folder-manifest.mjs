// Writes a gallery import manifest for a folder laid out one sub-folder per subject
// (e.g. LFW: <Name>/<Name>_0001.jpg): reference = sub-folder name, display name = it with
// underscores as spaces. Usage:
//   node scripts/folder-manifest.mjs <folder> --source <text> --legal-basis <text> --reason <text> > manifest.csv
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    source: { type: 'string' },
    'legal-basis': { type: 'string' },
    reason: { type: 'string' },
  },
});
const [folder] = positionals;
if (!folder || !values.source || !values['legal-basis'] || !values.reason) {
  console.error('usage: folder-manifest.mjs <folder> --source <text> --legal-basis <text> --reason <text>');
  process.exit(2);
}
const csv = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const out = ['file,reference,display_name,source,legal_basis,reason'];
for (const subject of readdirSync(folder, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()) {
  for (const file of readdirSync(join(folder, subject))
    .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
    .sort()) {
    out.push(
      [join(subject, file), subject, subject.replace(/_/g, ' '), values.source, values['legal-basis'], values.reason]
        .map(csv)
        .join(','),
    );
  }
}
process.stdout.write(out.join('\n') + '\n');
