/**
 * What models this installation knows: packs, built-in nets and registered models, each with its
 * card (R28). One inventory for `vigil models list` and `GET /v1/models`.
 */
import { listPacks, type ModelLookup, type PackSettings } from './pack-resolver.ts';
import { builtInNets, type BuiltInNet } from './packs.ts';
import { catalogue } from '../models/catalogue.ts';
import type { ModelRegistry } from '../models/model-registry.ts';

export interface ModelInventoryDeps {
  /** The pack in use and the operator packs. */
  readonly config: PackSettings & { readonly pack: string };
  readonly registry: Pick<ModelRegistry, 'list'>;
  readonly models: ModelLookup;
}

export class ModelInventory {
  /** The built-in weights cannot change while the process runs; hash them once. */
  private builtIn: Promise<BuiltInNet[]> | undefined;

  constructor(private readonly deps: ModelInventoryDeps) {}

  // The HTTP schema (http/faces/models.dto.ts) is checked against what this returns.
  async list() {
    if (!this.builtIn) {
      this.builtIn = builtInNets();
      this.builtIn.catch(() => (this.builtIn = undefined)); // a failure is retried on the next call
    }
    const [builtIn, registered, packs] = await Promise.all([
      this.builtIn,
      this.deps.registry.list(),
      listPacks(this.deps.config, this.deps.models),
    ]);
    const cards = new Map(catalogue.map((c) => [c.kind as string, c.card]));
    return {
      inUse: this.deps.config.pack,
      packs: packs.map((p) => ({
        name: p.name,
        detector: p.detector.modelId,
        ...(p.landmarker ? { landmarker: p.landmarker.modelId } : {}),
        recognizer: p.recognizer.modelId,
      })),
      builtIn: builtIn.map((n) => {
        const card = cards.get(n.kind);
        return { kind: n.kind, modelId: n.modelId, sha256: n.sha256, expected: n.expected, ...(card ? { card } : {}) };
      }),
      registered: registered.map((m) => ({
        id: m.id,
        role: m.role,
        kind: m.kind,
        sha256: m.sha256,
        addedAt: m.addedAt,
        card: m.card,
      })),
    };
  }
}

export type ModelInventoryList = Awaited<ReturnType<ModelInventory['list']>>;
