/** An image's quality-gate result in words, with its measurements. */
import type { Schemas } from '../../api/client';
import { qualityReasonLabel } from './labels';

type Quality = Schemas['ReferenceImage']['quality'];

export function QualitySummary({ quality }: { quality: Quality }) {
  return (
    <span className={quality.passed ? 'ok' : 'warn'}>
      {quality.passed ? 'Quality passed' : `Quality failed: ${quality.reasons.map(qualityReasonLabel).join(', ')}`}{' '}
      (eyes {quality.interOcularPx.toFixed(0)} px apart, yaw {quality.yawDeg.toFixed(0)}°, pitch{' '}
      {quality.pitchDeg.toFixed(0)}
      °, sharpness {quality.sharpness.toFixed(0)}, brightness {quality.brightness.toFixed(0)})
    </span>
  );
}
