/**
 * The purge planner (R19): given what is stored, the time, the windows and the active holds, what
 * a purge deletes. Pure, so every rule is tested without a database; purge-runner.ts loads the
 * facts and applies the plan.
 *
 * Each media file is attributed to exactly one class, the widest that applies: a case file that
 * goes takes its probes' files with it, and a probe purge takes the video its footage window has
 * not yet reached. A time that does not parse never makes anything due: bad data is kept, not
 * deleted.
 */
import type { HoldTargetType } from '../../db/tables/retention.ts';
import { purgeClasses, type PurgeClass, type RetentionWindowsMs } from './retention-policy.ts';

/** What a purged probe's or track's media id becomes (the columns are not nullable). */
export const PURGED = 'purged';
/** What an anonymised alert's subject, reference and entry become. */
export const ANONYMISED = 'anonymised';

export interface AlertFacts {
  readonly id: string;
  readonly deploymentId: string;
  readonly subjectId: string;
  readonly createdAt: string;
  readonly investigationRef: string | null;
  readonly probeMediaId: string | null;
  readonly referenceMediaId: string | null;
  readonly anonymised: boolean;
  /** When its deployment closed; null while it has not. */
  readonly deploymentClosedAt: string | null;
}

/** A probe whose own file (image, or uploaded video) is still stored. */
export interface ProbeFileFacts {
  readonly id: string;
  readonly caseId: string;
  readonly kind: 'image' | 'video';
  readonly mediaId: string;
  readonly createdAt: string;
}

/** A track of a video probe whose best frame or crop is still stored. */
export interface TrackFacts {
  readonly id: string;
  readonly probeId: string;
  readonly caseId: string;
  readonly mediaIds: readonly string[];
}

export interface CaseFacts {
  readonly id: string;
  readonly status: 'open' | 'closed';
  /** The latest of: opened, probe added, search run, candidate decided, search reviewed. */
  readonly lastActivityAt: string;
  /** Subjects among the case's search candidates that a hold names (others need not be listed). */
  readonly heldSubjectIds: readonly string[];
}

export interface ActiveHold {
  readonly targetType: HoldTargetType;
  readonly targetId: string;
}

export interface PurgeFacts {
  readonly alerts: readonly AlertFacts[];
  readonly probeFiles: readonly ProbeFileFacts[];
  readonly tracks: readonly TrackFacts[];
  readonly cases: readonly CaseFacts[];
  readonly holds: readonly ActiveHold[];
}

export interface ClassCount {
  /** Items of the class acted on: alerts, video probes, probes, cases. */
  readonly records: number;
  /** Media files deleted. */
  readonly media: number;
}

export interface CasePurge {
  readonly caseId: string;
  readonly probeFiles: readonly { readonly probeId: string; readonly mediaId: string }[];
  readonly tracks: readonly {
    readonly trackId: string;
    readonly probeId: string;
    readonly mediaIds: readonly string[];
  }[];
}

export interface PurgePlan {
  /** Alerts whose image columns are cleared, with the files. */
  readonly alertImages: readonly { readonly alertId: string; readonly mediaIds: readonly string[] }[];
  /** Alerts anonymised. */
  readonly alertRecords: readonly string[];
  /** Video probes whose uploaded file goes. */
  readonly footage: readonly { readonly probeId: string; readonly mediaId: string }[];
  /** Per case past its probe window: the probe files and track media that go. */
  readonly probes: readonly CasePurge[];
  /** Closed cases deleted whole, with every media file they still hold. */
  readonly caseFiles: readonly { readonly caseId: string; readonly mediaIds: readonly string[] }[];
  readonly counts: Readonly<Record<PurgeClass, ClassCount>>;
  /** Items that were due but kept by a hold, per class. */
  readonly held: Readonly<Record<PurgeClass, number>>;
  /** Alerts past the 24-hour window whose images are kept because they are linked to an investigation. */
  readonly linkedAlertsKept: number;
}

/** Every media file a plan deletes, with its class. */
export function plannedMedia(plan: PurgePlan): { mediaId: string; dataClass: PurgeClass }[] {
  return [
    ...plan.alertImages.flatMap((a) => a.mediaIds.map((mediaId) => ({ mediaId, dataClass: 'alertImages' as const }))),
    ...plan.footage.map((f) => ({ mediaId: f.mediaId, dataClass: 'footage' as const })),
    ...plan.probes.flatMap((c) => [
      ...c.probeFiles.map((p) => ({ mediaId: p.mediaId, dataClass: 'probes' as const })),
      ...c.tracks.flatMap((t) => t.mediaIds.map((mediaId) => ({ mediaId, dataClass: 'probes' as const }))),
    ]),
    ...plan.caseFiles.flatMap((c) => c.mediaIds.map((mediaId) => ({ mediaId, dataClass: 'caseFiles' as const }))),
  ];
}

export function emptyCounts<T>(value: () => T): Record<PurgeClass, T> {
  return Object.fromEntries(purgeClasses.map((c) => [c, value()])) as Record<PurgeClass, T>;
}

/** Is `at + windowMs` strictly before `now`? An unparseable time is never past. */
function past(at: string | null, windowMs: number, now: number): boolean {
  if (at === null) return false;
  const t = Date.parse(at);
  return Number.isFinite(t) && t + windowMs < now;
}

function holdIndex(holds: readonly ActiveHold[]): (type: HoldTargetType, id: string) => boolean {
  const keys = new Set(holds.map((h) => `${h.targetType}\u0000${h.targetId}`));
  return (type, id) => keys.has(`${type}\u0000${id}`);
}

