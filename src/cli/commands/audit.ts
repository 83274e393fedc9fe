/**
 * `vigil audit verify | anchor | acknowledge | anchors | export | list | public-key`: the
 * tamper-evident audit log (R29). `verify` compares the chain with itself, its signed anchors, its
 * `audit.anchor` entries and the witness (this host's file and `audit.peerWitnessFiles`), and
 * checks the append-only triggers; it exits 0 when all hold and 2 naming the first bad entry.
 * `anchor` and `acknowledge` act as the local principal (`local:<os user>`); `acknowledge` vouches
 * for entries a crash left without a witness line (witness-acknowledge.ts) — a forged append
 * looks the same, so it takes a reason and is itself audited.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { AuditError } from '../../governance/audit/audit-hash.ts';
import { createAnchor, exportAnchors, listAnchors, parseAnchorsExport } from '../../governance/audit/audit-anchors.ts';
import { exportAudit, listAudit } from '../../governance/audit/audit-query.ts';
import { missingAuditTriggers } from '../../governance/audit/audit-triggers.ts';
import { verifyAuditChain } from '../../governance/audit/audit-verify.ts';
import { witnessFileOf } from '../../governance/audit/witness-format.ts';
import { acknowledgeUnwitnessed } from '../../governance/audit/witness-acknowledge.ts';
import { localActor } from '../principal.ts';
import { anchorLine, verifySummary } from './audit-format.ts';
import {
  exportRange,
  positiveInt,
  readText,
  readWitness,
  signingKey,
  verificationKey,
  withDatabase,
  write,
} from './audit-inputs.ts';

export function registerAudit(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('the tamper-evident audit log (R29)');

  audit
    .command('verify')
    .description(
      'check the chain, its anchors, its audit.anchor entries, the witness and the triggers; exit 2 naming the first bad entry',
    )
    .option('--anchors <file>', 'anchors kept outside (from `vigil audit anchors --export`), checked too')
    .option('--public-key <pem>', 'the public key to check anchors and witness lines with (default: the server key)')
    .option(
      '--witness <file>',
      'a witness file to compare (repeatable; default: the configured one, if it exists)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .action(async (opts: { anchors?: string; publicKey?: string; witness: string[] }) => {
      const supplied = opts.anchors
        ? parseAnchorsExport(await readText(opts.anchors, 'anchors file'), opts.anchors)
        : null;
      const publicKey = await verificationKey(ctx, opts, supplied?.publicKeyObject);
      const witness = await readWitness(ctx, opts.witness);
      const { result, missingTriggers } = await withDatabase(ctx, async (d) => ({
        result: await verifyAuditChain(d.db, {
          ...(supplied ? { anchors: supplied.anchors } : {}),
          ...(publicKey ? { publicKey } : {}),
          ...(witness.files.length
            ? { witness: { lines: witness.lines, graceMs: ctx.config.audit.unwitnessedGraceSeconds * 1000 } }
            : {}),
        }),
        missingTriggers: await missingAuditTriggers(d.db),
      }));
      const compared = verifySummary(result, witness.files, missingTriggers);
      const bad = result.firstBad;
      if (bad) {
        throw new AuditError(
          `audit chain broken at entry ${bad.seq} (${bad.problem}): ${bad.message}; ` +
            `entries 1..${result.entries} verify\n${compared.join('\n')}`,
          bad.problem,
        );
      }
      const invalid = result.anchors.invalid[0] ?? result.witness?.invalid[0];
      const refused = result.anchors.invalid.length + (result.witness?.invalid.length ?? 0);
      if (invalid) throw new AuditError(`${invalid.message} (${refused} refused)`, 'bad-anchor');
      if (missingTriggers.length > 0) {
        throw new AuditError(
          `the append-only triggers ${missingTriggers.join(', ')} are missing: the log can be edited ` +
            '(the server restores them at start-up, recording audit.triggers-restored)',
          'triggers-missing',
        );
      }
      ctx.out.result({ ...result, witnessFiles: witness.files, compared }, () => compared.join('\n'));
    });

  audit
    .command('anchor')
    .description('sign the chain head now (recorded as audit.anchor, by the local principal local:<os user>)')
    .action(async () => {
      const anchor = await withDatabase(
        ctx,
        async (d) => {
          const key = await signingKey(ctx, d);
          if (key.source === 'created') process.stderr.write(`created the audit signing key ${key.location}\n`);
          return createAnchor(d.db, key, { actor: localActor() });
        },
        { appends: true },
      );
      ctx.out.result(anchor, () => `anchored ${anchorLine(anchor)}`);
    });

  audit
    .command('acknowledge')
    .description(
      'vouch for entries left without a witness line (a crash between commit and witness; compare them with ' +
        'the server log first: a forged append looks the same): late witness lines and an ' +
        'audit.unwitnessed-acknowledged entry, by local:<os user>',
    )
    .requiredOption('--through <seq>', 'acknowledge the unwitnessed entries up to this seq', positiveInt('--through'))
    .requiredOption('--reason <text>', 'why they may stand (recorded in the audit log)')
    .action(async (opts: { through: number; reason: string }) => {
      const file = witnessFileOf(ctx.config);
      if (!file) throw new UsageError('no audit witness is configured (audit.witnessFile is false)', 'no-witness');
      const witness = await readWitness(ctx, []);
      const done = await withDatabase(
        ctx,
        async (d) =>
          acknowledgeUnwitnessed({
            db: d.db,
            key: await signingKey(ctx, d),
            file,
            lines: witness.lines,
            through: opts.through,
            reason: opts.reason,
            actor: localActor(),
          }),
        { appends: true },
      );
      const { entry, range, lines } = done;
      ctx.out.result(
        { entry: { seq: entry.seq, actor: entry.actor, action: entry.action }, range, lateLines: lines.length },
        () =>
          `acknowledged ${range.count} unwitnessed entr${range.count === 1 ? 'y' : 'ies'} (${range.fromSeq}..${range.throughSeq}) ` +
          `as ${entry.actor ?? '?'} in entry #${entry.seq}; late witness lines appended to ${file}`,
      );
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
      const doc = await withDatabase(ctx, async (d) => exportAnchors(d.db, await signingKey(ctx, d)));
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
      const key = await withDatabase(ctx, (d) => signingKey(ctx, d));
      ctx.out.result({ keyId: key.keyId, publicKey: key.publicKeyPem }, () => key.publicKeyPem.trimEnd());
    });
}
