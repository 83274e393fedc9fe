/**
 * The model registry: ONNX files an operator has registered, each stored as `<sha256>.onnx` in
 * `<dataDir>/models/` and described in `registry.json` with its card, role, kind and interface.
 * Files are checked on the way in (hash against the card, shape against the kind) and can be
 * re-verified at any time. Nothing is downloaded unless `install` is called explicitly. The index
 * file's format is in registry-file.ts.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { catalogue as defaultCatalogue } from './catalogue.ts';
import type { CatalogueEntry } from './catalogue.ts';
import { sha256File, stageStream } from './file-store.ts';
import type { StagedFile } from './file-store.ts';
import { ModelRefusedError } from './errors.ts';
import { planInstall, refuseUnregistrableKind } from './install-plan.ts';
import type { InstallOptions } from './install-plan.ts';
import { ModelCardError, completeCard } from './model-card.ts';
import type { ModelCard, ModelCardInput, ModelKind, ModelRole } from './model-card.ts';
import { NotOnnxError, checkKind, inspectOnnx } from './onnx-inspect.ts';
import { readRegistryFile, writeRegistryFile, type RegisteredModel } from './registry-file.ts';

export {
  registryEntrySchema,
  registryFileName,
  registryFileSchema,
  type RegisteredModel,
  type RegistryFile,
} from './registry-file.ts';
export { ModelRefusedError };
export type { InstallOptions };

/** The registry lives in `<dataDir>/models/`. */
export function modelsDir(dataDir: string): string {
  return join(dataDir, 'models');
}

export function modelIdFor(kind: ModelKind, sha256: string): string {
  return `${kind}-${sha256.slice(0, 12)}`;
}

export interface AddModelRequest {
  readonly file: string;
  readonly role: ModelRole;
  readonly kind: ModelKind;
  readonly card: ModelCardInput;
}

export type VerifyStatus = 'ok' | 'missing' | 'mismatch';

export interface VerifyResult {
  readonly id: string;
  readonly file: string;
  readonly status: VerifyStatus;
  readonly expected: string;
  /** The file's sha256 now, when it exists. */
  readonly actual?: string;
}

export interface ModelRegistryOptions {
  /** The registry directory, normally `modelsDir(dataDir)`. Created on first write. */
  readonly root: string;
  readonly now?: () => Date;
  readonly catalogue?: readonly CatalogueEntry[];
  /** Largest file accepted, in bytes (default 2 GiB). */
  readonly maxBytes?: number;
}

