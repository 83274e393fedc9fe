/**
 * `vigil retention purge [--dry-run] | holds | runs | policy`: retention and purge (R19). A purge
 * from here is the same run the server schedules: recorded and audited. It is an offline
 * administrative job, so it runs as the explicit local principal `local:<os user>` (localActor),
 * never as a name given on the command line.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { localActor } from '../principal.ts';
import { openDatabase, type Database } from '../../db/database.ts';
import type { LegalHold } from '../../governance/retention/legal-holds.ts';
import type { ClassCount } from '../../governance/retention/purge-planner.ts';
import type { PurgeRun } from '../../governance/retention/purge-runner.ts';
import {
  describePolicy,
  purgeClasses,
  retentionConfigSchema,
  type PurgeClass,
  type RetentionSettings,
} from '../../governance/retention/retention-policy.ts';
import { RetentionService } from '../../governance/retention/retention.service.ts';
import { ByteCipher } from '../../storage/cipher.ts';
import { loadMediaKey } from '../../storage/media-key.ts';
import { MediaStore } from '../../storage/media-store.ts';

const classNames: Record<PurgeClass, [string, string]> = {
  alertImages: ['alert images', 'alerts'],
  alertRecords: ['alert records anonymised', 'alerts'],
  footage: ['uploaded video (footage)', 'video probes'],
  probes: ['case probes', 'probes'],
  caseFiles: ['closed case files', 'cases'],
};

/** The configuration's retention block (defaults where the configuration has none). */
function settingsOf(ctx: CliContext): RetentionSettings {
  const parsed = retentionConfigSchema.safeParse((ctx.config as { retention?: unknown }).retention ?? {});
  if (!parsed.success) {
    throw new UsageError(`invalid retention configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  return parsed.data;
}

async function withRetention<T>(ctx: CliContext, fn: (r: RetentionService) => Promise<T>): Promise<T> {
  const { config } = ctx;
  const database: Database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  // The media key is loaded only when a file is actually deleted (a dry run or a listing needs none).
  let store: MediaStore | undefined;
  const media = () => {
    if (!store) {
      const key = loadMediaKey({
        env: process.env,
        dataDir: config.dataDir,
        keyFile: config.keyFile,
        freshInstallation: false,
      });
      store = new MediaStore(MediaStore.dir(config.dataDir), new ByteCipher(key.key));
    }
    return store;
  };
  try {
    return await fn(
      new RetentionService({
        db: database.db,
        media: { delete: (id) => media().delete(id) },
        settings: settingsOf(ctx),
      }),
    );
  } finally {
    await database.close();
  }
}

function countLines(counts: Record<PurgeClass, ClassCount>, held: Record<PurgeClass, number>): string[] {
  return purgeClasses.map((c) => {
    const [name, unit] = classNames[c];
    const kept = held[c] > 0 ? `; ${held[c]} kept by a hold` : '';
    return `  ${name}: ${counts[c].records} ${unit}, ${counts[c].media} file(s)${kept}`;
  });
}

function runLine(r: PurgeRun): string {
  const records = purgeClasses.reduce((n, c) => n + r.counts[c].records, 0);
  return (
    `${r.startedAt}  ${r.status.padEnd(21)} ${r.trigger.padEnd(8)} by ${r.actor ?? 'the system'}: ` +
    `${records} item(s), ${r.mediaDeleted}/${r.mediaQueued} file(s) deleted` +
    (r.errors.length > 0 ? `, ${r.errors.length} error(s)` : '')
  );
}

function holdLine(h: LegalHold): string {
  const state = h.active ? 'ACTIVE  ' : `released ${h.releasedAt ?? ''} by ${h.releasedBy ?? ''}`;
  return `${h.id}  ${state}  ${h.targetType} ${h.targetId}  ${h.reason} ${h.reference}  placed ${h.placedAt} by ${h.placedBy}`;
}

function wholeNumber(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number of at least 1`);
    return n;
  };
}

export function registerRetention(program: Command, ctx: CliContext): void {
  const retention = program.command('retention').description('retention windows, legal holds and purges (R19)');

  retention
    .command('purge')
    .description('delete what is past its retention window and not on hold (recorded and audited)')
    .option('--dry-run', 'only report what would go; change nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      if (opts.dryRun) {
        const preview = await withRetention(ctx, (r) => r.preview());
        ctx.out.result(preview, () =>
          [
            `dry run at ${preview.at}: nothing was deleted. A purge now would delete:`,
            ...countLines(preview.counts, preview.held),
            `${preview.linkedAlertsKept} alert(s) past 24 hours keep their images (linked to an investigation)`,
            ...(preview.pendingMedia > 0 ? [`${preview.pendingMedia} file(s) left by interrupted runs`] : []),
          ].join('\n'),
        );
        return;
      }
      const run = await withRetention(ctx, (r) => r.purge({ actor: localActor(), trigger: 'manual' }));
      ctx.out.result(run, () =>
        [
          `purge run ${run.id} ${run.status} (audit entry ${run.auditSeq ?? 'none'}):`,
          ...countLines(run.counts, run.held),
          `${run.mediaDeleted} of ${run.mediaQueued + run.leftoverMediaDeleted} file(s) deleted` +
            (run.leftoverMediaDeleted > 0 ? ` (${run.leftoverMediaDeleted} left by interrupted runs)` : ''),
          ...run.errors.map((e) => `  error: ${e}`),
        ].join('\n'),
      );
      if (run.status !== 'completed') process.exitCode = 1;
    });

  retention
    .command('holds')
    .description('legal holds: while one stands, nothing linked to its target is purged')
    .option('--all', 'released holds too')
    .action(async (opts: { all?: boolean }) => {
      const holds = await withRetention(ctx, (r) => r.holds(opts.all ? {} : { active: true }));
      ctx.out.result({ holds }, () =>
        holds.length > 0 ? holds.map(holdLine).join('\n') : opts.all ? 'no holds' : 'no active holds',
      );
    });

  retention
    .command('runs')
    .description('purge runs, newest first')
    .option('--limit <n>', 'how many', wholeNumber('--limit'), 20)
    .action(async (opts: { limit: number }) => {
      const runs = await withRetention(ctx, (r) => r.runs({ limit: opts.limit, offset: 0 }));
      ctx.out.result(runs, () => (runs.runs.length > 0 ? runs.runs.map(runLine).join('\n') : 'no purge runs yet'));
    });

  retention
    .command('policy')
    .description('what is kept, for how long, and what is never purged')
    .action(() => {
      const policy = describePolicy(settingsOf(ctx));
      ctx.out.result(policy, () =>
        [
          ...policy.classes.map(
            (c) => `${c.dataClass}: ${c.window.value} ${c.window.unit} from ${c.measuredFrom}: ${c.action}`,
          ),
          `never purged: ${policy.neverPurged.map((k) => k.dataClass).join(', ')}`,
          policy.holds,
        ].join('\n'),
      );
    });
}
