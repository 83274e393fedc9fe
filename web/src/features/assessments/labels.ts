/** Labels and refusal messages only the assessments page shows. */
import { ApiError } from '../../api/client';
import type { Assessment } from './queries';

export const kindLabels: Readonly<Record<Assessment['kind'], string>> = {
  dpia: 'Data protection impact assessment (DPIA)',
  eia: 'Equality impact assessment (EIA)',
  policy: 'Policy document',
};

export const kindShort: Readonly<Record<Assessment['kind'], string>> = {
  dpia: 'DPIA',
  eia: 'EIA',
  policy: 'Policy',
};

/** Why a bias report file was refused (R27), by the API's code, in the words an administrator acts on. */
export const biasRefusals: Readonly<Record<string, string>> = {
  'not-a-bias-report': 'This file is not a report written by `vigil eval demographics`.',
  'unsigned-bias-report':
    'This report has no attestation. Only the signed file that `vigil eval demographics` writes on this installation is accepted; a report typed or edited by hand is not.',
  'untrusted-bias-report-key':
    "This report was signed with a key other than this installation's evaluation key: run the evaluation here.",
  'bad-bias-report-signature': 'The attestation signature does not verify: the file is damaged or was forged.',
  'bias-report-tampered':
    'The results in this file differ from those the evaluation signed: it was changed after signing.',
  'bias-report-wrong-model': 'The report measured a different model from the one it names.',
  'bias-report-incomplete': 'The report does not cover every demographic group, so it cannot show bias between them.',
  'eval-key-unreadable': "The server cannot read its evaluation key, so it cannot check the report's signature.",
};

/** Why a threshold change was refused (R14, R27). */
export const thresholdRefusals: Readonly<Record<string, string>> = {
  'below-floor': 'That is below the calibrated floor: a threshold may only be made stricter.',
  'no-bias-report':
    'No current, verified bias report measured the model at that threshold. Run `vigil eval demographics` at it, store the signed report above, then try again.',
  'reason-required': 'Give the reason for the change (at least 10 characters).',
};

/** An API refusal as a readable message: the mapped text, and the server's own words after it. */
export function refusal(err: unknown, messages: Readonly<Record<string, string>>): string {
  if (err instanceof ApiError && messages[err.code]) return `${messages[err.code]} (${err.message})`;
  return err instanceof Error ? err.message : String(err);
}

/** Thresholds are shown to four places: enough to tell measured points apart (tolerance 5e-4). */
export const threshold4 = (n: number): string => n.toFixed(4);
