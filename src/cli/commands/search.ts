/**
 * `vigil search <image> --case <ref> ...`: a retrospective search from the command line (R31-R34),
 * as the user whose API token the command holds, with the checks of the HTTP API (R30): search:run,
 * cases:write, and the case must be theirs or one they are a member of.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { readInputFile } from '../read-input.ts';
import { UsageError } from '../output.ts';
import { probeProvenances, type ProbeProvenance } from '../../retro/case.service.ts';

interface SearchOptions {
  case: string;
  offence: string;
  justification: string;
  provenance: string;
  legalBasis: string;
  face?: number;
  candidates?: number;
  minScore?: number;
}

export function registerSearch(program: Command, ctx: CliContext): void {
  program
    .command('search <image>')
    .description('search the reference gallery with the face in an image: a ranked list of leads, not identifications')
    .requiredOption('--case <reference>', 'case reference (the case is opened if it does not exist)')
    .requiredOption('--offence <type>', `offence type, one of: ${ctx.config.retro.offenceTypes.join('; ')}`)
    .requiredOption('--justification <text>', 'why this search is necessary and proportionate')
    .requiredOption('--provenance <source>', `where the image came from: ${probeProvenances.join(', ')}`)
    .requiredOption('--legal-basis <text>', 'the legal basis for the search')
    .option('--face <i>', 'which face, when the image shows several (0 = largest)', (v) => Number.parseInt(v, 10))
    .option('--candidates <n>', 'how many candidates', (v) => Number.parseInt(v, 10))
    .option('--min-score <s>', 'minimum score to show', Number)
    .action(async (image: string, opts: SearchOptions) => {
      if (!(probeProvenances as readonly string[]).includes(opts.provenance)) {
        throw new UsageError(`--provenance must be one of ${probeProvenances.join(', ')}`);
      }
      const who = await ctx.principal();
      const bytes = await readInputFile(image, ctx.config.limits.maxImageBytes);
      const engine = await ctx.engine(undefined, 2);
      const { cases, probes, searches } = await ctx.services(engine);
      const existing = await cases.caseByReference(opts.case);
      // Refused before anything is stored: a search this user may not run leaves no probe behind.
      await searches.authoriseSearch(who, existing?.id);
      const c =
        existing ??
        (await cases.createCase({ reference: opts.case, offenceType: opts.offence, title: opts.case }, who));
      const { probe } = await probes.addImageProbe(
        c.id,
        { bytes, filename: image, provenance: opts.provenance as ProbeProvenance },
        who,
      );
      const r = await searches.search(
        {
          caseId: c.id,
          probeId: probe.id,
          faceIndex: opts.face,
          enhancements: [],
          offenceType: opts.offence,
          justification: opts.justification,
          legalBasis: opts.legalBasis,
          maxCandidates: opts.candidates,
          minScore: opts.minScore,
        },
        who,
      );
      const candidates = r.candidates.map((x) => ({
        rank: x.rank,
        score: x.score,
        subjectId: x.subject_id,
        reference: x.subject_reference,
        name: x.display_name,
        imageId: x.image_id,
      }));
      ctx.out.result(
        {
          searchId: r.search.id,
          case: c.reference,
          notice: r.notice,
          thresholdInForce: r.search.threshold_in_force,
          candidates,
        },
        () =>
          [
            `search ${r.search.id} in case ${c.reference}: ${candidates.length} candidate(s)`,
            ...candidates.map(
              (x) => `  ${String(x.rank).padStart(3)}. ${x.score.toFixed(4)}  ${x.reference}  ${x.name ?? ''}`,
            ),
            `(threshold in force for reference: ${r.search.threshold_in_force.toFixed(4)})`,
            r.notice,
          ].join('\n'),
      );
    });
}
