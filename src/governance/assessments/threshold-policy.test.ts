// R14, R27: a threshold change is privileged (route permission), needs a reason, may not go below
// the calibrated floor, needs a current bias report that measured it, is audited, and applies at once.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openTestServices, type TestServices } from '../../../test/support/services.ts';
import { testDatabases } from '../../../test/support/db.ts';
import type { FaceEngine } from '../../faces/engine.ts';
import { loadCalibrations } from '../../faces/thresholds.ts';
import { builtInPacks } from '../../faces/packs.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { listAudit } from '../audit/audit-query.ts';
import { InProcessEventBus } from '../../events/event-bus.ts';
import { ThresholdPolicyService } from './threshold-policy.service.ts';
import { signedStandInReport } from '../../../test/support/assessments.ts';

const refused = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

for (const target of testDatabases()) {
  describe(`threshold policy on ${target.name}`, () => {
    let s: TestServices;
    let modelId: string;
    before(async () => {
      const [pack] = await builtInPacks();
      modelId = pack!.recognizer.modelId;
      const engine = { pack, analyse: () => Promise.reject(new Error('unused')) } as unknown as FaceEngine;
      s = await openTestServices(await target.open(), engine);
    });
    after(() => s.close());

    it('changes only with a reason, above the floor, with a current bias report; audited; in force at once', async () => {
      const floor = loadCalibrations().models[modelId]!.thresholds['1e-3'];
      assert.equal(s.thresholdInForce(modelId).threshold, floor, 'the calibrated floor until a policy says otherwise');
      const stricter = floor + 0.01;
      await assert.rejects(s.thresholdPolicy.change(modelId, stricter, 'short', 'admin'), refused('reason-required'));
      await assert.rejects(
        s.thresholdPolicy.change(modelId, floor - 0.01, 'fewer misses wanted by ops', 'admin'),
        refused('below-floor'),
      );
      await assert.rejects(
        s.thresholdPolicy.change(modelId, stricter, 'NPL equitability review 2026', 'admin'),
        refused('no-bias-report'),
      );

      const stale = new Date(Date.now() - 400 * 86_400_000).toISOString();
      const keyFile = s.assessments.evaluationKeyFile;
      const report = (measuredAt: string) => signedStandInReport({ modelId, threshold: stricter, measuredAt }, keyFile);
      await s.assessments.addBiasReport(report(stale), 'dpo');
      await assert.rejects(
        s.thresholdPolicy.change(modelId, stricter, 'NPL equitability review 2026', 'admin'),
        refused('no-bias-report'),
      );
      await s.assessments.addBiasReport(report(new Date().toISOString()), 'dpo');
      await s.thresholdPolicy.change(modelId, stricter, 'NPL equitability review 2026', 'admin');
      assert.equal(s.thresholdInForce(modelId).threshold, stricter);

      const audited = await listAudit(s.database.db, { action: 'threshold.changed', limit: 5, offset: 0 });
      assert.equal(audited.total, 1);
      assert.equal(audited.entries[0]!.actor, 'admin');
      assert.deepEqual((audited.entries[0]!.details as { from: unknown; to: number }).to, stricter);
      await assert.rejects(s.assessments.addBiasReport({ modelId }, 'dpo'), refused('not-a-bias-report'));
    });

    it('R27: only an attested report unlocks a change: hand-typed, tampered, other-key and hand-inserted reports do not', async () => {
      const floor = loadCalibrations().models[modelId]!.thresholds['1e-3'];
      const wanted = floor + 0.03;
      const change = () => s.thresholdPolicy.change(modelId, wanted, 'equitability review, third round', 'admin');
      const handTyped = {
        modelId,
        measuredAt: new Date().toISOString(),
        dataset: 'made up',
        thresholds: [{ id: 'configured', value: wanted }],
        cells: [{ gender: 'all', race: 'all', fmr: 0 }],
      };
      await assert.rejects(s.assessments.addBiasReport(handTyped, 'admin'), refused('unsigned-bias-report'));
      // A full-looking report signed by someone else's key.
      const other = join(mkdtempSync(join(tmpdir(), 'vigil-other-key-')), 'eval-signing.key');
      await assert.rejects(
        s.assessments.addBiasReport(signedStandInReport({ modelId, threshold: wanted }, other), 'admin'),
        refused('untrusted-bias-report-key'),
      );
      // A signed report with one cell's rate lowered after signing.
      const signed = signedStandInReport({ modelId, threshold: wanted }, s.assessments.evaluationKeyFile);
      const tampered = structuredClone(signed) as typeof signed & {
        cells: { byThreshold: { configured: { fmr: number } } }[];
      };
      tampered.cells[3]!.byThreshold.configured.fmr = 0;
      await assert.rejects(s.assessments.addBiasReport(tampered, 'admin'), refused('bias-report-tampered'));
      // Written straight into the database, past the service: still does not count.
      await s.database.db
        .insertInto('bias_reports')
        .values({
          id: 'hand-inserted',
          model_id: modelId,
          measured_at: handTyped.measuredAt,
          dataset: 'made up',
          thresholds_json: JSON.stringify(handTyped.thresholds),
          report_json: JSON.stringify(handTyped),
          stored_by: 'dba',
          stored_at: handTyped.measuredAt,
        })
        .execute();
      await assert.rejects(change(), refused('no-bias-report'));
      await s.assessments.addBiasReport(signed, 'dpo');
      const row = await change();
      assert.notEqual(row.bias_report_id, 'hand-inserted');
    });

    it('a change made in one process applies in another that follows the event bus (scale-out)', async () => {
      const bus = new InProcessEventBus();
      const floor = (id: string) => loadCalibrations().models[id]!.thresholds['1e-3'];
      const process = () =>
        new ThresholdPolicyService({ db: s.database.db, assessments: s.assessments, floor, events: bus });
      const [a, b] = [process(), process()];
      await Promise.all([a.load(), b.load()]);
      const unfollow = b.follow(bus);
      const next = floor(modelId) + 0.02;
      await s.assessments.addBiasReport(
        signedStandInReport({ modelId, threshold: next }, s.assessments.evaluationKeyFile),
        'dpo',
      );
      await a.change(modelId, next, 'second equitability review', 'admin');
      for (let i = 0; i < 200 && b.policyThreshold(modelId) !== next; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(b.policyThreshold(modelId), next, 'the other process reads the new policy');
      unfollow();
    });
  });
}
