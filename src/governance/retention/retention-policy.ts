/**
 * What Vigil keeps and for how long (R19): the configurable windows per data class, and the policy
 * as people read it (GET /v1/retention/policy, `vigil retention policy`). Pure: no I/O.
 *
 * Decisions, each with its reason:
 * - Alert images (the probe crop and the reference copy of an alert) go 24 hours after the alert
 *   (R19). An alert linked to an investigation keeps them, under case retention (default two
 *   years after the alert); a hold keeps them for as long as it stands.
 * - Alert records are kept, because the deployment record and the periodic report are computed
 *   from them (R24, R25) and R19 keeps anonymous statistics; but after the window (default 31 days
 *   after the deployment closed) they are anonymised: the subject, the reference, the watchlist
 *   entry and the free-text engagement note are removed; time, camera, score, threshold,
 *   category, decisions, outcome and who made them stay.
 * - Footage: LFR stores none (R18). An uploaded video probe is footage: its file goes at most 31
 *   days after upload (R19); the track frames drawn from it stay with the case, so the case still
 *   shows what was searched.
 * - Probes: the images of a case and its tracks' frames and crops go under case retention,
 *   default two years after the case's last activity (opened, probe added, search run, reviewed
 *   or decided). The probe rows (provenance, hash, who uploaded) stay with the case file.
 * - Case files: a closed case is deleted whole (probes, searches, candidates), default six years
 *   after its last activity (cases record no close time, so last activity is the measure). An open
 *   case is never deleted: closing it is the investigator's decision.
 * - Never purged: the audit log (its hash chain and signed anchors are the evidence that nothing
 *   was altered or removed; deleting entries would break the chain, and entries carry no
 *   biometric data), watchlist manifests and deployment records (subject ids and categories
 *   only, R11, R24), and the reference gallery (enrolment and deletion are governed there).
 */
import { z } from 'zod';

export const retentionConfigSchema = z.object({
  /** Alert images of an alert not linked to an investigation (R19: 24 hours, the most allowed). */
  alertImagesHours: z.number().positive().max(24).default(24),
  /** Alert images of an alert linked to an investigation: case retention, from the alert. */
  linkedAlertImagesDays: z.number().positive().default(730),
  /** Alert records are anonymised this long after their deployment closed. */
  alertRecordsDays: z.number().positive().default(31),
  /** Uploaded video files of video probes (R19: footage at most 31 days). */
  footageDays: z.number().positive().max(31).default(31),
  /** Probe images and track frames and crops, after the case's last activity. */
  probesDays: z.number().positive().default(730),
  /** Closed cases are deleted whole this long after their last activity. */
  caseFilesDays: z.number().positive().default(2190),
  /** How often the server runs the purge (minutes); 0: only on demand. */
  purgeEveryMinutes: z.number().min(0).default(60),
});
export type RetentionSettings = z.infer<typeof retentionConfigSchema>;

/** The data classes a purge acts on, in the order a run reports them. */
export const purgeClasses = ['alertImages', 'alertRecords', 'footage', 'probes', 'caseFiles'] as const;
export type PurgeClass = (typeof purgeClasses)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Each class's window in milliseconds (linked alert images separately). */
export interface RetentionWindowsMs {
  readonly alertImages: number;
  readonly linkedAlertImages: number;
  readonly alertRecords: number;
  readonly footage: number;
  readonly probes: number;
  readonly caseFiles: number;
}

export function windowsMs(s: RetentionSettings): RetentionWindowsMs {
  return {
    alertImages: s.alertImagesHours * HOUR_MS,
    linkedAlertImages: s.linkedAlertImagesDays * DAY_MS,
    alertRecords: s.alertRecordsDays * DAY_MS,
    footage: s.footageDays * DAY_MS,
    probes: s.probesDays * DAY_MS,
    caseFiles: s.caseFilesDays * DAY_MS,
  };
}

