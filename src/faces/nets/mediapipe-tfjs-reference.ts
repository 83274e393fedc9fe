/**
 * MediaPipe's nets as `@vladmandic/human` ships them, run on TensorFlow.js (cpu backend): the
 * reference that the ONNX re-expressions are checked against in tests. Not used in serving.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { humanModelDir } from './tfjs-graph-model.ts';

/** Loads `<stem>.json` and its shards from human's models folder into a TF.js graph model. */
export async function loadTfjsReference(stem: string, dir = humanModelDir()): Promise<GraphModel> {
  await tf.setBackend('cpu');
  await tf.ready();
  const json = JSON.parse(await readFile(join(dir, `${stem}.json`), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    format?: string;
    generatedBy?: string;
    convertedBy?: string;
    signature?: object;
    userDefinedMetadata?: Record<string, object>;
  };
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const shards = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(join(dir, p))));
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const handler: tf.io.IOHandler = {
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  };
  return loadGraphModel(handler);
}

/** Runs the reference on an NHWC float input; returns each named output's values. */
export async function runTfjsReference(
  model: GraphModel,
  input: Float32Array,
  shape: readonly [number, number, number, number],
  outputs: readonly string[],
): Promise<Float32Array[]> {
  const x = tf.tensor4d(input, [...shape]);
  const result = model.execute(x, [...outputs]);
  const list = Array.isArray(result) ? result : [result];
  const data = await Promise.all(list.map(async (t) => Float32Array.from(await t.data())));
  x.dispose();
  for (const t of list) t.dispose();
  return data;
}
