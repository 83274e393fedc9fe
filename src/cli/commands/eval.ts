/** `vigil eval lfw | demographics | calibrate | all`: the project's own accuracy measurements. */
import { pipelineIdOf } from '../../faces/pipeline-id.ts';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { loadCalibrations, resolveThreshold, saveCalibration, type FmrTarget } from '../../faces/thresholds.ts';
import { defaultDataDir } from '../../eval/data-files.ts';
import { createEmbeddingCache } from '../../eval/embedding.ts';
import { engineEmbedder } from '../../eval/engine-embedder.ts';
import { calibrationMarkdown, demographicsMarkdown, lfwMarkdown } from '../../eval/report-markdown.ts';
import { runCalibration, runDemographicsEvaluation, runLfwEvaluation, type RunOptions } from '../../eval/runners.ts';
import { repoRoot } from '../../shared/paths.ts';
import { registerEvalIdentification } from './eval-identification.ts';
import { prefillFromDisk, saveToDisk } from './eval-disk-cache.ts';
import { demographicsCalibration, storedScoreCalibration } from './eval-score-calibration.ts';
import { runScoreCalibration } from '../../eval/score-calibration-runner.ts';
import { loadScoreCalibrations, saveScoreCalibration } from '../../faces/score-calibration.ts';
import { attestDemographics } from './eval-attest.ts';
import { evalSigningKeyFile } from '../../governance/assessments/eval-signing-key.ts';

interface EvalOptions {
  data?: string;
  pack?: string;
  minScore: number;
  out: string;
  threshold?: number;
  write?: boolean;
  cache?: boolean;
}

/** Accepts the data folder itself, or its lfw/ or utkface/ sub-folder. */
function dataRoot(dir: string | undefined): string {
  const d = resolve(dir ?? defaultDataDir());
  const name = basename(d);
  const root = name === 'lfw' || name === 'utkface' ? dirname(d) : d;
  if (!existsSync(join(root, 'lfw')) && !existsSync(join(root, 'utkface'))) {
    throw new UsageError(`${d} holds neither lfw/ nor utkface/ (see ../shared/data/README.md)`);
  }
  return root;
}

async function writeReport(out: string, name: string, json: object, markdown: string): Promise<string> {
  await mkdir(out, { recursive: true });
  const base = join(out, name);
  await writeFile(`${base}.json`, JSON.stringify(json, null, 2) + '\n');
  await writeFile(`${base}.md`, markdown + '\n');
  return base;
}

function withOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'evaluation data folder (default ../shared/data)')
    .option('--pack <name>', 'model pack')
    .option('--min-score <n>', 'detector score floor for evaluation images', Number, 0.2)
    .option('--out <dir>', 'where the JSON and markdown reports go', join(repoRoot, 'reports'))
    .option('--no-cache', 'embed every image again (ignore and do not write <dataDir>/eval-cache)');
}

