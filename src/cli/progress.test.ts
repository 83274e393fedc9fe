// Issue 15: progress of long CLI jobs with counts, rate and time left; quiet under --json, and in
// a pipe the last count is always written (the import used to stop at "1/9").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOutput } from './output.ts';
import { formatSeconds, lineProgress, pace, progressLine, progressMode, rateAndEta } from './progress.ts';

test('rate and time left from the counts so far', () => {
  assert.deepEqual(rateAndEta({ done: 5, total: 15, elapsedMs: 2_000 }), { rate: 2.5, etaSeconds: 4 });
  assert.deepEqual(rateAndEta({ done: 0, total: 15, elapsedMs: 0 }), { rate: 0, etaSeconds: null });
  assert.deepEqual(rateAndEta({ done: 3, total: undefined, elapsedMs: 1_000 }), { rate: 3, etaSeconds: null });
  assert.deepEqual(rateAndEta({ done: 9, total: 9, elapsedMs: 0 }), { rate: 0, etaSeconds: 0 });
  assert.deepEqual(
    [formatSeconds(null), formatSeconds(42), formatSeconds(125), formatSeconds(7_260)],
    ['?', '42s', '2m05s', '2h01m'],
  );
  assert.equal(
    progressLine('gallery import', 'images', { done: 5, total: 15 }, { rate: 2.5, etaSeconds: 4 }, '1 refused'),
    'gallery import 5/15 images · 2.5/s · eta 4s · 1 refused',
  );
  assert.equal(
    progressLine('archive ingest', 'files', { done: 2, total: undefined }, { rate: 2, etaSeconds: null }),
    'archive ingest 2/? files · 2.0/s · eta ?',
  );
});

test('the pace is measured from the first count of a pass, not from before the job began', () => {
  let now = 50_000;
  const speed = pace(() => now);
  assert.deepEqual(speed.of(1, 9), { rate: 0, etaSeconds: null }, 'one count: no pace yet');
  now += 2_000;
  assert.deepEqual(speed.of(5, 9), { rate: 2, etaSeconds: 2 });
  speed.reset();
  now += 60_000;
  assert.deepEqual(speed.of(0, 4), { rate: 0, etaSeconds: null });
});

test('a bar on a terminal, plain lines in a pipe, nothing under --json', () => {
  assert.equal(progressMode(false, true), 'bar');
  assert.equal(progressMode(false, false), 'lines');
  assert.equal(progressMode(true, true), 'quiet');
  assert.equal(progressMode(true, false), 'quiet');
});

test('in a pipe: the first count at once, then occasional ones, and the last one always', () => {
  const written: string[] = [];
  const bar = lineProgress('gallery import', 'images', (l) => written.push(l), 60_000);
  for (let done = 1; done <= 9; done++) {
    bar.update(done, 9, `${done} enrolled`);
    if (done === 4) bar.note('line 5 corrupt.jpg: corrupt: not an image (skipped)');
  }
  bar.stop();
  bar.stop();
  assert.equal(written.length, 3, written.join('\n'));
  assert.match(written[0] ?? '', /^gallery import 1\/9 images · /);
  assert.equal(written[1], 'line 5 corrupt.jpg: corrupt: not an image (skipped)');
  assert.match(written[2] ?? '', /^gallery import 9\/9 images · [\d.]+\/s · eta 0s · 9 enrolled$/);
  // A second pass (another data set) starts again.
  bar.update(1, 2);
  bar.stop();
  assert.match(written.at(-1) ?? '', /^gallery import 1\/2 images/);
});

test('--json: no progress noise on stdout or stderr, only the result', (t) => {
  const out: string[] = [];
  const err: string[] = [];
  t.mock.method(process.stdout, 'write', (chunk: string) => out.push(chunk) > 0);
  t.mock.method(process.stderr, 'write', (chunk: string) => err.push(chunk) > 0);
  const json = createOutput(true);
  const bar = json.bar('gallery import', 'images');
  bar.update(1, 2);
  bar.note('line 3 x.jpg: corrupt');
  bar.update(2, 2);
  bar.stop();
  json.progress('searching 10 probes');
  json.result({ enrolled: 2 }, () => 'imported 2');
  t.mock.restoreAll();
  assert.deepEqual(err, []);
  assert.deepEqual(JSON.parse(out.join('')), { enrolled: 2 });
});
