/**
 * The model registry's index file, `registry.json` in the registry directory: its schema (each
 * registered model with its card, role, kind and ONNX inspection), read and validated, and
 * written atomically.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './file-store.ts';
import { modelCardSchema, modelKindSchema, modelRoleSchema, sha256HexSchema } from './model-card.ts';
import { onnxInspectionSchema } from './onnx-inspect.ts';

export const registryEntrySchema = z.object({
  /** `<kind>-<first 12 hex digits of sha256>`. */
  id: z.string().regex(/^[a-z0-9-]+-[0-9a-f]{12}$/),
  /** File name inside the registry directory. */
  file: z.string().regex(/^[0-9a-f]{64}\.onnx$/),
  sha256: sha256HexSchema,
  bytes: z.number().int().nonnegative(),
  role: modelRoleSchema,
  kind: modelKindSchema,
  card: modelCardSchema,
  addedAt: z.iso.datetime(),
  inspection: onnxInspectionSchema,
  /** Set when the file came from `install`. */
  installedFrom: z.object({ catalogue: z.string(), url: z.string() }).optional(),
});
export type RegisteredModel = z.infer<typeof registryEntrySchema>;

export const registryFileSchema = z.object({
  version: z.literal(1),
  models: z.array(registryEntrySchema),
});
export type RegistryFile = z.infer<typeof registryFileSchema>;

export const registryFileName = 'registry.json';

/** The registry in `root`; an empty one when the file does not exist yet. */
export async function readRegistryFile(root: string): Promise<RegistryFile> {
  const path = join(root, registryFileName);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, models: [] };
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = registryFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${path} is not a valid model registry: ${issues.join('; ')}`);
  }
  return parsed.data;
}

export async function writeRegistryFile(root: string, registry: RegistryFile): Promise<void> {
  await writeFileAtomic(root, registryFileName, `${JSON.stringify(registry, null, 2)}\n`);
}
