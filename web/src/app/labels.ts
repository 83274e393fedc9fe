/**
 * Labels for the enum values several pages show: roles, permissions, audit outcomes and audit
 * actions. A page never prints a raw value: it looks it up here (or in its feature folder's
 * labels.ts for values only it shows), and an unknown value is turned into words rather than shown
 * as a code.
 */
import type { Permission, Role } from '../api/client';

/** "no-further-action" → "No further action"; "searchRun" → "Search run". */
export function humanise(value: string): string {
  const words = value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_.:]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : value;
}

/** The label of `value` in `labels`, or the value in words. */
export function labelOf<K extends string>(labels: Partial<Record<K, string>>, value: K | string): string {
  return (labels as Record<string, string | undefined>)[value] ?? humanise(value);
}

export const roleLabels: Readonly<Record<Role, string>> = {
  'authorising-officer': 'Authorising officer',
  'watchlist-manager': 'Watchlist manager',
  operator: 'Operator',
  'engagement-officer': 'Engagement officer',
  investigator: 'Investigator',
  'rfr-supervisor': 'RFR supervisor',
  auditor: 'Auditor',
  administrator: 'Administrator',
};

/** What each role is for, in a line (the user administration page shows it beside the choice). */
export const roleHints: Readonly<Record<Role, string>> = {
  'authorising-officer': 'authorises or refuses live deployments',
  'watchlist-manager': 'enrols subjects, compiles watchlists, drafts deployments',
  operator: 'runs cameras and decides live alerts',
  'engagement-officer': 'records engagements after a confirmed alert',
  investigator: 'runs retrospective searches in cases',
  'rfr-supervisor': 'reviews retrospective searches',
  auditor: 'reads the audit log and reports; no biometric data',
  administrator: 'users, cameras, assessments and thresholds',
};

export const roleLabel = (r: string): string => labelOf(roleLabels, r);

export const permissionLabels: Readonly<Partial<Record<Permission, string>>> = {
  public: 'Anyone',
  authenticated: 'Any signed-in user',
  'system:read': 'See system status',
  'models:read': 'See the models',
  'faces:detect': 'Detect faces',
  'faces:compare': 'Compare faces',
  'gallery:read': 'See the gallery',
  'gallery:enrol': 'Enrol subjects',
  'gallery:delete': 'Delete subjects',
  'gallery:view-images': 'See reference images',
  'gallery:break-glass': 'Break glass to see an image',
  'cases:read': 'See cases',
  'cases:write': 'Open and edit cases',
  'search:run': 'Run searches',
  'search:examine': 'Examine candidates',
  'search:decide': 'Decide on leads',
  'search:supervise': 'Review searches',
  'search:statistics': 'See search statistics',
  'archive:ingest': 'Ingest archive footage',
  'archive:search': 'Search archive footage',
  'users:admin': 'Administer users',
  'audit:read': 'Read the audit log',
  'audit:verify': 'Verify the audit chain',
  'reports:read': 'Read reports',
  'reports:export': 'Export reports',
  'assessments:read': 'See assessments',
  'assessments:write': 'Record assessments',
  'thresholds:change': 'Change thresholds',
  'retention:admin': 'Administer retention',
  'jobs:admin': 'Administer jobs',
  'deployments:read': 'See deployments',
  'deployments:write': 'Draft deployments',
  'deployments:authorise': 'Authorise deployments',
  'deployments:operate': 'Operate deployments',
  'watchlists:read': 'See watchlists',
  'watchlists:write': 'Compile watchlists',
  'cameras:read': 'See cameras',
  'cameras:write': 'Configure cameras',
  'alerts:read': 'See alerts',
  'alerts:adjudicate': 'Decide alerts',
  'alerts:engage': 'Record engagements',
};

export const permissionLabel = (p: string): string => labelOf(permissionLabels, p);

export type AuditOutcome = 'ok' | 'denied' | 'failed';
export const outcomeLabels: Readonly<Record<AuditOutcome, string>> = {
  ok: 'Done',
  denied: 'Refused',
  failed: 'Failed',
};

