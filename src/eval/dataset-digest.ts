/**
 * The digest of the images an evaluation used (R27 attestation): sha256 over the sorted lines
 * `<path>\t<size>\t<sha256 of the content>`, one per image, a missing image as `<path>\tmissing`.
 * Another set of images, or one image changed, gives another digest.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetDigest } from '../governance/assessments/bias-attestation.ts';

export const DATASET_DIGEST_METHOD =
  'sha256 over the sorted lines "<path>\\t<size>\\t<sha256 of content>" of the images';

export async function datasetDigest(
  name: string,
  dataDir: string,
  relPaths: readonly string[],
): Promise<DatasetDigest> {
  const lines: string[] = [];
  for (const p of [...new Set(relPaths)].sort()) {
    try {
      const bytes = await readFile(join(dataDir, p));
      lines.push(`${p}\t${bytes.length}\t${createHash('sha256').update(bytes).digest('hex')}`);
    } catch {
      lines.push(`${p}\tmissing`);
    }
  }
  const sha256 = createHash('sha256').update(lines.join('\n')).digest('hex');
  return { name, sha256, files: lines.length, method: DATASET_DIGEST_METHOD };
}
