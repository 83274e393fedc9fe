/** Words for the values the case pages show: no enum value reaches the screen as it is stored. */
import type { Schemas } from '../../api/client';

type Provenance = Schemas['Probe']['provenance'];

const provenances: Record<Provenance, string> = {
  cctv: 'CCTV',
  'social-media': 'Social media',
  doorbell: 'Doorbell camera',
  dashcam: 'Dashcam',
  phone: 'Phone',
  other: 'Other source',
};

/** "armed-robbery" → "Armed robbery": configured values without a label of their own. */
export const humanise = (v: string): string => {
  const s = v.replace(/[-_]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
};

export const provenanceLabel = (p: string): string => provenances[p as Provenance] ?? humanise(p);
export const offenceLabel = (o: string): string => humanise(o);
export const caseStatusLabel = (s: Schemas['Case']['status']): string => (s === 'open' ? 'Open' : 'Closed');
export const probeKindLabel = (k: Schemas['Probe']['kind']): string => (k === 'image' ? 'Image' : 'Video');

export const examinerDecisionLabels = {
  'possible-match': 'Possible match',
  'not-a-match': 'Not a match',
  inconclusive: 'Inconclusive',
} as const satisfies Record<NonNullable<Schemas['Candidate']['examiner']>['decision'], string>;

export const officerDecisionLabels = {
  'accepted-as-lead': 'Accepted as a lead',
  rejected: 'Rejected',
} as const satisfies Record<NonNullable<Schemas['Candidate']['officer']>['decision'], string>;

/** Recorded values that older records or other pages may hold. */
const otherDecisions: Record<string, string> = { 'no-further-action': 'No further action' };

/** The label of any recorded decision, examiner's or officer's. */
export const decisionLabel = (d: string): string =>
  (examinerDecisionLabels as Record<string, string>)[d] ??
  (officerDecisionLabels as Record<string, string>)[d] ??
  otherDecisions[d] ??
  humanise(d);

export const stageLabel = (s: 'examiner' | 'officer'): string => (s === 'examiner' ? 'Examiner' : 'Officer');

const qualityReasons: Record<string, string> = {
  'too-small': 'face too small (eyes too close together in pixels)',
  yaw: 'head turned sideways',
  pitch: 'head tilted up or down',
  blurred: 'blurred',
  'too-dark': 'too dark',
  'too-bright': 'too bright',
};
export const qualityReasonLabel = (r: string): string => qualityReasons[r] ?? humanise(r);
export const qualityText = (q: { passed: boolean; reasons: readonly string[] }): string =>
  q.passed ? 'quality gates passed' : `failed quality gates: ${q.reasons.map(qualityReasonLabel).join(', ')}`;

const enhancementOps: Record<string, string> = {
  brightness: 'Brightness',
  contrast: 'Contrast',
  rotate: 'Rotate',
  crop: 'Crop',
  grayscale: 'Greyscale',
  flip: 'Flip horizontally',
};
export const enhancementOpLabel = (op: string): string => enhancementOps[op] ?? humanise(op);

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
