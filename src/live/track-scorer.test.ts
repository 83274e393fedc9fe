// R16, R17: scores aggregate over a track before an alert; one alert per track; below the
// threshold the answer is no match, never the closest person.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { l2Normalise } from '../faces/template.ts';
import { TrackScorer } from './track-scorer.ts';

const v = (...xs: number[]) => l2Normalise(new Float32Array(xs));
const alice = v(1, 0, 0);
const bob = v(0, 1, 0);
const near = (cos: number) => v(cos, Math.sqrt(1 - cos * cos), 0); // cosine `cos` with alice

describe('TrackScorer', () => {
  const watchlist = [
    { entryId: 'alice', vector: alice },
    { entryId: 'bob', vector: bob },
  ];

  it('waits for minTrackFrames, then alerts once for the best entry', () => {
    const s = new TrackScorer(watchlist, { threshold: 0.9, minTrackFrames: 2, aggregateFrames: 3 });
    assert.equal(s.observe(1, near(0.99)).alert, null, 'one frame is not enough');
    const second = s.observe(1, near(0.97)).alert;
    assert.equal(second?.entryId, 'alice');
    assert.ok(Math.abs(second!.score - 0.98) < 1e-6);
    assert.equal(second?.frames, 2);
    assert.equal(s.observe(1, near(0.99)).alert, null, 'one alert per track');
  });

  it('aggregates: one lucky frame among poor ones does not alert', () => {
    const s = new TrackScorer(watchlist, { threshold: 0.9, minTrackFrames: 3, aggregateFrames: 3 });
    s.observe(7, near(0.95));
    s.observe(7, near(0.7));
    assert.equal(s.observe(7, near(0.75)).alert, null);
  });

  it('says nothing below the threshold, however close the nearest entry', () => {
    const s = new TrackScorer(watchlist, { threshold: 0.9, minTrackFrames: 1, aggregateFrames: 1 });
    const r = s.observe(3, near(0.89));
    assert.equal(r.alert, null);
    assert.ok(r.bestFrameScore > 0.88);
  });

  it('forgets ended tracks, so a new track of the same person can alert again', () => {
    const s = new TrackScorer(watchlist, { threshold: 0.9, minTrackFrames: 1, aggregateFrames: 1 });
    assert.ok(s.observe(1, alice).alert);
    s.end(1);
    assert.equal(s.activeTracks, 0);
    assert.ok(s.observe(2, alice).alert);
  });
});
