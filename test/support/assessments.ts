/**
 * Test support (R27): a stand-in bias report covering every gender x race cell, signed with the
 * evaluation key a service trusts, as `vigil eval demographics` would sign its own. Tests only: a
 * real installation's reports come from the evaluation run.
 */
import { createHash } from 'node:crypto';
import {
  attestBiasReport,
  REQUIRED_GENDERS,
  REQUIRED_RACES,
  type AttestedReport,
} from '../../src/governance/assessments/bias-attestation.ts';
import { openEvalSigningKey } from '../../src/governance/assessments/eval-signing-key.ts';

export interface StandInOptions {
  readonly modelId: string;
  readonly threshold: number;
  readonly measuredAt?: string;
  /** FMR of every cell (default 0.001). */
  readonly fmr?: number;
}

/** The shape of a demographics report (src/eval/runners.ts) with invented numbers. */
export function standInBiasReport(o: StandInOptions): Record<string, unknown> {
  const fmr = o.fmr ?? 0.001;
  return {
    modelId: o.modelId,
    measuredAt: o.measuredAt ?? new Date().toISOString(),
    command: 'vigil eval demographics',
    dataset: 'test stand-in',
    thresholds: [{ id: 'configured', kind: 'configured', value: o.threshold, targetFmr: null }],
    cells: REQUIRED_GENDERS.flatMap((gender) =>
      REQUIRED_RACES.map((race) => ({
        gender,
        race,
        images: 200,
        enrolled: 200,
        pairs: 19_900,
        byThreshold: { configured: { falseMatches: Math.round(fmr * 19_900), fmr, ciLow: 0, ciHigh: fmr * 2 } },
      })),
    ),
  };
}

/** Signs `report` with the evaluation key at `keyFile` (created when missing). */
export function signForTest(report: Readonly<Record<string, unknown>>, keyFile: string): AttestedReport {
  const key = openEvalSigningKey(keyFile);
  return attestBiasReport(
    report,
    {
      modelId: String(report['modelId']),
      dataset: {
        name: 'test stand-in',
        sha256: createHash('sha256').update('test stand-in').digest('hex'),
        files: 0,
        method: 'none (test)',
      },
      command: 'vigil eval demographics',
      argv: ['eval', 'demographics'],
      options: {},
      vigilVersion: 'test',
    },
    key.privateKey,
  );
}

/** A signed stand-in report that the service behind `evaluationKeyFile` will accept. */
export function signedStandInReport(o: StandInOptions, evaluationKeyFile: string): AttestedReport {
  return signForTest(standInBiasReport(o), evaluationKeyFile);
}