/** Audit actions by name; the filter offers these, grouped by what the first word names. */
export const auditActionLabels: Readonly<Record<string, string>> = {
  'alert.decided': 'Alert decided',
  'alert.engagement': 'Engagement recorded',
  'alert.linked': 'Alert linked',
  'alert.raised': 'Alert raised',
  'alert.viewed': 'Alert viewed',
  'archive.ingest-requested': 'Archive ingest requested',
  'archive.scanned': 'Archive scanned',
  'archive.searched': 'Archive searched',
  'assessment.recorded': 'Assessment recorded',
  'audit.anchor': 'Audit anchor signed',
  'audit.triggers-restored': 'Audit triggers restored',
  'auth.denied': 'Request refused',
  'auth.denied-summary': 'Refused requests (summary)',
  'auth.locked': 'Account locked',
  'auth.login': 'Signed in',
  'auth.login-failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.password-change-failed': 'Password change failed',
  'auth.password-changed': 'Password changed',
  'bias-report.stored': 'Bias report stored',
  'camera.added': 'Camera added',
  'camera.failing': 'Camera failing',
  'camera.refused': 'Camera refused',
  'camera.taken-over': 'Camera taken over',
  'case.access-denied': 'Case access refused',
  'case.authorisation-recorded': 'Case authorisation recorded',
  'case.created': 'Case opened',
  'case.deleted': 'Case deleted',
  'case.member-added': 'Case member added',
  'deployment.authorisation-voided': 'Authorisation withdrawn',
  'deployment.authorised': 'Deployment authorised',
  'deployment.closed': 'Deployment stopped',
  'deployment.created': 'Deployment drafted',
  'deployment.refused': 'Deployment refused',
  'deployment.reviewed': 'Deployment reviewed',
  'deployment.started': 'Deployment started',
  'deployment.updated': 'Deployment changed',
  'gallery.break-glass': 'Break glass',
  'gallery.enrolled': 'Subject enrolled',
  'gallery.image-viewed': 'Reference image viewed',
  'gallery.subject-deleted': 'Subject deleted',
  'probe.added': 'Probe added',
  'report.exported': 'Report exported',
  'retention.hold.placed': 'Retention hold placed',
  'retention.hold.released': 'Retention hold released',
  'retention.purge': 'Retention purge',
  'search.deleted': 'Search deleted',
  'search.examiner-decision': 'Examiner decision',
  'search.officer-decision': 'Officer decision',
  'search.run': 'Search run',
  'search.supervisor-review': 'Supervisor review',
  'seed.completed': 'Sample data loaded',
  'seed.users-created': 'Sample users created',
  'setup.completed': 'First-run setup completed',
  'setup.failed': 'First-run setup failed',
  'setup.token-issued': 'Setup token issued',
  'threshold.changed': 'Threshold changed',
  'token.created': 'API token issued',
  'token.revoked': 'API token revoked',
  'user.created': 'User created',
  'user.oidc-linked': 'Identity provider linked',
  'user.password-reset': 'Password reset',
  'user.role-grant-approved': 'Role grant approved',
  'user.role-grant-refused': 'Role grant refused',
  'user.role-grant-requested': 'Role grant requested',
  'user.roles-synced': 'Roles synchronised',
  'user.updated': 'User changed',
  'watchlist.entry-added': 'Watchlist entry added',
  'watchlist.entry-removed': 'Watchlist entry removed',
};

export const auditActionLabel = (a: string): string => labelOf(auditActionLabels, a);

/** The groups of actions (the part before the first dot), for the filter. */
export const auditActionGroups: Readonly<Record<string, string>> = {
  alert: 'Alerts',
  archive: 'Archive',
  assessment: 'Assessments',
  audit: 'Audit log',
  auth: 'Sign-in and refusals',
  'bias-report': 'Bias reports',
  camera: 'Cameras',
  case: 'Cases',
  deployment: 'Deployments',
  gallery: 'Gallery',
  probe: 'Probes',
  report: 'Reports',
  retention: 'Retention',
  search: 'Searches',
  seed: 'Sample data',
  setup: 'Setup',
  threshold: 'Thresholds',
  token: 'API tokens',
  user: 'Users',
  watchlist: 'Watchlists',
};

/** Audit target types. */
export const targetTypeLabels: Readonly<Record<string, string>> = {
  user: 'User',
  'role-grant': 'Role grant',
  token: 'API token',
  'api-token': 'API token',
  deployment: 'Deployment',
  case: 'Case',
  search: 'Search',
  probe: 'Probe',
  subject: 'Subject',
  alert: 'Alert',
  camera: 'Camera',
  model: 'Model',
  assessment: 'Assessment',
  'bias-report': 'Bias report',
  watchlist: 'Watchlist',
};

/** The points a bias report measures a model at (its threshold ids). */
export const measuredPointLabels: Readonly<Record<string, string>> = {
  configured: 'configured threshold',
  'configured-0.05': 'configured − 0.05',
  'configured+0.05': 'configured + 0.05',
  'fmr1e-3': 'false match rate 1 in 1,000',
  'fmr1e-4': 'false match rate 1 in 10,000',
  'fmr1e-5': 'false match rate 1 in 100,000',
};

export const measuredPointLabel = (id: string): string => measuredPointLabels[id] ?? humanise(id);
