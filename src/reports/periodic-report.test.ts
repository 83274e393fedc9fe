// The periodic report (R25) on SQLite and PostgreSQL: from the rows seeded in report-testing*.ts,
// it reproduces figures worked out by hand below (not by calling the report code). Issue 5's
// acceptance: "The periodic report reproduces, from seeded data, figures computed independently".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { testDatabases } from '../../test/support/db.ts';
import { DomainError } from '../shared/domain-error.ts';
import { periodicReport, type BiasReportSource } from './report-sources.ts';
import { reportPeriod } from './report-period.ts';
import type { PeriodicReport } from './report-types.ts';
import { hostileName, period, seedDeployments } from '../../test/support/reports.ts';
import { modelABiasReport, seedSearches } from '../../test/support/report-searches.ts';

const biasReports: BiasReportSource = async (modelId) =>
  modelId === 'model-a'
    ? { source: 'test/model-a.json', json: modelABiasReport }
    : modelId === 'model-c'
      ? { source: 'test/model-c.json', json: { modelId: 'model-c', cells: 'not a list' } }
      : { missing: 'none for this model' };

const now = () => new Date('2026-04-02T08:00:00.000Z');

for (const target of testDatabases()) {
  describe(`periodic report on ${target.name}`, () => {
    let database: Database;
    let report: PeriodicReport;
    before(async () => {
      database = await target.open();
      await seedDeployments(database.db);
      await seedSearches(database.db);
      report = await periodicReport(database.db, period, {
        biasReports,
        offenceTypes: ['theft', 'robbery', 'burglary', 'fraud'],
        now,
      });
    });
    after(() => database.close());

    it('counts the deployments that started in the period, in order of start, and lists the one never started', () => {
      // D1 (5 Mar), D2 (20 Mar), D8 (28 Mar, still live), D6 (planned in Feb, started 31 Mar 23:30).
      // Not D5 (started 28 Feb), D7 (started at the exclusive end), D4 (a draft), D3 (never started).
      assert.deepEqual(
        report.deployments.map((d) => d.deploymentId),
        ['D1', 'D2', 'D8', 'D6'],
      );
      assert.deepEqual(report.notDeployed, [
        { deploymentId: 'D3', deployment: 'D3', plannedStart: '2026-03-25T09:00:00.000Z', status: 'authorised' },
      ]);
      assert.equal(report.generatedAt, '2026-04-02T08:00:00.000Z');
      assert.deepEqual(report.period, period);
    });

    it('carries the R24 record of each deployment', () => {
      const [d1, d2, d8, d6] = report.deployments;
      // D1: 28 alerts = 4 decisions x 7 engagement states. Incorrect: the 7 rejected + the 3 others
      // shown not to be the person = 10. Positive: the 7 confirmed less the one shown wrong = 6.
      // Engaged: 5 states x 4 decisions = 20; positive interventions: arrest, other disposal, no
      // further action x 4 = 12; incorrect interventions: not-the-person x 4 = 4; arrests or
      // disposals: 2 x 4 = 8. 10:00 to 14:30 = 270 minutes. Manifest of 5. 10 / 10,000 faces.
      assert.deepEqual(d1, {
        deployment: hostileName,
        deploymentId: 'D1',
        date: '2026-03-05',
        type: 'overt LFR, van-mounted',
        durationMinutes: 270,
        cameras: 3,
        watchlistSize: 5,
        threshold: 0.93,
        totalAlerts: 28,
        positiveAlerts: 6,
        positiveInterventions: 12,
        incorrectAlerts: 10,
        incorrectInterventions: 4,
        arrestsOrDisposals: 8,
        facesSeen: 10_000,
        incorrectAlertRate: 10 / 10_000,
        status: 'closed',
      });
      // D2: a (confirm, arrest) positive; b (reject) and c (confirm, not the person) incorrect; d undetermined.
      assert.equal(d2?.totalAlerts, 4);
      assert.equal(d2?.positiveAlerts, 1);
      assert.equal(d2?.incorrectAlerts, 2);
      assert.equal(d2?.incorrectInterventions, 1);
      assert.equal(d2?.watchlistSize, 12);
      assert.equal(d2?.durationMinutes, 120);
      assert.equal(d2?.incorrectAlertRate, 2 / 5_000);
      assert.equal(d8?.durationMinutes, 0);
      assert.equal(d8?.status, 'live');
      assert.equal(d6?.date, '2026-02-27');
      assert.equal(d6?.durationMinutes, 60);
    });

    it('totals the period', () => {
      const t = report.totals;
      // Alerts 28 + 4 + 0 (D6) + 1 (D8, undecided) = 33; positive 6 + 1; incorrect 10 + 2.
      assert.deepEqual(
        {
          deployments: t.deployments,
          minutesDeployed: t.minutesDeployed,
          hoursDeployed: t.hoursDeployed,
          cameras: t.cameras,
          facesSeen: t.facesSeen,
          totalAlerts: t.totalAlerts,
          positiveAlerts: t.positiveAlerts,
          incorrectAlerts: t.incorrectAlerts,
          undeterminedAlerts: t.undeterminedAlerts,
          positiveInterventions: t.positiveInterventions,
          incorrectInterventions: t.incorrectInterventions,
          arrestsOrDisposals: t.arrestsOrDisposals,
          falseAlertsPerFaceSeen: t.falseAlertsPerFaceSeen,
          falseAlertsPerAlert: t.falseAlertsPerAlert,
        },
        {
          deployments: 4,
          minutesDeployed: 270 + 120 + 0 + 60,
          hoursDeployed: 7.5,
          cameras: 3 + 2 + 0 + 1,
          facesSeen: 10_000 + 5_000 + 200 + 1_000,
          totalAlerts: 33,
          positiveAlerts: 7,
          incorrectAlerts: 12,
          undeterminedAlerts: 33 - 7 - 12,
          positiveInterventions: 12 + 1,
          incorrectInterventions: 4 + 1,
          arrestsOrDisposals: 8 + 1,
          falseAlertsPerFaceSeen: 12 / 16_200,
          falseAlertsPerAlert: 12 / 33,
        },
      );
      // D1 has 7 of each decision; D2 two confirmed, one rejected, one unable; D8 one pending.
      assert.deepEqual(t.operatorDecisions, { confirm: 9, reject: 8, 'unable-to-determine': 8, pending: 8 });
      // D1: 20 engaged, 4 not engaged, 4 none; D2: a and c engaged, d not, b none; D8: none.
      assert.deepEqual(t.engagements, { engaged: 22, notEngaged: 5, notRecorded: 6 });
      // D1: 4 of each outcome, 12 without; D2: arrest (a), not the person (c), two without; D8 without.
      assert.deepEqual(t.outcomes, {
        arrest: 5,
        'other-disposal': 4,
        'no-further-action': 4,
        'not-the-person': 5,
        'not-recorded': 15,
      });
    });

    it('gives outcomes by watchlist category, including authorised categories without alerts', () => {
      const z = { arrest: 0, 'other-disposal': 0, 'no-further-action': 0, 'not-the-person': 0, 'not-recorded': 0 };
      assert.deepEqual(report.byCategory, [
        // D1's rejected and undecided: 7 rejected + 1 undecided not-the-person are incorrect.
        {
          category: 'missing',
          totalAlerts: 14,
          positiveAlerts: 0,
          incorrectAlerts: 8,
          undeterminedAlerts: 6,
          positiveInterventions: 6,
          incorrectInterventions: 2,
          arrestsOrDisposals: 4,
          falseAlertsPerAlert: 8 / 14,
          outcomes: { ...z, arrest: 2, 'other-disposal': 2, 'no-further-action': 2, 'not-the-person': 2, 'not-recorded': 6 },
        },
        // D2's a (confirmed, arrest) and d (unable, not engaged).
        {
          category: 'violent',
          totalAlerts: 2,
          positiveAlerts: 1,
          incorrectAlerts: 0,
          undeterminedAlerts: 1,
          positiveInterventions: 1,
          incorrectInterventions: 0,
          arrestsOrDisposals: 1,
          falseAlertsPerAlert: 0,
          outcomes: { ...z, arrest: 1, 'not-recorded': 1 },
        },
        // D1's confirmed and unable (14), D2's b and c, D8's pending one.
        {
          category: 'wanted',
          totalAlerts: 17,
          positiveAlerts: 6,
          incorrectAlerts: 2 + 2,
          undeterminedAlerts: 6 + 1,
          positiveInterventions: 6,
          incorrectInterventions: 2 + 1,
          arrestsOrDisposals: 4,
          falseAlertsPerAlert: 4 / 17,
          outcomes: { ...z, arrest: 2, 'other-disposal': 2, 'no-further-action': 2, 'not-the-person': 3, 'not-recorded': 8 },
        },
      ]);
    });

    it('reports false alerts by group as not recorded when nothing records a group', () => {
      const g = report.falseAlertsByGroup;
      assert.equal(g.recordedAlerts, 0);
      assert.deepEqual(g.groups, []);
      assert.equal(g.notRecorded.totalAlerts, 33);
      assert.equal(g.notRecorded.incorrectAlerts, 12);
      assert.match(g.note, /No demographic group is recorded/);
    });

    it('breaks false alerts down by group when a source records them', async () => {
      const groups = new Map([
        ['D2-a', 'group A'],
        ['D2-d', 'group A'],
        ['D1-confirm-engaged-not-the-person', 'group A'],
        ['D2-b', 'group B'],
        ['D2-c', 'group B'],
      ]);
      const r = await periodicReport(database.db, period, { biasReports, now, demographicGroups: async () => groups });
      const g = r.falseAlertsByGroup;
      assert.equal(g.recordedAlerts, 5);
      assert.deepEqual(
        g.groups.map((x) => [x.group, x.totalAlerts, x.positiveAlerts, x.incorrectAlerts, x.incorrectInterventions]),
        [
          ['group A', 3, 1, 1, 1],
          ['group B', 2, 0, 2, 1],
        ],
      );
      assert.equal(g.groups[0]?.falseAlertsPerAlert, 1 / 3);
      assert.deepEqual(
        [g.notRecorded.totalAlerts, g.notRecorded.positiveAlerts, g.notRecorded.incorrectAlerts],
        [33 - 5, 7 - 1, 12 - 3],
      );
    });

    it('gives retrospective searches per offence type with hit rates and supervisor reviews (R38)', () => {
      const row = (offenceType: string, s: number, pm: number, al: number, sr: number) => ({
        offenceType,
        searches: s,
        withPossibleMatch: pm,
        withAcceptedLead: al,
        supervisorReviewed: sr,
        possibleMatchRate: s ? pm / s : null,
        acceptedLeadRate: s ? al / s : null,
      });
      // robbery: S1 (possible match, lead, reviewed), S2 (possible match only), S3 (no candidate).
      // burglary: S4 (possible match, lead, reviewed), S5 (not a match, at the last millisecond).
      // fraud: S6 and S7 fall just outside the period.
      assert.deepEqual(report.retrospective.byOffenceType, [
        row('burglary', 2, 1, 1, 1),
        row('fraud', 0, 0, 0, 0),
        row('robbery', 3, 2, 1, 1),
        row('theft', 0, 0, 0, 0),
      ]);
      const { offenceType: _, ...totals } = row('all', 5, 3, 2, 2);
      assert.deepEqual(report.retrospective.totals, totals);
    });

    it('includes the bias report of each model used, and says which thresholds it measured', () => {
      const [a, b, c] = report.biasReports;
      assert.deepEqual(
        report.biasReports.map((x) => [x.modelId, x.available]),
        [
          ['model-a', true],
          ['model-b', false],
          ['model-c', false],
        ],
      );
      assert.ok(a?.available);
      assert.equal(a.threshold, 0.93);
      assert.equal(a.operatingFmr, '1e-3');
      assert.deepEqual(
        a.groups.map((g) => [g.group, g.pairs, g.falseMatches, g.fmr, g.ciLow, g.ciHigh]),
        [
          ['female black', 100, 2, 0.02, 0.005, 0.07],
          ['male white', 100, 1, 0.01, 0.002, 0.054],
        ],
      );
      assert.deepEqual([a.worstGroup, a.bestGroup, a.worstToBestRatio], ['female black', 'male white', 2]);
      // D1 and D8 at 0.93, D2 at 0.95 (not measured); S1, S2, S3, S5 at 0.93.
      assert.deepEqual(a.thresholdsInUse, [
        { use: 'live', threshold: 0.93, count: 2, measuredAs: 'configured' },
        { use: 'live', threshold: 0.95, count: 1, measuredAs: null },
        { use: 'retrospective', threshold: 0.93, count: 4, measuredAs: 'configured' },
      ]);
      assert.deepEqual(b, {
        modelId: 'model-b',
        available: false,
        reason: 'none for this model',
        thresholdsInUse: [{ use: 'live', threshold: 0.9, count: 1, measuredAs: null }],
      });
      assert.ok(c && !c.available);
      assert.match(c.reason, /not readable/);
    });

    it('an empty period gives zeros and no rates, not errors', async () => {
      const r = await periodicReport(database.db, reportPeriod('2025-01-01', '2025-02-01'), { biasReports, now });
      assert.equal(r.totals.deployments, 0);
      assert.equal(r.totals.falseAlertsPerFaceSeen, null);
      assert.equal(r.totals.falseAlertsPerAlert, null);
      assert.equal(r.retrospective.totals.acceptedLeadRate, null);
      assert.deepEqual(r.biasReports, []);
    });
  });
}

describe('report period', () => {
  it('takes dates as midnight UTC and normalises times to the stored form', () => {
    assert.deepEqual(reportPeriod('2026-03-01', '2026-04-01'), period);
    assert.deepEqual(reportPeriod('2026-03-01T01:00:00+01:00', '2026-04-01T00:00:00Z'), period);
  });
  it('refuses an empty, reversed or unreadable period', () => {
    const invalid = (e: unknown) => e instanceof DomainError && e.code === 'invalid-period';
    assert.throws(() => reportPeriod('2026-03-01', '2026-03-01'), invalid);
    assert.throws(() => reportPeriod('2026-04-01', '2026-03-01'), invalid);
    assert.throws(() => reportPeriod('March', '2026-03-01'), invalid);
  });
});
