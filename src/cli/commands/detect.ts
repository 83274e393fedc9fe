/** `vigil detect <image>`: faces, landmarks and quality for one image. */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { analyseFile } from '../read-input.ts';
import type { AnalysedFace } from '../../faces/pipeline.ts';

export function faceSummary(f: AnalysedFace, index: number): string {
  const b = f.box;
  const q = f.quality;
  const verdict = q.passed ? 'quality ok' : `quality failed: ${q.reasons.join(', ')}`;
  return (
    `  #${index} box ${b.x.toFixed(0)},${b.y.toFixed(0)} ${b.width.toFixed(0)}x${b.height.toFixed(0)} score ${f.score.toFixed(3)}` +
    `  iod ${q.interOcularPx.toFixed(0)}px yaw ${q.yawDeg.toFixed(0)}° pitch ${q.pitchDeg.toFixed(0)}°` +
    ` sharpness ${q.sharpness.toFixed(0)} brightness ${q.brightness.toFixed(0)}  ${verdict}`
  );
}

export function registerDetect(program: Command, ctx: CliContext): void {
  program
    .command('detect <image>')
    .description('find faces in an image: boxes, five landmarks, detector score and quality (R15)')
    .option('--pack <name>', 'model pack')
    .option('--min-score <n>', 'smallest detector score', Number)
    .action(async (image: string, opts: { pack?: string; minScore?: number }) => {
      const engine = await ctx.engine(opts.pack, 1);
      const detect = opts.minScore === undefined ? {} : { minScore: opts.minScore };
      const result = await analyseFile(engine, image, ctx.config.limits.maxImageBytes, { embed: 'none', detect });
      const faces = result.faces.map(({ box, score, five, quality }) => ({ box, score, landmarks: five, quality }));
      ctx.out.result(
        { image, width: result.width, height: result.height, format: result.format, pack: engine.pack.name, faces },
        () =>
          [
            `${image}: ${result.width}x${result.height} ${result.format}, ${faces.length} face${faces.length === 1 ? '' : 's'} (pack ${engine.pack.name})`,
            ...result.faces.map(faceSummary),
          ].join('\n'),
      );
    });
}