/** The window settings as recorded with every run and its audit entry (numbers only). */
export function windowSettings(s: RetentionSettings): Record<string, number> {
  return {
    alertImagesHours: s.alertImagesHours,
    linkedAlertImagesDays: s.linkedAlertImagesDays,
    alertRecordsDays: s.alertRecordsDays,
    footageDays: s.footageDays,
    probesDays: s.probesDays,
    caseFilesDays: s.caseFilesDays,
  };
}

export interface PolicyClass {
  readonly dataClass: PurgeClass;
  readonly window: { readonly value: number; readonly unit: 'hours' | 'days' };
  readonly measuredFrom: string;
  readonly action: string;
  readonly keptWhen: string;
  readonly requirement: string;
}

export interface KeptClass {
  readonly dataClass: string;
  readonly reason: string;
}

export interface RetentionPolicy {
  readonly classes: PolicyClass[];
  readonly linkedAlertImages: { readonly value: number; readonly unit: 'days' };
  readonly neverPurged: KeptClass[];
  readonly holds: string;
  readonly schedule: { readonly everyMinutes: number };
}

export function describePolicy(s: RetentionSettings): RetentionPolicy {
  return {
    classes: [
      {
        dataClass: 'alertImages',
        window: { value: s.alertImagesHours, unit: 'hours' },
        measuredFrom: 'the alert',
        action: "the alert's probe crop and reference image are deleted",
        keptWhen: `the alert is linked to an investigation (then ${s.linkedAlertImagesDays} days from the alert), or a hold covers the alert, its deployment or its subject`,
        requirement: 'R19',
      },
      {
        dataClass: 'alertRecords',
        window: { value: s.alertRecordsDays, unit: 'days' },
        measuredFrom: 'the close of the deployment (and never before linked images go)',
        action:
          'the alert is anonymised: subject, reference, watchlist entry and engagement note removed; time, camera, score, threshold, category, decisions and outcome kept for the deployment record',
        keptWhen: 'a hold covers the alert, its deployment or its subject',
        requirement: 'R19, R24',
      },
      {
        dataClass: 'footage',
        window: { value: s.footageDays, unit: 'days' },
        measuredFrom: 'the upload of the video probe',
        action: 'the uploaded video file is deleted; its track frames stay with the case',
        keptWhen: 'a hold covers the case, or a subject among its search candidates',
        requirement: 'R18, R19',
      },
      {
        dataClass: 'probes',
        window: { value: s.probesDays, unit: 'days' },
        measuredFrom: "the case's last activity",
        action: "the case's probe images and its tracks' frames and crops are deleted; the probe records stay",
        keptWhen: 'a hold covers the case, or a subject among its search candidates',
        requirement: 'R19, R33',
      },
      {
        dataClass: 'caseFiles',
        window: { value: s.caseFilesDays, unit: 'days' },
        measuredFrom: "the closed case's last activity",
        action: 'the closed case is deleted with its probes, searches and candidates; open cases are never deleted',
        keptWhen: 'the case is open, or a hold covers the case or a subject among its search candidates',
        requirement: 'R19',
      },
    ],
    linkedAlertImages: { value: s.linkedAlertImagesDays, unit: 'days' },
    neverPurged: [
      {
        dataClass: 'audit',
        reason:
          'the audit log is append-only and hash-chained (R29): deleting entries would break the chain and the signed anchors, which are the evidence that nothing was removed; entries hold no biometric data',
      },
      {
        dataClass: 'watchlistManifests',
        reason:
          "subject ids and categories only (R11); the watchlist's images and templates are destroyed when the deployment closes (R10)",
      },
      { dataClass: 'deploymentRecords', reason: 'the published deployment record is computed from them (R24)' },
      {
        dataClass: 'gallery',
        reason: 'reference images are enrolled and deleted through the gallery, with their own legal basis',
      },
    ],
    holds:
      'a legal hold on a case, deployment, alert or subject suspends every purge of what is linked to it until it is released',
    schedule: { everyMinutes: s.purgeEveryMinutes },
  };
}
