/** Schemas of the model routes: packs, built-in nets and registered models, each with its model card (R28). */
import { z } from 'zod';
import { modelKinds, modelRoles } from '../../models/model-card.ts';

const card = z
  .object({
    name: z.string(),
    version: z.string(),
    source: z.string(),
    licence: z.string(),
    licenceRestricted: z.boolean().optional(),
    trainingData: z.string(),
    intendedUse: z.string().optional(),
    limitations: z.string().optional(),
    metrics: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    sha256: z.string().optional(),
  })
  .meta({ id: 'ModelCard' });

export const modelsResponse = z.object({
  inUse: z.string().describe('the pack new templates are made with'),
  packs: z.array(
    z.object({
      name: z.string(),
      detector: z.string(),
      landmarker: z.string().optional(),
      recognizer: z.string(),
    }),
  ),
  builtIn: z
    .array(
      z.object({
        kind: z.enum(modelKinds),
        modelId: z.string(),
        sha256: z.string(),
        expected: z.boolean().describe('the weights are those this version of Vigil was measured with'),
        card: card.optional(),
      }),
    )
    .describe('nets whose weights ship inside an npm dependency'),
  registered: z
    .array(
      z.object({
        id: z.string(),
        role: z.enum(modelRoles),
        kind: z.enum(modelKinds),
        sha256: z.string(),
        addedAt: z.string(),
        card,
      }),
    )
    .describe('ONNX models an operator registered'),
});
export type ModelsResponse = z.infer<typeof modelsResponse>;
