/**
 * `vigil assessments`: record DPIA/EIA/policy versions and store bias reports (R26, R27). Each runs
 * as the user whose API token the command holds (ctx.principal()) and needs `assessments:write`,
 * as over HTTP. A bias report is stored only as `vigil eval demographics` wrote and signed it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { assessmentKinds } from '../../governance/assessments/assessment.service.ts';
import type { AssessmentKind } from '../../db/tables/assessments.ts';
import { isAllowed } from '../../governance/roles.ts';
import { DomainError } from '../../shared/domain-error.ts';

async function writer(ctx: CliContext): Promise<string> {
  const who = await ctx.principal();
  if (!isAllowed(who.roles, 'assessments:write')) {
    throw new DomainError('forbidden', 'forbidden', `${who.username} may not record assessments (assessments:write)`);
  }
  return who.username;
}

export function registerAssessments(program: Command, ctx: CliContext): void {
  const cmd = program.command('assessments').description('assessments that authorisations link, and bias reports');
  cmd
    .command('record')
    .description('record an approved DPIA, equality impact assessment or policy document version')
    .requiredOption('--kind <kind>', `one of ${assessmentKinds.join(', ')}`)
    .requiredOption('--version <version>', 'the version an authorisation will name')
    .requiredOption('--title <title>', 'its title')
    .requiredOption('--summary <text>', 'what it concludes')
    .requiredOption('--approved-by <name>', 'who approved it')
    .option('--document <file>', 'the signed document: its sha256 is recorded')
    .action(
      async (o: {
        kind: string;
        version: string;
        title: string;
        summary: string;
        approvedBy: string;
        document?: string;
      }) => {
        if (!(assessmentKinds as readonly string[]).includes(o.kind))
          throw new UsageError(`--kind must be one of ${assessmentKinds.join(', ')}`);
        const documentSha256 = o.document
          ? createHash('sha256')
              .update(await readFile(o.document))
              .digest('hex')
          : undefined;
        const actor = await writer(ctx);
        const { assessments } = await ctx.services(await ctx.engine(undefined, 1));
        const row = await assessments.addAssessment(
          {
            kind: o.kind as AssessmentKind,
            version: o.version,
            title: o.title,
            summary: o.summary,
            approvedBy: o.approvedBy,
            approvedAt: new Date().toISOString(),
            documentSha256,
          },
          actor,
        );
        ctx.out.result(row, () => `recorded ${row.kind} ${row.version} (${row.id})`);
      },
    );
  cmd
    .command('bias-report')
    .description(
      'store the signed report written by `vigil eval demographics` (reports/demographics-<model>.json); ' +
        'a report it did not sign, or one changed since, is refused',
    )
    .requiredOption('--file <report.json>', 'the report file as the evaluation wrote it')
    .action(async (o: { file: string }) => {
      let json: unknown;
      try {
        json = JSON.parse(await readFile(o.file, 'utf8'));
      } catch {
        throw new UsageError(`${o.file} is not a readable JSON file`);
      }
      const actor = await writer(ctx);
      const { assessments } = await ctx.services(await ctx.engine(undefined, 1));
      const row = await assessments.addBiasReport(json, actor);
      ctx.out.result(
        { id: row.id, modelId: row.model_id, measuredAt: row.measured_at },
        () => `stored bias report ${row.id} for ${row.model_id} (measured ${row.measured_at}, attested)`,
      );
    });
}
