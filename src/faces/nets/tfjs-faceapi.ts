/**
 * Face-api running on TensorFlow.js's wasm backend: the reference implementation of the default
 * pack's nets. Vigil serves with the ONNX re-expression of the same weights; this runtime exists
 * so tests and `npm run bench` can check that the two agree and compare their speed.
 */
import type * as FaceApiModule from '@vladmandic/face-api';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { faceApiModelDir } from './faceapi-weights.ts';

type FaceApi = typeof FaceApiModule;

let loading: Promise<FaceApi> | undefined;

async function init(): Promise<FaceApi> {
  const require = createRequire(import.meta.url);
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
  const tf = faceapi.tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void> };
  wasm.setWasmPaths(join(wasmDir, 'dist') + '/');
  await tf.setBackend('wasm');
  await tf.ready();
  const dir = faceApiModelDir();
  await Promise.all([
    faceapi.nets.ssdMobilenetv1.loadFromDisk(dir),
    faceapi.nets.tinyFaceDetector.loadFromDisk(dir),
    faceapi.nets.faceLandmark68Net.loadFromDisk(dir),
    faceapi.nets.faceRecognitionNet.loadFromDisk(dir),
  ]);
  return faceapi;
}

/** Loads face-api with the wasm backend and all four nets once per thread. */
export function loadFaceApiTfjs(): Promise<FaceApi> {
  loading ??= init();
  return loading;
}
