/**
 * `vigil audit verify | anchor | anchors | export | list | public-key`: the tamper-evident audit
 * log (R29). `verify` exits 0 when the chain is intact and 2 naming the first bad entry.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { openDatabase, type Database } from '../../db/database.ts';
import { AuditError } from '../../governance/audit/audit-hash.ts';
import {
  createAnchor,
  exportAnchors,
  listAnchors,
  parseAnchorsExport,
  type AuditAnchor,
} from '../../governance/audit/audit-anchors.ts';
import { exportAudit, listAudit, normaliseTime, type AuditExportRange } from '../../governance/audit/audit-query.ts';
import { verifyAuditChain } from '../../governance/audit/audit-verify.ts';
import {
  defaultSigningKeyFile,
  loadAuditSigningKey,
  openAuditSigningKey,
  parsePublicKey,
} from '../../governance/audit/signing-key.ts';

async function withDatabase<T>(ctx: CliContext, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: ctx.config.databaseUrl, dataDir: ctx.config.dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read the ${what} ${path}`, 'unreadable');
  }
}

/** The key anchors are checked with: --public-key, else the server's, else the anchors file's. */
async function verificationKey(
  ctx: CliContext,
  o: { publicKey?: string },
  fileKey: KeyObject | undefined,
): Promise<KeyObject | undefined> {
  if (o.publicKey) return parsePublicKey(await readText(o.publicKey, 'public key'), o.publicKey);
  const file = defaultSigningKeyFile(ctx.config.dataDir);
  if (existsSync(file)) return loadAuditSigningKey({ dataDir: ctx.config.dataDir, freshInstallation: false }).publicKey;
  return fileKey;
}

