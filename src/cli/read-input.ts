/** Reads a file named on the command line, turning file-system failures into clear refusals. */
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from './output.ts';
import type { FaceEngine, ImageAnalysis } from '../faces/engine.ts';
import { ImageError } from '../faces/image-decode.ts';

export async function readInputFile(path: string, maxBytes: number): Promise<Uint8Array> {
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new UsageError(`${path} is a folder, not an image file`, 'not-a-file');
    size = s.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `${path}: no such file` : `cannot read ${path} (${code ?? String(err)})`,
      'unreadable',
    );
  }
  if (size > maxBytes) throw new UsageError(`${path} is ${size} bytes; the limit is ${maxBytes}`, 'too-many-bytes');
  return new Uint8Array(await readFile(path));
}

/** Reads and analyses an image file; a refusal names the file. */
export async function analyseFile(
  engine: FaceEngine,
  path: string,
  maxBytes: number,
  options: Parameters<FaceEngine['analyse']>[1] = {},
): Promise<ImageAnalysis> {
  const bytes = await readInputFile(path, maxBytes);
  try {
    return await engine.analyse(bytes, options);
  } catch (err) {
    if (err instanceof ImageError) throw new ImageError(err.code, `${path}: ${err.message}`);
    throw err;
  }
}
