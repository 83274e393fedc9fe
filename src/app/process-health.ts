/**
 * A Vigil process's health, as its HTTP server (http/server.ts) shows it: the metrics it exposes,
 * the readiness probes (database, shared queue, cameras, audit chain) and the continuous check of
 * the audit chain, started from the configuration (R29). Process wiring without Fastify.
 */
import type { KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import type { FaceEngine } from '../faces/engine.ts';
import {
  startAuditMonitor,
  type AuditChainStatus,
  type AuditMonitor,
  type AuditMonitorLog,
} from '../governance/audit/audit-monitor.ts';
import { witnessFileOf } from '../governance/audit/witness-format.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Probe } from '../ops/system.service.ts';
import { VigilMetrics, type AuditChainMetricsSource } from '../ops/vigil-metrics.ts';
import type { VigilConfig } from './config.ts';
import type { RolePlan } from './process-roles.ts';
import type { VigilServices } from './services.ts';

export interface ProcessHealthDeps {
  readonly services: Pick<VigilServices, 'database' | 'deployments' | 'liveStatus' | 'cameraScheduler'>;
  readonly engine: FaceEngine;
  readonly queue: JobQueue;
  readonly plan: Pick<RolePlan, 'embedded'>;
  /** The audit chain's status; null before its start-up check. */
  readonly auditStatus: () => AuditChainStatus | null;
}

export interface ProcessHealth {
  readonly metrics: VigilMetrics;
  readonly probes: Readonly<Record<string, Probe>>;
}

/** What the metrics show for the audit chain before its start-up check: not verified, so broken. */
const uncheckedChain: AuditChainMetricsSource = {
  state: 'broken',
  breaks: 0,
  entries: 0,
  witness: { file: null, peers: [], lines: 0, pending: 0, unwitnessed: null },
  triggersRestored: 0,
};

export function processHealth(d: ProcessHealthDeps): ProcessHealth {
  const { services, engine, queue, auditStatus } = d;
  const metrics = new VigilMetrics({
    live: { status: services.liveStatus, deployments: services.deployments },
    db: services.database.db,
    engine,
  });
  // Queue depths at each scrape: jobs waiting (and delayed for a retry) in the shared or in-process queue.
  metrics.queueDepth('jobs', async () => {
    const c = await queue.counts();
    return c.waiting + c.delayed;
  });
  // R29: not ready while the audit chain is broken (or before its start-up check).
  metrics.auditChain(() => auditStatus() ?? uncheckedChain);
  const scheduler = services.cameraScheduler;
  const probes = {
    auditChain: () => ({
      // Entries left unwitnessed by a crash (attention) are shown, not a reason to leave the pool.
      up: (auditStatus()?.state ?? 'broken') !== 'broken',
      reason: auditStatus() ? 'audit-chain-broken' : 'audit-chain-unchecked',
    }),
    database: async () => (await sql`select 1 as up`.execute(services.database.db)).rows.length === 1,
    ...(d.plan.embedded ? {} : { queue: async () => (await queue.counts()) !== undefined }),
    ...(scheduler ? { cameras: () => scheduler.healthy() } : {}),
  };
  return { metrics, probes };
}

/** The audit chain's check as `audit` configures it: restores the triggers and verifies the whole chain first. */
export function startConfiguredAuditMonitor(o: {
  readonly config: Pick<VigilConfig, 'dataDir' | 'audit'>;
  readonly services: Pick<VigilServices, 'database'>;
  readonly publicKey: KeyObject | undefined;
  readonly log: AuditMonitorLog;
}): Promise<AuditMonitor> {
  const { audit } = o.config;
  return startAuditMonitor({
    db: o.services.database.db,
    publicKey: o.publicKey,
    witnessFile: witnessFileOf(o.config),
    peerWitnessFiles: audit.peerWitnessFiles,
    graceMs: audit.unwitnessedGraceSeconds * 1000,
    everyMs: audit.verifyEverySeconds * 1000,
    fullEveryMs: audit.fullVerifyEveryMinutes * 60_000,
    log: o.log,
  });
}
