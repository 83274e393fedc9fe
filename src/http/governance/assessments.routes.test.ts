// R27, R14: POST /v1/bias-reports takes only the evaluation's signed report file; a hand-typed
// body is refused (422 unsigned-bias-report), and only an attested report unlocks POST /v1/thresholds.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { testDatabases } from '../../../test/support/db.ts';
import { resolveThreshold } from '../../faces/thresholds.ts';
import { AssessmentService } from '../../governance/assessments/assessment.service.ts';
import { evalSigningKeyFile } from '../../governance/assessments/eval-signing-key.ts';
import { signedStandInReport } from '../../../test/support/assessments.ts';
import { ThresholdPolicyService } from '../../governance/assessments/threshold-policy.service.ts';
import { identityConfig } from '../../governance/identity/identity.config.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import { bearerFor } from '../../../test/support/identity.ts';
import { assessmentsRoutes } from './assessments.routes.ts';
import { authenticate } from '../authenticate.ts';
import { errorHandler } from '../errors.ts';
import { assertPermissionDeclared } from '../route-permission.ts';
import { calibrationWith, fakePack } from '../../../test/support/http.ts';

const modelId = fakePack.recognizer.modelId;
const floor = 0.6;

for (const target of testDatabases()) {
  describe(`assessments routes on ${target.name} (R27, R14)`, () => {
    it('a hand-typed bias report is refused; the signed file is stored and unlocks a threshold change', async () => {
      const database = await target.open();
      const app = Fastify({ bodyLimit: 1024 * 1024 });
      try {
        const { db } = database;
        const keyFile = evalSigningKeyFile(mkdtempSync(join(tmpdir(), 'vigil-eval-')));
        const assessments = new AssessmentService({
          db,
          biasReportMaxAgeDays: 365,
          modelId,
          evaluationKeyFile: keyFile,
        });
        const calibrations = calibrationWith(modelId, floor);
        const thresholdPolicy = new ThresholdPolicyService({
          db,
          assessments,
          floor: (id) => resolveThreshold(id, calibrations(), '1e-3').floor,
        });
        app.setValidatorCompiler(validatorCompiler);
        app.setSerializerCompiler(serializerCompiler);
        app.setErrorHandler(errorHandler(1024 * 1024));
        app.addHook('onRoute', assertPermissionDeclared);
        await app.register(authenticate, { auth: openIdentity({ db, config: identityConfig() }).auth });
        await app.register(assessmentsRoutes, {
          assessments,
          thresholdPolicy,
          modelId,
          threshold: (id) => resolveThreshold(id, calibrations(), '1e-3', thresholdPolicy.policyThreshold(id)),
        });
        await app.ready();
        const admin = await bearerFor(db, 'admin', ['administrator']);
        const wanted = floor + 0.05;
        const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: admin, payload });

        const handTyped = {
          modelId,
          measuredAt: new Date().toISOString(),
          dataset: 'made up',
          thresholds: [{ id: 'configured', value: wanted }],
          cells: [{ gender: 'all', race: 'all', fmr: 0 }],
        };
        const refused = await post('/v1/bias-reports', handTyped);
        assert.equal(refused.statusCode, 422, refused.body);
        assert.equal((refused.json() as { error: { code: string } }).error.code, 'unsigned-bias-report');
        const blocked = await post('/v1/thresholds', { threshold: wanted, reason: 'equitability review 2026' });
        assert.equal(blocked.statusCode, 422, blocked.body);
        assert.equal((blocked.json() as { error: { code: string } }).error.code, 'no-bias-report');

        const signed = signedStandInReport({ modelId, threshold: wanted }, keyFile);
        const tampered = JSON.parse(JSON.stringify(signed)) as {
          cells: { byThreshold: { configured: { fmr: number } } }[];
        };
        tampered.cells[0]!.byThreshold.configured.fmr = 0;
        const t = await post('/v1/bias-reports', tampered);
        assert.equal((t.json() as { error: { code: string } }).error.code, 'bias-report-tampered');

        const stored = await post('/v1/bias-reports', JSON.parse(JSON.stringify(signed)) as object);
        assert.equal(stored.statusCode, 201, stored.body);
        const listed = await app.inject({ method: 'GET', url: '/v1/bias-reports', headers: admin });
        assert.deepEqual(
          (listed.json() as { reports: { verified: boolean }[] }).reports.map((r) => r.verified),
          [true],
        );
        const changed = await post('/v1/thresholds', { threshold: wanted, reason: 'equitability review 2026' });
        assert.equal(changed.statusCode, 200, changed.body);
        assert.equal((changed.json() as { threshold: number }).threshold, wanted);
      } finally {
        await app.close();
        await database.close();
      }
    });
  });
}
