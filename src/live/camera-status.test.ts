// Pure parts of camera status: backoff, moving-window rate, gap log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, GapLog, RateMeter } from './camera-status.ts';

test('backoff grows by the factor up to the cap; jitter spreads it within bounds', () => {
  const plain = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, plain)),
    [100, 200, 400, 800, 1000, 1000],
  );
  const jittered = { ...plain, jitter: 0.25 };
  assert.equal(
    backoffDelay(3, jittered, () => 0),
    300,
  );
  assert.equal(
    backoffDelay(3, jittered, () => 1),
    500,
  );
  assert.equal(
    backoffDelay(6, jittered, () => 1),
    1000,
    'never above the cap',
  );
  assert.equal(backoffDelay(0, plain), 100, 'attempts count from 1');
});

test('rate meter: frames per second over the window, warming up, then decaying when frames stop', () => {
  const m = new RateMeter(2000);
  assert.equal(m.rate(0), 0);
  for (let t = 1000; t <= 2000; t += 100) m.record(t); // 11 frames, 10 intervals in 1 s
  assert.equal(m.rate(2000), 10);
  for (let t = 2100; t <= 5000; t += 200) m.record(t); // 5 per second from then on
  assert.equal(m.rate(5000), 5);
  assert.equal(m.rate(6000), 2.5, 'half the window without frames');
  assert.equal(m.rate(7100), 0);
  m.reset();
  assert.equal(m.rate(7100), 0);
});

test('gap log: one open gap at a time, attempts counted, closed with its end, totals', () => {
  const log = new GapLog(2);
  assert.equal(log.close(5), undefined);
  const opened = log.open(1000, 'source-ended', 'the stream ended');
  assert.deepEqual(opened, { from: 1000, reason: 'source-ended', detail: 'the stream ended', attempts: 0 });
  log.open(1500, 'connect-failed', 'refused'); // still the first gap
  log.attempt();
  log.attempt();
  assert.deepEqual(log.summary(1700).gapMs, 700);
  const closed = log.close(2500);
  assert.deepEqual(closed, { from: 1000, to: 2500, reason: 'source-ended', detail: 'the stream ended', attempts: 2 });
  assert.equal(log.isOpen, false);
  log.open(3000, 'stalled', 'no frame');
  log.close(3100);
  log.open(4000, 'source-failed', 'decode');
  const s = log.summary(4050);
  assert.equal(s.gapCount, 3);
  assert.equal(s.gapMs, 1500 + 100 + 50);
  assert.deepEqual(
    s.gaps.map((g) => g.reason),
    ['stalled', 'source-failed'],
    'only the most recent are kept',
  );
  assert.equal(s.gaps[1]?.to, undefined, 'the open gap is last');
});
