/**
 * The attestation `vigil eval demographics` adds to its report (R27): the model, the digest of the
 * UTKFace images it read, the command line and options, the Vigil version and the hash of the
 * results, signed with the installation's evaluation key (created on the first run).
 */
import { attestBiasReport, type AttestedReport } from '../../governance/assessments/bias-attestation.ts';
import { openEvalSigningKey } from '../../governance/assessments/eval-signing-key.ts';
import { loadUtkIndex } from '../../eval/data-files.ts';
import { datasetDigest } from '../../eval/dataset-digest.ts';
import { vigilVersion } from '../../shared/vigil-version.ts';

export async function attestDemographics(
  results: { readonly modelId: string; readonly dataset: string } & Record<string, unknown>,
  o: { readonly dataDir: string; readonly keyFile: string; readonly options: Record<string, unknown> },
): Promise<AttestedReport> {
  const key = openEvalSigningKey(o.keyFile);
  const index = await loadUtkIndex(o.dataDir);
  const dataset = await datasetDigest(
    results.dataset,
    o.dataDir,
    index.map((im) => im.path),
  );
  const options = Object.fromEntries(Object.entries(o.options).filter(([, v]) => v !== undefined));
  return attestBiasReport(
    results,
    {
      modelId: results.modelId,
      dataset,
      command: 'vigil eval demographics',
      argv: process.argv.slice(2),
      options,
      vigilVersion: vigilVersion(),
    },
    key.privateKey,
  );
}
