/** Labels for the values the gallery pages show: quality-gate reasons and watchlist categories. */
import { humanise } from '../../app/labels';

/** Why the quality gates refused an image, in words (src/faces quality reasons). */
export const qualityReasonLabels: Readonly<Record<string, string>> = {
  'too-small': 'the face is too small (eyes too close together in pixels)',
  yaw: 'the head is turned too far sideways',
  pitch: 'the head is tilted too far up or down',
  blurred: 'the image is too blurred',
  'too-dark': 'the image is too dark',
  'too-bright': 'the image is too bright',
};
export const qualityReasonLabel = (r: string): string => qualityReasonLabels[r] ?? humanise(r).toLowerCase();

/**
 * A configured watchlist category (R7) as a label: a slug in words, a phrase as configured with a
 * capital ("wanted by the courts" → "Wanted by the courts"). The value sent stays the configured one.
 */
export function categoryLabel(category: string | null | undefined): string {
  if (!category) return '—';
  if (/^[a-z0-9]+([-_][a-z0-9]+)+$/.test(category)) return humanise(category);
  return category[0]!.toUpperCase() + category.slice(1);
}
