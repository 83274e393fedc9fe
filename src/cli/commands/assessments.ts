/** `vigil assessments`: record DPIA/EIA/policy versions and store bias reports (R26, R27). */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { assessmentKinds } from '../../governance/assessments/assessment.service.ts';
import type { AssessmentKind } from '../../governance/assessments/assessments.schema.ts';

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
    .requiredOption('--user <name>', 'who is recording it')
    .option('--document <file>', 'the signed document: its sha256 is recorded')
    .action(
      async (o: {
        kind: string;
        version: string;
        title: string;
        summary: string;
        approvedBy: string;
        user: string;
        document?: string;
      }) => {
        if (!(assessmentKinds as readonly string[]).includes(o.kind))
          throw new UsageError(`--kind must be one of ${assessmentKinds.join(', ')}`);
        const { createHash } = await import('node:crypto');
        const documentSha256 = o.document
          ? createHash('sha256')
              .update(await readFile(o.document))
              .digest('hex')
          : undefined;
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
          o.user,
        );
        ctx.out.result(row, () => `recorded ${row.kind} ${row.version} (${row.id})`);
      },
    );
  cmd
    .command('bias-report <file>')
    .description('store a report written by `vigil eval demographics` (reports/demographics-<model>.json)')
    .requiredOption('--user <name>', 'who is storing it')
    .action(async (file: string, o: { user: string }) => {
      let json: unknown;
      try {
        json = JSON.parse(await readFile(file, 'utf8'));
      } catch {
        throw new UsageError(`${file} is not a readable JSON file`);
      }
      const { assessments } = await ctx.services(await ctx.engine(undefined, 1));
      const row = await assessments.addBiasReport(json, o.user);
      ctx.out.result(
        { id: row.id, modelId: row.model_id, measuredAt: row.measured_at },
        () => `stored bias report ${row.id} for ${row.model_id} (measured ${row.measured_at})`,
      );
    });
}