export class ModelRegistry {
  readonly root: string;
  private readonly now: () => Date;
  private readonly catalogue: readonly CatalogueEntry[];
  private readonly maxBytes: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: ModelRegistryOptions) {
    this.root = options.root;
    this.now = options.now ?? (() => new Date());
    this.catalogue = options.catalogue ?? defaultCatalogue;
    this.maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  }

  /** Absolute path of a registered model's file. */
  pathOf(model: Pick<RegisteredModel, 'file'>): string {
    return join(this.root, model.file);
  }

  async list(): Promise<RegisteredModel[]> {
    return (await readRegistryFile(this.root)).models;
  }

  async get(id: string): Promise<RegisteredModel | undefined> {
    return (await readRegistryFile(this.root)).models.find((m) => m.id === id);
  }

  /** Copies a local file into the registry after checking its hash and its shape. */
  async add(request: AddModelRequest): Promise<RegisteredModel> {
    refuseUnregistrableKind(request.kind);
    await mkdir(this.root, { recursive: true });
    let staged: StagedFile;
    try {
      staged = await stageStream(this.root, createReadStream(request.file), this.maxBytes);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ModelRefusedError(`cannot read ${request.file}: ${reason}`);
    }
    return this.commit(staged, request.file, request.role, request.kind, request.card);
  }

  /**
   * Downloads a catalogue entry on explicit request, verifying it against the catalogue's sha256
   * (or the operator's), then registers it like `add`. Nothing is left behind on failure.
   */
  async install(name: string, options: InstallOptions = {}): Promise<RegisteredModel> {
    const { entry, url, expected } = planInstall(name, this.catalogue, options);
    const fetchFn = options.fetch ?? globalThis.fetch;
    const response = await fetchFn(url, { redirect: 'follow' }).catch((err: unknown) => {
      const reason =
        err instanceof Error
          ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}`
          : String(err);
      throw new ModelRefusedError(`download of ${url} failed: ${reason}`);
    });
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw new ModelRefusedError(`download of ${url} failed: HTTP ${response.status}`);
    }
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    if (length > this.maxBytes) {
      await response.body.cancel();
      throw new ModelRefusedError(`${url} is ${length} bytes, over the limit of ${this.maxBytes}`);
    }
    await mkdir(this.root, { recursive: true });
    const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
    const staged = await stageStream(this.root, body, this.maxBytes);
    if (staged.sha256 !== expected) {
      await rm(staged.tempPath, { force: true });
      throw new ModelRefusedError(
        `downloaded ${url} has sha256 ${staged.sha256}, expected ${expected}: refused, nothing installed`,
      );
    }
    return this.commit(staged, url, entry.role, entry.kind, entry.card, { catalogue: entry.name, url });
  }

  /** Re-hashes every registered file. */
  async verify(): Promise<VerifyResult[]> {
    const results: VerifyResult[] = [];
    for (const m of await this.list()) {
      const path = this.pathOf(m);
      const exists = await stat(path).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!exists) {
        results.push({ id: m.id, file: path, status: 'missing', expected: m.sha256 });
        continue;
      }
      const actual = await sha256File(path);
      const status = actual === m.sha256 ? 'ok' : 'mismatch';
      results.push({ id: m.id, file: path, status, expected: m.sha256, actual });
    }
    return results;
  }

  /** Unregisters a model and deletes its file unless another entry shares it. */
  async remove(id: string): Promise<RegisteredModel | undefined> {
    return this.exclusive(async () => {
      const registry = await readRegistryFile(this.root);
      const model = registry.models.find((m) => m.id === id);
      if (model === undefined) return undefined;
      const models = registry.models.filter((m) => m.id !== id);
      await writeRegistryFile(this.root, { version: 1, models });
      if (!models.some((m) => m.file === model.file)) await rm(this.pathOf(model), { force: true });
      return model;
    });
  }

  /** Checks a staged file against its card and kind and moves it into place; always consumes the temp file. */
  private async commit(
    staged: StagedFile,
    label: string,
    role: ModelRole,
    kind: ModelKind,
    cardInput: ModelCardInput,
    installedFrom?: RegisteredModel['installedFrom'],
  ): Promise<RegisteredModel> {
    try {
      const card = this.completeOrRefuse(cardInput, staged.sha256, role, kind, label);
      const inspection = await inspectOnnx(staged.tempPath).catch((err: unknown) => {
        if (err instanceof NotOnnxError)
          throw new ModelRefusedError(`${label} is not a loadable ONNX model: ${err.reason}`);
        throw err;
      });
      const problems = checkKind(kind, inspection);
      if (problems.length > 0) {
        throw new ModelRefusedError(`${label} does not fit kind ${kind}: ${problems.join('; ')}`, problems);
      }
      const id = modelIdFor(kind, staged.sha256);
      const model: RegisteredModel = {
        id,
        file: `${staged.sha256}.onnx`,
        sha256: staged.sha256,
        bytes: staged.bytes,
        role,
        kind,
        card,
        addedAt: this.now().toISOString(),
        inspection,
        ...(installedFrom === undefined ? {} : { installedFrom }),
      };
      return await this.exclusive(async () => {
        const registry = await readRegistryFile(this.root);
        if (registry.models.some((m) => m.id === id)) {
          throw new ModelRefusedError(`${label} is already registered as ${id}`);
        }
        await rename(staged.tempPath, this.pathOf(model));
        await writeRegistryFile(this.root, { version: 1, models: [...registry.models, model] });
        return model;
      });
    } finally {
      await rm(staged.tempPath, { force: true });
    }
  }

  private completeOrRefuse(
    input: ModelCardInput,
    sha256: string,
    role: ModelRole,
    kind: ModelKind,
    label: string,
  ): ModelCard {
    try {
      return completeCard(input, { sha256, role, kind });
    } catch (err) {
      if (err instanceof ModelCardError) {
        throw new ModelRefusedError(`${label} refused: ${err.message}`, err.problems);
      }
      throw err;
    }
  }

  /** Serialises read-modify-write cycles within this process. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
