/**
 * `vigil archive ingest|status|search`: archive ingestion for retrospective search (issue 7).
 * With a shared queue (VIGIL_QUEUE_URL) `ingest` queues the folder's scan for the `vigil worker`
 * processes (and with --wait follows it to the end); without one (embedded mode) it runs the jobs
 * itself, in-process. `search` answers "where does this person appear in this case's footage".
 * Each runs as the user whose API token the command holds (ctx.principal()), with the permission
 * and case checks of the HTTP API (R30).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { readInputFile } from '../read-input.ts';
import { archiveHandlers, archiveLimits } from '../../archive/archive-jobs.ts';
import type { ArchiveProgress } from '../../archive/archive.service.ts';
import { InProcessQueue } from '../../jobs/in-process-queue.ts';
import { openJobQueue, queueSettingsFromEnv } from '../../jobs/open-queue.ts';
import { requirePermission } from '../../governance/authorise.ts';
import { probeProvenances } from '../../retro/case.service.ts';
import { capped } from '../../shared/terminal.ts';

const int = (v: string) => Number.parseInt(v, 10);

interface IngestOptions {
  case: string;
  provenance: string;
  offence?: string;
  queue?: string;
  wait?: boolean;
  workers?: number;
}

const line = (p: ArchiveProgress) =>
  `${p.done + p.failed}/${p.filesTotal ?? '?'} file(s): ${p.done} done, ${p.failed} failed, ${p.queued} queued; ${p.faces} face(s)`;

export function registerArchive(program: Command, ctx: CliContext): void {
  const archive = program
    .command('archive')
    .description('case-scoped archive of seized footage, for retrospective search');

  archive
    .command('ingest <folder>')
    .description('index the faces of every image and video under a folder into a case (resumable, never duplicates)')
    .requiredOption('--case <reference>', 'case reference')
    .option('--provenance <source>', `where the footage came from: ${probeProvenances.join(', ')}`, 'cctv')
    .option('--offence <type>', 'opens the case with this offence type when it does not exist')
    .option('--queue <url>', 'redis:// URL of the shared queue (default VIGIL_QUEUE_URL; unset: in-process)')
    .option('--wait', 'with a shared queue: wait until the workers have finished the batch')
    .option('--workers <n>', 'in-process: engine worker threads', int)
    .action(async (folder: string, opts: IngestOptions) => {
      if (!(probeProvenances as readonly string[]).includes(opts.provenance)) {
        throw new UsageError(`--provenance must be one of ${probeProvenances.join(', ')}`);
      }
      const dir = resolve(folder);
      if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${folder} is not a folder`);
      const who = await ctx.principal();
      const settings = { ...queueSettingsFromEnv(process.env), ...(opts.queue ? { url: opts.queue } : {}) };
      const shared = settings.url !== undefined;
      const engine = await ctx.engine(undefined, shared ? 1 : opts.workers);
      const services = await ctx.services(engine);
      const c =
        (await services.cases.caseByReference(opts.case)) ??
        (opts.offence
          ? await services.cases.createCase({ reference: opts.case, offenceType: opts.offence, title: opts.case }, who)
          : undefined);
      if (!c) throw new UsageError(`no case ${opts.case}: pass --offence <type> to open it`);
      const queue = shared ? openJobQueue(settings) : new InProcessQueue();
      const service = services.archive;
      try {
        if (!shared) {
          const handlers = archiveHandlers({
            db: services.database.db,
            cipher: services.cipher,
            engine,
            queue,
            limits: archiveLimits(ctx.config),
          });
          queue.process(handlers, { concurrency: engine.workers * 2 });
        }
        const started = Date.now();
        const batch = await service.requestIngest(
          { caseId: c.id, folder: dir, provenance: opts.provenance },
          who,
          queue,
        );
        if (shared && !opts.wait) {
          ctx.out.result(
            { batchId: batch.id, case: c.reference, queued: true },
            () =>
              `batch ${batch.id} queued for case ${c.reference}: the workers will ingest it (vigil archive status --case ${c.reference} --batch ${batch.id})`,
          );
          return;
        }
        const bar = ctx.out.bar(`archive ingest ${c.reference}`, 'files');
        try {
          for (;;) {
            const p = await service.progress(c.id, batch.id);
            bar.update(p.done + p.failed, p.filesTotal ?? undefined, `${p.failed} failed · ${p.faces} face(s)`);
            if (p.filesTotal !== null && p.queued === 0) break;
            await new Promise((r) => setTimeout(r, 500));
          }
          if (!shared) await queue.whenIdle();
        } finally {
          bar.stop();
        }
        const p = await service.progress(c.id, batch.id);
        const failedFiles = (await service.failedFiles(c.id, batch.id)).map((f) => ({
          path: f.path,
          reason: f.reason,
        }));
        const elapsedMs = Date.now() - started;
        ctx.out.result({ batchId: batch.id, case: c.reference, ...p, elapsedMs, failedFiles }, () =>
          [
            `batch ${batch.id}, case ${c.reference}: ${line(p)} in ${(elapsedMs / 1000).toFixed(1)} s`,
            ...(failedFiles.length > 0 ? [`${failedFiles.length} file(s) of this batch failed:`] : []),
            ...capped(failedFiles.map((f) => `  failed ${f.path}: ${f.reason ?? 'no reason recorded'}`)),
          ].join('\n'),
        );
      } finally {
        await queue.close();
      }
    });

  archive
    .command('status')
    .description("files of a case's archive (or of one batch) by status")
    .requiredOption('--case <reference>', 'case reference')
    .option('--batch <id>', 'one batch')
    .action(async (opts: { case: string; batch?: string }) => {
      const who = await ctx.principal();
      requirePermission(who, 'cases:read');
      const engine = await ctx.engine(undefined, 1);
      const services = await ctx.services(engine);
      const c = await services.cases.caseByReference(opts.case);
      if (!c) throw new UsageError(`no case ${opts.case}`);
      await services.cases.accessibleCase(c.id, who);
      const p = await services.archive.progress(c.id, opts.batch);
      const failed = (await services.archive.failedFiles(c.id, opts.batch)).map((f) => ({
        path: f.path,
        reason: f.reason,
      }));
      ctx.out.result({ case: c.reference, ...p, failedFiles: failed }, () =>
        [line(p), ...failed.map((f) => `  failed ${f.path}: ${f.reason ?? ''}`)].join('\n'),
      );
    });

  archive
    .command('search <image>')
    .description("where the person in an image appears in a case's archive: files, times and scores")
    .requiredOption('--case <reference>', 'case reference')
    .option('--face <i>', 'which face of the image (0 = largest)', int)
    .option('--limit <n>', 'most matches (default 20)', int)
    .option('--min-score <s>', 'lowest score shown (default: the threshold in force)', Number)
    .action(async (image: string, opts: { case: string; face?: number; limit?: number; minScore?: number }) => {
      const who = await ctx.principal();
      const bytes = await readInputFile(image, ctx.config.limits.maxImageBytes);
      const engine = await ctx.engine(undefined, 1);
      const services = await ctx.services(engine);
      const c = await services.cases.caseByReference(opts.case);
      if (!c) throw new UsageError(`no case ${opts.case}`);
      const r = await services.archive.search(
        {
          caseId: c.id,
          image: bytes,
          ...(opts.face !== undefined ? { faceIndex: opts.face } : {}),
          ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
          ...(opts.minScore !== undefined ? { minScore: opts.minScore } : {}),
        },
        who,
      );
      ctx.out.result({ case: c.reference, ...r }, () =>
        [
          `${r.matches.length} match(es) at or above ${r.minScore.toFixed(4)} among ${r.facesCompared} face(s) of case ${c.reference}`,
          ...r.matches.map(
            (m, i) =>
              `  ${String(i + 1).padStart(3)}. ${m.score.toFixed(4)}  ${m.path}` +
              (m.timestampMs !== null ? `  at ${(m.timestampMs / 1000).toFixed(2)} s (track ${m.trackNo ?? '?'})` : ''),
          ),
          'Matches are leads for a person to review, not identifications.',
        ].join('\n'),
      );
    });
}
