// The report routes over HTTP: who may read and who may export the periodic report (R25, R30),
// the three download formats, the page's own Content-Security-Policy, and the audited export.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Database } from '../../db/database.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { listAudit } from '../../governance/audit/audit-query.ts';
import { identityConfig } from '../../governance/identity/identity.config.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import { bearerFor } from '../../../test/support/identity.ts';
import { hostileName, seedDeployments } from '../../../test/support/reports.ts';
import { modelABiasReport, seedSearches } from '../../../test/support/report-searches.ts';
import { authenticate } from '../authenticate.ts';
import { errorHandler } from '../errors.ts';
import { reportsRoutes } from './reports.routes.ts';
import { securityHeaders } from '../security-headers.ts';

const target = testDatabases()[0]!;

describe('report routes', () => {
  let database: Database;
  let app: FastifyInstance;
  const as: Record<string, { authorization: string }> = {};
  before(async () => {
    database = await target.open();
    const db = database.db;
    await seedDeployments(db);
    await seedSearches(db);
    as['auditor'] = await bearerFor(db, 'auditor.one', ['auditor']);
    as['supervisor'] = await bearerFor(db, 'super.one', ['rfr-supervisor']);
    as['operator'] = await bearerFor(db, 'operator.one', ['operator']);
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(errorHandler(1_000_000));
    await app.register(securityHeaders, { hsts: false });
    await app.register(authenticate, { auth: openIdentity({ db, config: identityConfig() }).auth });
    await app.register(swagger, {
      openapi: { openapi: '3.0.3', info: { title: 't', version: '0' } },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(reportsRoutes, {
      db,
      biasReports: async (modelId) =>
        modelId === 'model-a' ? { source: 'reports/x.json', json: modelABiasReport } : { missing: 'none' },
      offenceTypes: ['robbery', 'burglary'],
      now: () => new Date('2026-04-02T08:00:00.000Z'),
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const get = (url: string, who?: string) => app.inject({ method: 'GET', url, headers: who ? as[who] : {} });
  const march = 'from=2026-03-01&to=2026-04-01';

  it('answers the JSON report to those who may read reports', async () => {
    const res = await get(`/v1/reports/periodic?${march}`, 'supervisor');
    assert.equal(res.statusCode, 200);
    const body = res.json() as {
      period: { from: string };
      totals: { totalAlerts: number; incorrectAlerts: number; facesSeen: number };
      deployments: { deployment: string }[];
      biasReports: { modelId: string; available: boolean }[];
    };
    assert.equal(body.period.from, '2026-03-01T00:00:00.000Z');
    assert.deepEqual([body.totals.totalAlerts, body.totals.incorrectAlerts, body.totals.facesSeen], [33, 12, 16_200]);
    assert.equal(body.deployments[0]?.deployment, hostileName);
    assert.deepEqual(
      body.biasReports.map((b) => [b.modelId, b.available]),
      [
        ['model-a', true],
        ['model-b', false],
        ['model-c', false],
      ],
    );
  });

  it('refuses a reversed or malformed period, and callers without the permission', async () => {
    assert.equal((await get('/v1/reports/periodic?from=2026-04-01&to=2026-03-01', 'auditor')).statusCode, 400);
    assert.equal((await get('/v1/reports/periodic?from=March&to=2026-03-01', 'auditor')).statusCode, 400);
    assert.equal((await get(`/v1/reports/periodic?${march}`)).statusCode, 401);
    assert.equal((await get(`/v1/reports/periodic?${march}`, 'operator')).statusCode, 403);
    // Reading is not exporting: the RFR supervisor reads reports but may not export them.
    assert.equal((await get(`/v1/reports/periodic/export?${march}`, 'supervisor')).statusCode, 403);
  });

  it('exports CSV, a printable page and JSON, and audits each export', async () => {
    const csv = await get(`/v1/reports/periodic/export?${march}&format=csv`, 'auditor');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.equal(
      csv.headers['content-disposition'],
      'attachment; filename="periodic-report-2026-03-01-to-2026-04-01.csv"',
    );
    assert.match(csv.body, /^\uFEFFVigil periodic report \(R25\)\r\n/);

    const html = await get(`/v1/reports/periodic/export?${march}&format=html`, 'auditor');
    assert.equal(html.statusCode, 200);
    assert.match(String(html.headers['content-type']), /^text\/html/);
    assert.match(String(html.headers['content-security-policy']), /^default-src 'none'; style-src 'sha256-/);
    assert.ok(!html.body.includes('<script'));
    assert.ok(html.body.includes('Station &#60;script&#62;'));

    const json = await get(`/v1/reports/periodic/export?${march}&format=json`, 'auditor');
    assert.equal(json.statusCode, 200);
    assert.equal((JSON.parse(json.body) as { kind: string }).kind, 'vigil.periodic-report');
    // The shared headers stay on the other formats.
    assert.match(String(json.headers['content-security-policy']), /default-src 'self'/);

    const audit = await listAudit(database.db, { action: 'report.exported', limit: 10, offset: 0 });
    assert.deepEqual(audit.entries.map((e) => [e.actor, e.details?.['format']]).reverse(), [
      ['auditor.one', 'csv'],
      ['auditor.one', 'html'],
      ['auditor.one', 'json'],
    ]);
    assert.equal(audit.entries[0]?.target?.id, '2026-03-01T00:00:00.000Z/2026-04-01T00:00:00.000Z');
  });

  it('describes both routes in the OpenAPI document', () => {
    const doc = app.swagger() as {
      paths: Record<string, { get?: { operationId?: string; parameters?: { name: string }[] } }>;
      components: { schemas: Record<string, unknown> };
    };
    assert.ok(doc.components.schemas['PeriodicReport']);
    assert.deepEqual(
      doc.paths['/v1/reports/periodic/export']?.get?.parameters?.map((p) => p.name),
      ['from', 'to', 'format'],
    );
    assert.equal(doc.paths['/v1/reports/periodic']?.get?.operationId, 'getPeriodicReport');
    assert.equal(doc.paths['/v1/reports/periodic/export']?.get?.operationId, 'exportPeriodicReport');
  });
});
