/**
 * The demonstration's bias report (R27): `vigil demo` runs in its own data directory with its own
 * evaluation key, and does not run the evaluation (minutes of embedding); it stores the report
 * this repository measured (reports/demographics-<model>.json), attested by the demonstration's
 * key with `command: 'vigil demo'` and the digest of that file, so the attestation says plainly
 * that the demonstration re-attested a report it did not measure. A real installation's report
 * comes from `vigil eval demographics` run with its configuration.
 */
import { createHash } from 'node:crypto';
import { attestBiasReport, reportResults, type AttestedReport } from './bias-attestation.ts';
import { openEvalSigningKey } from './eval-signing-key.ts';
import { vigilVersion } from '../../shared/vigil-version.ts';

export function attestRepositoryReportForDemo(
  file: string,
  bytes: Uint8Array,
  evaluationKeyFile: string,
): AttestedReport {
  const report = reportResults(JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>);
  const key = openEvalSigningKey(evaluationKeyFile);
  return attestBiasReport(
    report,
    {
      modelId: String(report['modelId']),
      dataset: {
        name: String(report['dataset']),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        files: 1,
        method: `sha256 of the repository's report file ${file} (re-attested by the demonstration, not measured by it)`,
      },
      command: 'vigil demo',
      argv: process.argv.slice(2),
      options: { repositoryReport: file },
      vigilVersion: vigilVersion(),
    },
    key.privateKey,
  );
}