export function planPurge(facts: PurgeFacts, now: Date, w: RetentionWindowsMs): PurgePlan {
  const t = now.getTime();
  const isHeld = holdIndex(facts.holds);
  const held = emptyCounts(() => 0);
  let linkedAlertsKept = 0;

  const alertHeld = (a: AlertFacts) =>
    isHeld('alert', a.id) || isHeld('deployment', a.deploymentId) || isHeld('subject', a.subjectId);
  const alertImages: { alertId: string; mediaIds: string[] }[] = [];
  const alertRecords: string[] = [];
  for (const a of facts.alerts) {
    const linked = a.investigationRef !== null;
    const mediaIds = [a.probeMediaId, a.referenceMediaId].filter((m): m is string => m !== null);
    if (mediaIds.length > 0) {
      const imagesDue = past(a.createdAt, linked ? w.linkedAlertImages : w.alertImages, t);
      if (linked && !imagesDue && past(a.createdAt, w.alertImages, t)) linkedAlertsKept++;
      if (imagesDue && alertHeld(a)) held.alertImages++;
      else if (imagesDue) alertImages.push({ alertId: a.id, mediaIds });
    }
    // A record is anonymised only once its images are due too (so a linked alert keeps its subject).
    const recordDue =
      !a.anonymised &&
      past(a.deploymentClosedAt, w.alertRecords, t) &&
      past(a.createdAt, linked ? w.linkedAlertImages : w.alertImages, t);
    if (recordDue && alertHeld(a)) held.alertRecords++;
    else if (recordDue) alertRecords.push(a.id);
  }

  const cases = new Map(facts.cases.map((c) => [c.id, c]));
  const caseHeld = (c: CaseFacts) => isHeld('case', c.id) || c.heldSubjectIds.some((s) => isHeld('subject', s));
  type CaseFate = 'delete' | 'probes' | 'footage-only' | 'held';
  const fate = new Map<string, CaseFate>();
  for (const c of facts.cases) {
    const deleteDue = c.status === 'closed' && past(c.lastActivityAt, w.caseFiles, t);
    const probesDue = past(c.lastActivityAt, w.probes, t);
    if (caseHeld(c)) {
      fate.set(c.id, 'held');
      if (deleteDue) held.caseFiles++;
    } else fate.set(c.id, deleteDue ? 'delete' : probesDue ? 'probes' : 'footage-only');
  }

  const caseMedia = new Map<string, string[]>();
  const byCase = new Map<
    string,
    { probeFiles: CasePurge['probeFiles'][number][]; tracks: CasePurge['tracks'][number][] }
  >();
  const probesOf = (caseId: string) => {
    let entry = byCase.get(caseId);
    if (!entry) byCase.set(caseId, (entry = { probeFiles: [], tracks: [] }));
    return entry;
  };
  const footage: { probeId: string; mediaId: string }[] = [];
  const heldProbes = new Set<string>();
  const heldFootage = new Set<string>();
  const purgedProbes = new Set<string>();
  for (const p of facts.probeFiles) {
    const c = cases.get(p.caseId);
    if (!c) continue;
    const f = fate.get(c.id);
    if (f === 'delete') caseMedia.set(c.id, [...(caseMedia.get(c.id) ?? []), p.mediaId]);
    else if (f === 'probes') {
      probesOf(c.id).probeFiles.push({ probeId: p.id, mediaId: p.mediaId });
      purgedProbes.add(p.id);
    } else if (p.kind === 'video' && past(p.createdAt, w.footage, t)) {
      if (f === 'held') heldFootage.add(p.id);
      else footage.push({ probeId: p.id, mediaId: p.mediaId });
    }
    if (f === 'held' && past(c.lastActivityAt, w.probes, t)) heldProbes.add(p.id);
  }
  for (const tr of facts.tracks) {
    const c = cases.get(tr.caseId);
    if (!c || tr.mediaIds.length === 0) continue;
    const f = fate.get(c.id);
    if (f === 'delete') caseMedia.set(c.id, [...(caseMedia.get(c.id) ?? []), ...tr.mediaIds]);
    else if (f === 'probes') {
      probesOf(c.id).tracks.push({ trackId: tr.id, probeId: tr.probeId, mediaIds: tr.mediaIds });
      purgedProbes.add(tr.probeId);
    }
    if (f === 'held' && past(c.lastActivityAt, w.probes, t)) heldProbes.add(tr.probeId);
  }
  held.footage = heldFootage.size;
  held.probes = heldProbes.size;

  const caseFiles = facts.cases
    .filter((c) => fate.get(c.id) === 'delete')
    .map((c) => ({ caseId: c.id, mediaIds: caseMedia.get(c.id) ?? [] }));
  const probes = [...byCase.entries()].map(([caseId, p]) => ({ caseId, ...p }));

  const counts: Record<PurgeClass, ClassCount> = {
    alertImages: { records: alertImages.length, media: alertImages.reduce((n, a) => n + a.mediaIds.length, 0) },
    alertRecords: { records: alertRecords.length, media: 0 },
    footage: { records: footage.length, media: footage.length },
    probes: {
      records: purgedProbes.size,
      media: probes.reduce(
        (n, c) => n + c.probeFiles.length + c.tracks.reduce((m, tr) => m + tr.mediaIds.length, 0),
        0,
      ),
    },
    caseFiles: { records: caseFiles.length, media: caseFiles.reduce((n, c) => n + c.mediaIds.length, 0) },
  };
  return { alertImages, alertRecords, footage, probes, caseFiles, counts, held, linkedAlertsKept };
}
