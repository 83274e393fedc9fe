/** Finds a pack by name: the built-in packs, or an operator pack made of registered models. */
import { builtInPacks, faceApiNetSpec, type NetSpec, type PackSpec } from './packs.ts';

/** What a registered model contributes to a pack: its kind and file. */
export interface ModelLookup {
  get(id: string): Promise<{ id: string; kind: string; path: string } | undefined>;
}

export class PackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackError';
  }
}

const builtInNetKinds = ['faceapi-ssd', 'faceapi-tiny', 'faceapi-landmarks68', 'faceapi-resnet'] as const;

async function netFor(id: string, lookup: ModelLookup): Promise<NetSpec> {
  const builtIn = builtInNetKinds.find((k) => id === k || id.startsWith(`${k}-`));
  if (builtIn) {
    const spec = await faceApiNetSpec(builtIn);
    if (id !== builtIn && id !== spec.modelId)
      throw new PackError(`built-in model ${id} does not match the installed weights (${spec.modelId})`);
    return spec;
  }
  const model = await lookup.get(id);
  if (!model) throw new PackError(`model ${id} is not registered (see \`vigil models list\`)`);
  return { kind: model.kind as NetSpec['kind'], modelId: model.id, path: model.path };
}

/** An operator pack as configured (`packs` in the config file): net ids, resolved here. */
export interface ConfiguredPack {
  readonly name: string;
  readonly detector: string;
  readonly landmarker?: string | undefined;
  readonly recognizer: string;
}

/** The part of the configuration that names packs. */
export interface PackSettings {
  readonly packs: readonly ConfiguredPack[];
}

export async function listPacks(config: PackSettings, lookup: ModelLookup): Promise<PackSpec[]> {
  const packs = await builtInPacks();
  for (const p of config.packs) {
    const detector = await netFor(p.detector, lookup);
    const recognizer = await netFor(p.recognizer, lookup);
    const landmarker = p.landmarker ? await netFor(p.landmarker, lookup) : undefined;
    packs.push(
      landmarker ? { name: p.name, detector, landmarker, recognizer } : { name: p.name, detector, recognizer },
    );
  }
  return packs;
}

export async function resolvePack(name: string, config: PackSettings, lookup: ModelLookup): Promise<PackSpec> {
  const packs = await listPacks(config, lookup);
  const pack = packs.find((p) => p.name === name);
  if (!pack) throw new PackError(`no model pack named ${name} (known: ${packs.map((p) => p.name).join(', ')})`);
  return pack;
}
