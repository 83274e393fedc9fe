/**
 * `vigil gallery import <folder> --manifest <csv>`: bulk enrolment, resumable, with progress, as the
 * user whose API token the command holds (gallery:enrol, R30; recorded on every image).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { importGallery, type ImportProgress } from '../../gallery/gallery-import.ts';
import { parseManifest } from '../../gallery/import-manifest.ts';
import { importSummaryText } from './gallery-summary.ts';

/** What the rows so far came to, zeros left out: `7 enrolled, 2 refused`. */
const counts = (p: ImportProgress): string =>
  [`${p.enrolled} enrolled`, p.skipped ? `${p.skipped} skipped` : '', p.refused ? `${p.refused} refused` : '']
    .filter(Boolean)
    .join(', ');

export function registerGallery(program: Command, ctx: CliContext): void {
  const gallery = program.command('gallery').description('the reference gallery');
  gallery
    .command('import <folder>')
    .description('enrol the images a CSV manifest lists (resumable: a re-run enrols only what is missing)')
    .requiredOption(
      '--manifest <csv>',
      'columns: file,reference,display_name,source,legal_basis,reason[,capture_date,category,date_of_birth]',
    )
    .option('--workers <n>', 'engine worker threads', (v) => Number.parseInt(v, 10))
    .action(async (folder: string, opts: { manifest: string; workers?: number }) => {
      let text: string;
      try {
        text = await readFile(opts.manifest, 'utf8');
      } catch {
        throw new UsageError(`cannot read the manifest ${opts.manifest}`, 'unreadable');
      }
      const { rows, problems } = parseManifest(text);
      const bar = ctx.out.bar('gallery import', 'images');
      for (const p of problems) bar.note(`manifest line ${p.line}: ${p.message} (skipped)`);
      const who = await ctx.principal();
      const engine = await ctx.engine(undefined, opts.workers);
      const services = await ctx.services(engine);
      const summary = await importGallery({
        folder: resolve(folder),
        rows,
        gallery: services.gallery,
        who,
        maxImageBytes: ctx.config.limits.maxImageBytes,
        concurrency: engine.workers * 2,
        // Every row reports (refused ones too); the last one is drawn at stop().
        onProgress: (p) => bar.update(p.done, p.total, counts(p)),
        onProblem: (p) => bar.note(`line ${p.line} ${p.file}: ${p.code}: ${p.message} (skipped)`),
      }).finally(() => bar.stop());
      ctx.out.result({ ...summary, manifestProblems: problems.length, badManifestLines: problems }, () =>
        importSummaryText(summary, problems.length),
      );
    });
}