export function registerEval(program: Command, ctx: CliContext): void {
  const evalCmd = program.command('eval').description('accuracy evaluation on ../shared/data (R27)');

  async function setup(opts: EvalOptions) {
    const dataDir = dataRoot(opts.data);
    const engine = await ctx.engine(opts.pack);
    const models = new Set<string>();
    const embedImage = engineEmbedder(engine, { minScore: opts.minScore, onModel: (m) => models.add(m) });
    const bar = ctx.out.bar('embedding', 'images');
    const run: RunOptions = {
      dataDir,
      embedImage,
      cache: createEmbeddingCache(),
      concurrency: engine.workers * 2,
      // One bar per pass over a data set; each ends when its last image is in.
      onProgress: (p) => {
        bar.update(p.done, p.total, `${p.failures} failed`);
        if (p.done === p.total) bar.stop();
      },
    };
    const diskKey = {
      vigilDataDir: ctx.config.dataDir,
      evalDataDir: dataDir,
      modelId: pipelineIdOf(engine.pack),
      // The same key as `vigil eval identification`'s cache.
      settings: `detector=${engine.pack.detector.modelId};minScore=${opts.minScore}`,
    };
    if (opts.cache !== false && run.cache) await prefillFromDisk(run.cache, diskKey);
    const save = async () => {
      if (opts.cache !== false && run.cache) await saveToDisk(run.cache, diskKey);
    };
    const pipeline = {
      pack: engine.pack.name,
      detector: engine.pack.detector.modelId,
      landmarker: engine.pack.landmarker?.modelId ?? null,
    };
    const meta = () => ({
      pack: engine.pack.name,
      modelId: pipelineIdOf(engine.pack),
      detector: engine.pack.detector.modelId,
      measuredAt: new Date().toISOString(),
    });
    return { run, meta, modelId: pipelineIdOf(engine.pack), models, bar, save, pipeline };
  }

  /** The run, its bar stopped however it ends (a live bar would keep the process running). */
  async function withSetup(opts: EvalOptions, fn: (s: Awaited<ReturnType<typeof setup>>) => Promise<void>) {
    const s = await setup(opts);
    try {
      await fn(s);
      await s.save();
    } finally {
      s.bar.stop();
    }
  }

  async function lfw(opts: EvalOptions, s: Awaited<ReturnType<typeof setup>>) {
    const r = await runLfwEvaluation(s.run);
    const report = { ...s.meta(), command: 'vigil eval lfw', ...r };
    const path = await writeReport(opts.out, `lfw-${s.modelId}`, report, lfwMarkdown(r));
    ctx.out.result(report, () => `${lfwMarkdown(r)}\n\nwritten ${path}.json and .md`);
  }

  async function calibrate(opts: EvalOptions, s: Awaited<ReturnType<typeof setup>>) {
    const r = await runCalibration(s.run);
    const clusterCalibration = await runScoreCalibration(s.run);
    const report = { ...s.meta(), command: 'vigil eval calibrate', ...r, clusterCalibration };
    const path = await writeReport(opts.out, `calibration-${s.modelId}`, report, calibrationMarkdown(r));
    if (opts.write) {
      const at = (key: FmrTarget) => {
        const t = r.thresholds[key];
        if (t === null || t === undefined) throw new Error(`calibration found no threshold for FMR ${key}`);
        return t;
      };
      const tarAt = (target: number) => r.points.find((p) => p.targetFmr === target)?.tar ?? 0;
      saveCalibration(s.modelId, {
        measuredAt: report.measuredAt,
        dataset: r.dataset,
        command: 'vigil eval calibrate --write',
        impostorPairs: r.impostorPairs,
        genuinePairs: r.genuinePairs,
        thresholds: { '1e-2': at('1e-2'), '1e-3': at('1e-3'), '1e-4': at('1e-4') },
        tar: { '1e-2': tarAt(1e-2), '1e-3': tarAt(1e-3), '1e-4': tarAt(1e-4) },
      });
      saveScoreCalibration(s.modelId, (old) =>
        storedScoreCalibration(clusterCalibration, {
          measuredAt: report.measuredAt,
          pipeline: s.pipeline,
          search: old?.search ?? null,
        }),
      );
    }
    ctx.out.result(
      report,
      () =>
        `${calibrationMarkdown(r)}\n\nwritten ${path}.json and .md${opts.write ? '; thresholds saved to config/calibration.json and config/score-calibration.json' : ''}`,
    );
  }

  async function demographics(opts: EvalOptions, s: Awaited<ReturnType<typeof setup>>) {
    const configured = opts.threshold ?? ctx.config.thresholds[s.modelId];
    const t = resolveThreshold(s.modelId, loadCalibrations(), ctx.config.operatingFmr, configured);
    const calibration = demographicsCalibration(loadScoreCalibrations().models[s.modelId], ctx.config.operatingFmr);
    const r = await runDemographicsEvaluation({
      ...s.run,
      threshold: t.threshold,
      ...(calibration ? { calibration } : {}),
    });
    const results = { ...s.meta(), command: 'vigil eval demographics', threshold: t, ...r };
    // R27: signed with this installation's evaluation key, so only this run's output can be stored.
    const report = await attestDemographics(results, {
      dataDir: s.run.dataDir,
      keyFile: evalSigningKeyFile(ctx.config.dataDir),
      options: { ...opts, threshold: t.threshold },
    });
    const path = await writeReport(opts.out, `demographics-${s.modelId}`, report, demographicsMarkdown(r));
    ctx.out.result(
      report,
      () =>
        `${demographicsMarkdown(r)}\n\nwritten ${path}.json and .md, signed with evaluation key ` +
        `${report.attestation.keyId}; store it with \`vigil assessments bias-report --file ${path}.json\``,
    );
  }

  withOptions(evalCmd.command('lfw'))
    .description('LFW View-2 verification: 10-fold accuracy, TAR at FAR, failures to enrol, by gender')
    .action(async (opts: EvalOptions) => withSetup(opts, (s) => lfw(opts, s)));
  withOptions(evalCmd.command('calibrate'))
    .description('thresholds for FMR 1e-2, 1e-3, 1e-4 from LFW impostor pairs')
    .option('--write', 'save the thresholds as the model’s calibration (config/calibration.json)')
    .action(async (opts: EvalOptions) => withSetup(opts, (s) => calibrate(opts, s)));
  withOptions(evalCmd.command('demographics'))
    .description('UTKFace false match rate per gender x race cell with 95% intervals (R27)')
    .option('--threshold <t>', 'threshold to report at (default: the calibrated one)', Number)
    .action(async (opts: EvalOptions) => withSetup(opts, (s) => demographics(opts, s)));
  withOptions(evalCmd.command('all'))
    .description('lfw, calibrate --write and demographics in one run, embedding each image once')
    .action(async (opts: EvalOptions) =>
      withSetup(opts, async (s) => {
        await lfw(opts, s);
        await calibrate({ ...opts, write: true }, s);
        await demographics(opts, s);
      }),
    );
  registerEvalIdentification(evalCmd, ctx);
}
