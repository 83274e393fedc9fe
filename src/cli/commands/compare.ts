/** `vigil compare <a> <b>`: similarity of the faces in two images and the decision at the threshold. */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { analyseFile } from '../read-input.ts';
import { chooseFace } from '../../faces/face-choice.ts';
import { similarity } from '../../faces/template.ts';

export function registerCompare(program: Command, ctx: CliContext): void {
  program
    .command('compare <a> <b>')
    .description('compare the faces in two images: similarity and the decision at the calibrated threshold')
    .option('--face-a <i>', 'face index in the first image (0 = largest)', (v) => Number.parseInt(v, 10))
    .option('--face-b <i>', 'face index in the second image', (v) => Number.parseInt(v, 10))
    .option('--threshold <t>', 'a stricter threshold than the one in force (never a lower one, R14)', Number)
    .option('--pack <name>', 'model pack')
    .action(
      async (a: string, b: string, opts: { faceA?: number; faceB?: number; threshold?: number; pack?: string }) => {
        const max = ctx.config.limits.maxImageBytes;
        const engine = await ctx.engine(opts.pack, 2);
        const [ra, rb] = await Promise.all([analyseFile(engine, a, max), analyseFile(engine, b, max)]);
        const ta = chooseFace(a, ra, opts.faceA, '--face-a').template;
        const tb = chooseFace(b, rb, opts.faceB, '--face-b').template;
        const score = similarity(ta, tb);
        // R14: the threshold in force (policy, else configured, else calibrated), as the API's compare uses.
        const inForce = (await ctx.services(engine)).thresholdInForce(ta.modelId);
        if (opts.threshold !== undefined && opts.threshold < inForce.threshold) {
          throw new UsageError(
            `--threshold ${opts.threshold} is below the threshold in force (${inForce.threshold.toFixed(4)}, ${inForce.source}); only a stricter one may be asked for (R14)`,
          );
        }
        const t =
          opts.threshold !== undefined && opts.threshold > inForce.threshold
            ? { ...inForce, threshold: opts.threshold, source: 'configured' as const }
            : inForce;
        const decision = score >= t.threshold ? 'match' : 'no match';
        ctx.out.result(
          {
            a,
            b,
            score,
            threshold: t.threshold,
            thresholdSource: t.source,
            operatingFmr: t.operatingFmr,
            decision,
            modelId: ta.modelId,
          },
          () =>
            `${decision}: similarity ${score.toFixed(4)} vs threshold ${t.threshold.toFixed(4)} ` +
            `(${t.source}, FMR ${t.operatingFmr}, model ${ta.modelId})`,
        );
      },
    );
}