/** `--from`/`--to`: a whole number is a seq (inclusive), anything else an ISO time. */
function exportRange(from: string | undefined, to: string | undefined): AuditExportRange {
  const range: { fromSeq?: number; toSeq?: number; from?: string; to?: string } = {};
  if (from !== undefined) {
    if (/^\d+$/.test(from)) range.fromSeq = Number(from);
    else range.from = normaliseTime(from, '--from');
  }
  if (to !== undefined) {
    if (/^\d+$/.test(to)) range.toSeq = Number(to);
    else range.to = normaliseTime(to, '--to');
  }
  return range;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

function anchorLine(a: AuditAnchor): string {
  return `#${a.seq}  ${a.hash}  ${a.at}  key ${a.keyId}`;
}

function positiveInt(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} takes a whole number`);
    return n;
  };
}

export function registerAudit(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('the tamper-evident audit log (R29)');

  audit
    .command('verify')
    .description('check the whole chain and its anchors; exit 2 naming the first bad entry')
    .option('--anchors <file>', 'anchors kept outside (from `vigil audit anchors --export`), checked too')
    .option('--public-key <pem>', 'the public key to check anchors with (default: the server key)')
    .action(async (opts: { anchors?: string; publicKey?: string }) => {
      const supplied = opts.anchors
        ? parseAnchorsExport(await readText(opts.anchors, 'anchors file'), opts.anchors)
        : null;
      const publicKey = await verificationKey(ctx, opts, supplied?.publicKeyObject);
      const result = await withDatabase(ctx, (d) =>
        verifyAuditChain(d.db, {
          ...(supplied ? { anchors: supplied.anchors } : {}),
          ...(publicKey ? { publicKey } : {}),
        }),
      );
      const bad = result.firstBad;
      if (bad) {
        throw new AuditError(
          `audit chain broken at entry ${bad.seq} (${bad.problem}): ${bad.message}; ` +
            `entries 1..${result.entries} verify`,
          bad.problem,
        );
      }
      const invalid = result.anchors.invalid[0];
      if (invalid) throw new AuditError(`${invalid.message} (${result.anchors.invalid.length} refused)`, 'bad-anchor');
      ctx.out.result(result, () =>
        [
          `audit chain intact: ${result.entries} entries` +
            (result.head ? `, head #${result.head.seq} ${result.head.hash}` : ''),
          `${result.anchors.checked} anchor(s) checked` +
            (result.anchors.latest
              ? `, latest covers entry ${result.anchors.latest.seq} (${result.anchors.latest.at})`
              : ''),
        ].join('\n'),
      );
    });

  audit
    .command('anchor')
    .description('sign the chain head now (recorded as audit.anchor)')
    .option('--user <name>', 'who is anchoring (default: the system)')
    .action(async (opts: { user?: string }) => {
      const anchor = await withDatabase(ctx, async (d) => {
        const key = await openAuditSigningKey(d.db, { dataDir: ctx.config.dataDir });
        if (key.source === 'created') process.stderr.write(`created the audit signing key ${key.location}\n`);
        return createAnchor(d.db, key, { actor: opts.user ?? null });
      });
      ctx.out.result(anchor, () => `anchored ${anchorLine(anchor)}`);
    });

  audit
    .command('anchors')
    .description('the signed anchors; --export writes them with the public key, for an outside party')
    .option('--export', 'one JSON document: anchors and the public key')
    .option('--out <file>', 'write the export to a file instead of stdout')
    .action(async (opts: { export?: boolean; out?: string }) => {
      if (!opts.export) {
        const anchors = await withDatabase(ctx, (d) => listAnchors(d.db));
        ctx.out.result({ anchors }, () => (anchors.length ? anchors.map(anchorLine).join('\n') : 'no anchors yet'));
        return;
      }
      const doc = await withDatabase(ctx, async (d) =>
        exportAnchors(d.db, await openAuditSigningKey(d.db, { dataDir: ctx.config.dataDir })),
      );
      const text = JSON.stringify(doc, null, 2) + '\n';
      if (!opts.out) {
        process.stdout.write(text);
        return;
      }
      try {
        await writeFile(opts.out, text, { flag: 'wx' });
      } catch (err) {
        throw new UsageError(`cannot write ${opts.out}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!ctx.out.json) process.stderr.write(`wrote ${doc.anchors.length} anchor(s) to ${opts.out}\n`);
    });

  audit
    .command('export')
    .description('entries with their hashes, in seq order, for outside archiving')
    .option('--from <seq|time>', 'first entry: a seq (inclusive) or an ISO time (inclusive)')
    .option('--to <seq|time>', 'last entry: a seq (inclusive) or an ISO time (exclusive)')
    .option('--format <format>', 'jsonl (one entry a line) or json (one array)')
    .action(async (opts: { from?: string; to?: string; format?: string }) => {
      const format = opts.format ?? (ctx.out.json ? 'json' : 'jsonl');
      if (format !== 'jsonl' && format !== 'json') throw new UsageError('--format must be jsonl or json');
      const range = exportRange(opts.from, opts.to);
      await withDatabase(ctx, async (d) => {
        let n = 0;
        if (format === 'json') await write(process.stdout, '[');
        for await (const record of exportAudit(d.db, range)) {
          const line = JSON.stringify(record);
          await write(process.stdout, format === 'json' ? `${n === 0 ? '\n' : ',\n'}${line}` : `${line}\n`);
          n++;
        }
        if (format === 'json') await write(process.stdout, n === 0 ? ']\n' : '\n]\n');
      });
    });

  audit
    .command('list')
    .description('entries, newest first')
    .option('--actor <name>')
    .option('--action <prefix>', 'e.g. auth or auth.login')
    .option('--target-type <type>')
    .option('--target-id <id>')
    .option('--from <time>', 'ISO time, inclusive')
    .option('--to <time>', 'ISO time, exclusive')
    .option('--limit <n>', 'at most this many (default 50)', positiveInt('--limit'))
    .option('--offset <n>', 'skip this many', positiveInt('--offset'))
    .action(
      async (opts: {
        actor?: string;
        action?: string;
        targetType?: string;
        targetId?: string;
        from?: string;
        to?: string;
        limit?: number;
        offset?: number;
      }) => {
        const { limit = 50, offset = 0, ...filter } = opts;
        const list = await withDatabase(ctx, (d) => listAudit(d.db, { ...filter, limit, offset }));
        ctx.out.result(list, () =>
          [
            ...list.entries.map(
              (e) =>
                `#${e.seq} ${e.at} ${e.actor ?? '(system)'} ${e.action} ${e.outcome}` +
                (e.target ? ` ${e.target.type}:${e.target.id}` : '') +
                (Object.keys(e.details).length ? ` ${JSON.stringify(e.details)}` : ''),
            ),
            `${list.entries.length} of ${list.total} entries`,
          ].join('\n'),
        );
      },
    );

  audit
    .command('public-key')
    .description('the PEM public key that checks the anchors')
    .action(async () => {
      const key = await withDatabase(ctx, (d) => openAuditSigningKey(d.db, { dataDir: ctx.config.dataDir }));
      ctx.out.result({ keyId: key.keyId, publicKey: key.publicKeyPem }, () => key.publicKeyPem.trimEnd());
    });
}
