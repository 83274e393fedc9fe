/**
 * `vigil backup <dir> [--include-keys]` and `vigil restore <dir> --data-dir <fresh>`: a consistent
 * backup of a running installation (database snapshot, sealed media, index files, manifest) and
 * its restore into a new data directory, proven by the audit chain, the counts and the media key.
 * Restore exits 2 when anything does not come back as recorded.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { BackupError, type BackupManifest } from '../../ops/backup-manifest.ts';
import { KEYS_WARNING, takeBackup } from '../../ops/backup.ts';
import { restoreBackup, type RestoreReport } from '../../ops/restore.ts';

async function refusing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof BackupError) throw new UsageError(err.message, err.code);
    throw err;
  }
}

const countLine = (counts: Readonly<Record<string, number>>): string =>
  ['subjects', 'cases', 'searches', 'deployments', 'alerts', 'audit_log']
    .map((t) => `${t.replace('_log', ' entries')} ${counts[t] ?? 0}`)
    .join(', ');

function backupText(dir: string, m: BackupManifest): string {
  const bytes = m.files.reduce((n, f) => n + f.bytes, 0);
  return [
    `backup written to ${dir} (${m.files.length} files, ${(bytes / 1e6).toFixed(1)} MB)`,
    `  database   ${m.database.kind}, ${m.database.migrations.length} migrations`,
    `  records    ${countLine(m.counts)}`,
    `  audit head ${m.audit.head ? `#${m.audit.head.seq} ${m.audit.head.hash}` : 'empty'}`,
    `  media      ${m.mediaFiles} sealed items, index ${m.indexFiles} files`,
    m.includesKeys
      ? `  keys       INCLUDED. ${KEYS_WARNING}`
      : '  keys       not included: keep the media key (and audit signing key) safe apart; restore needs them',
  ].join('\n');
}

function restoreText(dataDir: string, r: RestoreReport): string {
  const media =
    r.media.opened === null
      ? `${r.media.files} items copied, not opened: ${r.media.note ?? 'no media key'}`
      : `${r.media.opened}/${r.media.files} items open with the media key`;
  return [
    `${r.ok ? 'restored' : 'restored WITH PROBLEMS'} into ${dataDir}`,
    `  records    ${countLine(r.counts)}`,
    r.countDifferences.length === 0
      ? '  counts     match the manifest'
      : `  counts     DIFFER: ${r.countDifferences.join('; ')}`,
    `  audit      ${r.audit.ok ? `chain verifies, ${r.audit.entries} entries` : `BROKEN: ${r.audit.firstBad?.message ?? 'anchors'}`}` +
      `${r.audit.headMatches ? ', head matches the manifest' : ', head DIFFERS from the manifest'}`,
    `  media      ${media}${r.media.failed.length > 0 ? `; ${r.media.failed.length} do not open` : ''}`,
    `  keys       ${r.keysRestored ? 'restored from the backup' : 'not in the backup: supply them (VIGIL_MEDIA_KEY or the key file)'}`,
  ].join('\n');
}

export function registerBackup(program: Command, ctx: CliContext): void {
  program
    .command('backup <dir>')
    .description('Consistent backup while Vigil runs: database snapshot, sealed media and index files, manifest')
    .option('--include-keys', 'also copy the media key and audit signing key (guard the backup like the keys)')
    .action(async (dir: string, o: { includeKeys?: boolean }) => {
      const { config } = ctx;
      if (o.includeKeys) process.stderr.write(`${KEYS_WARNING}\n`);
      const manifest = await refusing(() =>
        takeBackup({
          dataDir: config.dataDir,
          databaseUrl: config.databaseUrl,
          keyFile: config.keyFile,
          auditKeyFile: config.audit.keyFile,
          env: process.env,
          outDir: dir,
          includeKeys: o.includeKeys === true,
        }),
      );
      const { files, ...summary } = manifest;
      ctx.out.result({ dir, files: files.length, ...summary }, () => backupText(dir, manifest));
    });

  program
    .command('restore <dir>')
    .description('Restore a backup into a new, empty data directory and prove it: audit chain, counts, media key')
    .requiredOption('--data-dir <fresh>', 'the new data directory (absent or empty)')
    .option('--key-file <path>', 'the media key file, when the backup holds no key (or set VIGIL_MEDIA_KEY)')
    .action(async (dir: string, o: { dataDir: string; keyFile?: string }) => {
      const report = await refusing(() =>
        restoreBackup({
          backupDir: dir,
          dataDir: o.dataDir,
          databaseUrl: ctx.config.databaseUrl,
          keyFile: o.keyFile,
          env: process.env,
        }),
      );
      const { manifest, ...rest } = report;
      ctx.out.result({ dataDir: o.dataDir, backupCreatedAt: manifest.createdAt, ...rest }, () =>
        restoreText(o.dataDir, report),
      );
      if (!report.ok) process.exitCode = 2;
    });
}
