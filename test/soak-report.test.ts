// The soak's JSON figures (issue 14): the keys a reader of `npm run soak -- --json` relies on. The
// soak itself is not run here (it takes minutes); only the report it prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { soakReport } from '../bench/soak-report.ts';
import { emptyTotals } from '../src/live/camera-loop.ts';

const input = {
  minutes: 3,
  totals: {
    ...emptyTotals(),
    framesAnalysed: 800,
    framesFailed: 6,
    alertsRaised: 5,
    recoveries: 2,
    errors: { engine: 6 },
  },
  alertsStored: 5,
  distinctAlertIds: 5,
  auditFailing: 1,
  auditRecovered: 1,
  faults: { workersCrashed: 6, databaseLocks: 2, sourceDrops: 1 },
  workerRestarts: 6,
  gaps: [{ from: 1000, to: 13_500, reason: 'source-failed' }],
  rssStartMb: 400,
  rssEndMb: 420,
};

test('issue 14: the soak report carries the figures the issue asks for', () => {
  const r = soakReport(input);
  for (const key of ['alertsRaised', 'alertsStored', 'recoveries', 'framesAnalysed', 'rssStartMb', 'rssEndMb'])
    assert.ok(key in r, `${key} is in the soak's JSON`);
  assert.equal(r.workerRestarts, 6);
  assert.deepEqual(r.sourceGaps, [{ reason: 'source-failed', seconds: 12.5 }]);
  assert.equal(r.alertsAddUp, true);
});

test('issue 14: an alert stored twice or lost makes the counts not add up', () => {
  assert.equal(soakReport({ ...input, alertsStored: 6, distinctAlertIds: 5 }).alertsAddUp, false);
  assert.equal(soakReport({ ...input, alertsStored: 4, distinctAlertIds: 4 }).alertsAddUp, false);
});
