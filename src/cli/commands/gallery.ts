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

function bar(p: ImportProgress): string {
  const width = 24;
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  const rate = p.elapsedMs > 0 ? (p.done * 1000) / p.elapsedMs : 0;
  const eta = rate > 0 ? Math.round((p.total - p.done) / rate) : 0;
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ` +
    `enrolled ${p.enrolled} skipped ${p.skipped} refused ${p.refused} · ${rate.toFixed(1)} img/s · eta ${eta}s`
  );
}

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
      for (const p of problems) process.stderr.write(`manifest line ${p.line}: ${p.message} (skipped)\n`);
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
        onProgress: (p) => ctx.out.progress(bar(p)),
        onProblem: (p) => {
          if (!ctx.out.json) process.stderr.write(`\nline ${p.line} ${p.file}: ${p.code}: ${p.message} (skipped)\n`);
        },
      });
      if (!ctx.out.json) process.stderr.write('\n');
      ctx.out.result({ ...summary, manifestProblems: problems.length }, () =>
        [
          `imported ${summary.enrolled} image(s) in ${(summary.elapsedMs / 1000).toFixed(1)} s ` +
            `(${summary.imagesPerSecond.toFixed(1)} images/s); ${summary.skipped} already enrolled; ` +
            `${summary.refused} refused; ${problems.length} bad manifest line(s)`,
          ...Object.entries(summary.refusedBy).map(([code, n]) => `  refused ${code}: ${n}`),
          `${summary.possibleDuplicates} image(s) flagged a possible duplicate subject`,
        ].join('\n'),
      );
    });
}
