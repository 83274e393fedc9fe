// Issue 15: the import's summary names each possible duplicate and each refused file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImportSummary } from '../../gallery/gallery-import.ts';
import { importSummaryText } from './gallery-summary.ts';

const base: ImportSummary = {
  done: 9,
  total: 9,
  enrolled: 6,
  skipped: 1,
  refused: 2,
  elapsedMs: 3_000,
  imagesPerSecond: 2,
  refusedBy: { corrupt: 1, unreadable: 1 },
  refusals: [
    { line: 4, file: 'corrupt.jpg', code: 'corrupt', message: 'not an image' },
    { line: 9, file: 'missing.jpg', code: 'unreadable', message: 'no such file' },
  ],
  possibleDuplicates: 1,
  duplicates: [
    {
      line: 3,
      file: 'b.jpg',
      reference: 'CUST-2',
      resembles: [
        { subjectId: 's1', reference: 'CUST-1', score: 0.81234 },
        { subjectId: 's7', reference: 'CUST-7', score: 0.5 },
      ],
    },
  ],
};

test('the summary names each possible duplicate (whom it resembles, how closely) and each refusal', () => {
  const text = importSummaryText(base, 1);
  assert.match(
    text,
    /^imported 6 image\(s\) in 3\.0 s \(2\.0 images\/s\); 1 already enrolled; 2 refused; 1 bad manifest line\(s\)\n/,
  );
  assert.match(text, /1 image\(s\) flagged a possible duplicate subject/);
  assert.match(text, /\n {2}line 3 b\.jpg \(CUST-2\) resembles CUST-1 \(score 0\.812\), CUST-7 \(score 0\.500\)\n/);
  assert.match(text, /2 file\(s\) refused \(corrupt 1, unreadable 1\):/);
  assert.match(
    text,
    /\n {2}line 4 corrupt\.jpg: corrupt: not an image\n {2}line 9 missing\.jpg: unreadable: no such file$/,
  );
});

test('long lists stop at the cap with how many more; a clean import says so', () => {
  const refusals = Array.from({ length: 60 }, (_, i) => ({
    line: i + 2,
    file: `f${i}.jpg`,
    code: 'no-face',
    message: 'no face found',
  }));
  const text = importSummaryText({ ...base, refusals, refused: 60, refusedBy: { 'no-face': 60 } }, 0);
  assert.equal(text.split('\n').filter((l) => l.includes(': no-face: ')).length, 50);
  assert.match(text, /\.\.\. and 10 more \(all of them with --json\)$/);
  const clean = importSummaryText({ ...base, refusals: [], duplicates: [], possibleDuplicates: 0, refused: 0 }, 0);
  assert.match(clean, /no image flagged a possible duplicate subject$/);
  assert.doesNotMatch(clean, /refused \(/);
});
