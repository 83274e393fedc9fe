/**
 * Process roles (issue 7): one codebase, three roles. `api` serves HTTP (console and API),
 * `worker` runs jobs from the queue (archive ingestion, index builds, audit anchors, retention
 * purges), `pipeline` runs live cameras under leases. `vigil serve` runs all three in one process
 * on SQLite with an in-process queue and event bus; with a shared database, queue and event bus,
 * each role runs as its own process on any machine. This module decides what a process needs and
 * refuses combinations that would silently lose work.
 */
import { ConfigError } from './config.ts';

export const processRoles = ['api', 'worker', 'pipeline'] as const;
export type ProcessRole = (typeof processRoles)[number];

/** Parses `api,worker` (or `all`); refuses unknown names and an empty list. */
export function parseRoles(value: string | undefined, source = '--role'): readonly ProcessRole[] {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'all') return processRoles;
  const roles = [...new Set(text.split(',').map((r) => r.trim()))];
  for (const r of roles) {
    if (!(processRoles as readonly string[]).includes(r)) {
      throw new ConfigError(`${source}: unknown role ${JSON.stringify(r)} (roles: ${processRoles.join(', ')}, or all)`);
    }
  }
  return roles as ProcessRole[];
}

export interface RolePlan {
  readonly roles: readonly ProcessRole[];
  readonly api: boolean;
  readonly worker: boolean;
  readonly pipeline: boolean;
  /** Every role in this process: the embedded mode. */
  readonly embedded: boolean;
  /** The queue and event bus URLs to use (undefined: in-process). */
  readonly queueUrl: string | undefined;
  readonly eventsUrl: string | undefined;
  /** Things an operator should know, for the start-up log. */
  readonly notes: readonly string[];
}

/**
 * What a process with these roles needs. Split roles need a shared queue (jobs queued by the API
 * would never run) and a shared event bus (alerts raised by a pipeline would reach nobody); a
 * SQLite database can be shared only by processes on one machine.
 */
export function planRoles(
  roles: readonly ProcessRole[],
  shared: { databaseUrl?: string | undefined; queueUrl?: string | undefined; eventsUrl?: string | undefined },
): RolePlan {
  const has = (r: ProcessRole) => roles.includes(r);
  const embedded = processRoles.every(has);
  const queueUrl = shared.queueUrl?.trim() || undefined;
  const eventsUrl = shared.eventsUrl?.trim() || queueUrl;
  const notes: string[] = [];
  if (!embedded) {
    if (!queueUrl) {
      throw new ConfigError(
        `the roles ${roles.join(',')} leave the others to other processes, which needs a shared queue: set VIGIL_QUEUE_URL (redis://...)`,
      );
    }
    if (!eventsUrl) {
      throw new ConfigError('split roles need a shared event bus for alerts: set VIGIL_EVENTS_URL (redis://...)');
    }
    if (!shared.databaseUrl) {
      notes.push('roles split over processes on SQLite: they must share one machine and data folder; use PostgreSQL');
    }
  }
  return {
    roles,
    api: has('api'),
    worker: has('worker'),
    pipeline: has('pipeline'),
    embedded,
    queueUrl,
    eventsUrl,
    notes,
  };
}
