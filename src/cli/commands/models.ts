/** `vigil models ...`: what models are installed, registering and verifying ONNX models. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { builtInNets } from '../../faces/packs.ts';
import { catalogue } from '../../models/catalogue.ts';
import { ModelInventory } from '../../faces/model-inventory.ts';
import { modelKinds, modelRoles, type ModelKind, type ModelRole } from '../../models/model-card.ts';

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got ${value})`);
  return value as T;
}

async function readCard(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the model card ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function registerModels(program: Command, ctx: CliContext): void {
  const models = program.command('models').description('model packs, model cards and registered ONNX models (R28)');

  models
    .command('list')
    .description('built-in nets, registered models and the packs made of them')
    .action(async () => {
      const inventory = await new ModelInventory({
        config: ctx.config,
        registry: ctx.registry,
        models: ctx.models,
      }).list();
      const result = {
        ...inventory,
        available: catalogue
          .filter((c) => c.packaging !== 'npm')
          .map((c) => ({ name: c.name, kind: c.kind, licence: c.licence, sha256: c.sha256 })),
      };
      ctx.out.result(result, () =>
        [
          'Built-in nets (weights shipped by @vladmandic/face-api):',
          ...result.builtIn.map(
            (n) => `  ${n.modelId}  ${n.card?.name ?? n.kind}  licence ${n.card?.licence ?? 'unknown'}`,
          ),
          `Registered models (${result.registered.length}):`,
          ...result.registered.map(
            (m) => `  ${m.id}  ${m.role}  ${m.card.name} ${m.card.version}  licence ${m.card.licence}`,
          ),
          'Packs:',
          ...result.packs.map(
            (p) =>
              `  ${p.name}: ${p.detector}${p.landmarker ? ` + ${p.landmarker}` : ''} + ${p.recognizer}${p.name === ctx.config.pack ? '  (in use)' : ''}`,
          ),
          'Catalogue (install on request with `vigil models install <name>`):',
          ...result.available.map(
            (c) => `  ${c.name}  ${c.kind}  ${c.sha256 ? 'sha256 known' : 'no published sha256'}`,
          ),
        ].join('\n'),
      );
    });

  models
    .command('verify')
    .description('re-hash every model file and report any that changed or went missing')
    .action(async () => {
      const [builtIn, registered] = await Promise.all([builtInNets(), ctx.registry.verify()]);
      const rows = [
        ...builtIn.map((n) => ({ id: n.modelId, status: n.expected ? 'ok' : 'unexpected-weights', sha256: n.sha256 })),
        ...registered.map((r) => ({ id: r.id, status: r.status, sha256: r.actual ?? null })),
      ];
      const bad = rows.filter((r) => r.status !== 'ok');
      ctx.out.result({ ok: bad.length === 0, models: rows }, () =>
        [
          ...rows.map((r) => `  ${r.status.padEnd(18)} ${r.id}`),
          bad.length === 0 ? 'all model files verified' : `${bad.length} model(s) FAILED verification`,
        ].join('\n'),
      );
      if (bad.length > 0) process.exitCode = 3;
    });

  models
    .command('add <file>')
    .description('register a local ONNX model after checking its sha256, its shapes and its card')
    .requiredOption('--role <role>', `one of ${modelRoles.join(', ')}`)
    .requiredOption('--kind <kind>', 'yunet, scrfd or arcface')
    .requiredOption('--card <card.json>', 'model card: name, version, source, licence, trainingData, sha256')
    .action(async (file: string, opts: { role: string; kind: string; card: string }) => {
      const role = oneOf<ModelRole>('role', opts.role, modelRoles);
      const kind = oneOf<ModelKind>('kind', opts.kind, modelKinds);
      const card = (await readCard(opts.card)) as Parameters<typeof ctx.registry.add>[0]['card'];
      const model = await ctx.registry.add({ file, role, kind, card });
      ctx.out.result(
        model,
        () => `registered ${model.id} (${model.card.name} ${model.card.version}, sha256 ${model.sha256})`,
      );
    });

  models
    .command('install <name>')
    .description('download a catalogue model on explicit request and verify it before registering it')
    .option('--sha256 <hex>', 'expected sha256 from a source you trust (required when the catalogue has none)')
    .option('--accept-licence', 'accept a licence that restricts use (e.g. non-commercial research only)')
    .action(async (name: string, opts: { sha256?: string; acceptLicence?: boolean }) => {
      const model = await ctx.registry.install(name, {
        ...(opts.sha256 ? { sha256: opts.sha256 } : {}),
        acceptRestrictedLicence: opts.acceptLicence === true,
      });
      ctx.out.result(model, () => `installed ${model.id} from the catalogue entry ${name}`);
    });

  models
    .command('remove <id>')
    .description('unregister a model and delete its file')
    .action(async (id: string) => {
      const removed = await ctx.registry.remove(id);
      if (!removed) throw new UsageError(`no registered model ${id}`);
      ctx.out.result({ removed: removed.id }, () => `removed ${removed.id}`);
    });
}
