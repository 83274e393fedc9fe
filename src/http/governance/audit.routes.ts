/** Audit routes for auditors: the log with filters, and the chain's status (R29). */
import type { KeyObject } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditChainStatus } from '../../governance/audit/audit-monitor.ts';
import type { AuditQueryService } from '../../governance/audit/audit-query.service.ts';
import { errorResponses } from '../errors.ts';

export interface AuditRoutesOptions {
  /** Reading and verifying the log (built by the composition root). */
  readonly audit: Pick<AuditQueryService, 'list' | 'verify'>;
  /** The anchor-signing public key (anchors cannot be checked without it). */
  readonly publicKey?: KeyObject | undefined;
  /** The server's continuous chain check (audit-monitor.ts); absent or null: not monitored. */
  readonly status?: () => AuditChainStatus | null;
}

const statusResponse = z
  .object({
    monitored: z.boolean().describe('false: this process does not check the chain continuously'),
    state: z
      .enum(['ok', 'attention', 'broken', 'unchecked'])
      .describe(
        'attention: entries found without a witness line at start-up (a crash, or a forged append while the server was down) await acknowledgement; the server stays ready',
      ),
    checkedAt: z.string().nullable(),
    entries: z.number().int().describe('entries verified intact by the last check'),
    problem: z
      .object({ seq: z.number().int().nullable(), problem: z.string(), message: z.string() })
      .nullable()
      .describe('the first thing found wrong: the console shows it to auditors as a red banner'),
    breaks: z.number().int(),
    triggersRestored: z.number().int(),
    witness: z.object({
      configured: z.boolean(),
      peers: z.number().int().describe("other machines' witness files read too"),
      lines: z.number().int(),
      pending: z.number().int(),
      unwitnessed: z
        .object({ count: z.number().int(), fromSeq: z.number().int(), throughSeq: z.number().int() })
        .nullable()
        .describe('state attention: the entries to compare with the log of the crash and acknowledge'),
    }),
    compared: z.array(z.string()),
  })
  .meta({ id: 'AuditStatus' });

const entrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string().nullable(),
    actorName: z.string().nullable().describe("the actor's display name when the actor is a user of this installation"),
    action: z.string(),
    outcome: z.enum(['ok', 'denied', 'failed']),
    target: z.object({ type: z.string(), id: z.string() }).nullable(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

const listQuery = z.object({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional().describe('prefix, e.g. "search." or "deployment.authorised"'),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const verifyResponse = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  firstBad: z.object({ seq: z.number().int(), problem: z.string(), message: z.string() }).nullable(),
  anchors: z.object({
    checked: z.number().int(),
    latest: z.object({ seq: z.number().int(), at: z.string() }).nullable(),
    invalid: z.number().int(),
  }),
});

export const auditRoutes: FastifyPluginAsyncZod<AuditRoutesOptions> = async (app, { audit, publicKey, status }) => {
  app.get(
    '/v1/audit/status',
    {
      config: { permission: 'audit:read' },
      schema: {
        operationId: 'auditStatus',
        tags: ['audit'],
        summary: "The server's continuous check of the audit chain (R29): intact, or what was found broken",
        response: { 200: statusResponse },
      },
    },
    async () => {
      const s = status?.() ?? null;
      if (!s) {
        return {
          monitored: status !== undefined,
          state: 'unchecked' as const,
          checkedAt: null,
          entries: 0,
          problem: null,
          breaks: 0,
          triggersRestored: 0,
          witness: { configured: false, peers: 0, lines: 0, pending: 0, unwitnessed: null },
          compared: [],
        };
      }
      return {
        monitored: true,
        state: s.state,
        checkedAt: s.checkedAt,
        entries: s.entries,
        problem: s.problem,
        breaks: s.breaks,
        triggersRestored: s.triggersRestored,
        witness: {
          configured: s.witness.file !== null,
          peers: s.witness.peers.length,
          lines: s.witness.lines,
          pending: s.witness.pending,
          unwitnessed: s.witness.unwitnessed,
        },
        compared: [...s.compared],
      };
    },
  );

  app.get(
    '/v1/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        operationId: 'listAudit',
        tags: ['audit'],
        summary: 'The audit log, newest first, with filters',
        querystring: listQuery,
        response: { 200: z.object({ total: z.number().int(), entries: z.array(entrySchema) }), ...errorResponses(400) },
      },
    },
    async (request) => {
      const r = await audit.list(request.query);
      const names = r.actorNames;
      return {
        total: r.total,
        entries: r.entries.map((e) => ({
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          actorName: (e.actor && names.get(e.actor)) ?? null,
          action: e.action,
          outcome: e.outcome ?? 'ok',
          target: e.target ? { type: e.target.type, id: e.target.id } : null,
          details: { ...(e.details ?? {}) },
          hash: e.hash,
        })),
      };
    },
  );

  app.get(
    '/v1/audit/verify',
    {
      config: { permission: 'audit:verify' },
      schema: {
        operationId: 'verifyAudit',
        tags: ['audit'],
        summary: 'Walk the whole hash chain and check the signed anchors; names the first bad entry',
        response: { 200: verifyResponse },
      },
    },
    async () => {
      const r = await audit.verify({ publicKey });
      return {
        ok: r.ok,
        entries: r.entries,
        head: r.head,
        firstBad: r.firstBad ? { seq: r.firstBad.seq, problem: r.firstBad.problem, message: r.firstBad.message } : null,
        anchors: { checked: r.anchors.checked, latest: r.anchors.latest, invalid: r.anchors.invalid.length },
      };
    },
  );
};
