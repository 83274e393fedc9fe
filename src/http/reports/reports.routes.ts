/**
 * Report routes (R25): the periodic report as JSON for those who may read reports, and as a
 * download (CSV for a spreadsheet, a printable HTML page for publication, or the JSON as a file)
 * for those who may export them. Two routes rather than one with a format switch, because a route
 * declares one permission (and the role table tests read it from there). Every export is audited.
 */
import type { Kysely } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { VigilSchema } from '../../db/schema.ts';
import { appendAudit } from '../../governance/audit/audit-log.ts';
import { periodicReportCsv } from '../../reports/report-csv.ts';
import { periodicReportCsp, periodicReportHtml } from '../../reports/report-html.ts';
import { reportPeriod } from '../../reports/report-period.ts';
import { periodicReport, type PeriodicReportOptions } from '../../reports/report-sources.ts';
import { errorResponses } from '../errors.ts';
import { exportQuery, periodicReportSchema, periodQuery } from './reports.dto.ts';

export interface ReportsRoutesOptions extends PeriodicReportOptions {
  readonly db: Kysely<VigilSchema>;
  /** Heading of the printable page, e.g. the force's name and "live facial recognition". */
  readonly title?: string;
}

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

export const reportsRoutes: FastifyPluginAsyncZod<ReportsRoutesOptions> = async (app, o) => {
  const { db, title, ...options } = o;

  app.get(
    '/v1/reports/periodic',
    {
      config: { permission: 'reports:read' },
      schema: {
        operationId: 'getPeriodicReport',
        tags: ['reports'],
        summary: 'The periodic report (R25) for [from, to): deployments, alerts, outcomes, RFR searches, bias',
        querystring: periodQuery,
        response: { 200: periodicReportSchema, ...errorResponses(400) },
      },
    },
    async (request) => periodicReport(db, reportPeriod(request.query.from, request.query.to), options),
  );

  app.get(
    '/v1/reports/periodic/export',
    {
      config: { permission: 'reports:export' },
      schema: {
        operationId: 'exportPeriodicReport',
        tags: ['reports'],
        summary: 'The periodic report as a CSV file, a printable HTML page or a JSON file (audited)',
        querystring: exportQuery,
        produces: ['text/csv', 'text/html', 'application/json'],
        response: errorResponses(400),
      },
      // After the shared security headers: the page may use its own inline stylesheet and nothing else.
      onSend: async (request, reply, payload) => {
        if ((request.query as { format?: string }).format === 'html' && reply.statusCode === 200) {
          reply.header('content-security-policy', periodicReportCsp);
        }
        return payload;
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const period = reportPeriod(request.query.from, request.query.to);
      const report = await periodicReport(db, period, options);
      await appendAudit(db, {
        actor: request.principal?.username ?? null,
        action: 'report.exported',
        target: { type: 'periodic-report', id: `${period.from}/${period.to}` },
        details: {
          format,
          from: period.from,
          to: period.to,
          deployments: report.totals.deployments,
          searches: report.retrospective.totals.searches,
        },
      });
      const body =
        format === 'csv'
          ? periodicReportCsv(report)
          : format === 'html'
            ? periodicReportHtml(report, title)
            : JSON.stringify(report, null, 2) + '\n';
      const name = `periodic-report-${period.from.slice(0, 10)}-to-${period.to.slice(0, 10)}.${format}`;
      return reply
        .header('content-type', contentTypes[format])
        .header('content-disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${name}"`)
        .send(body as never);
    },
  );
};
