// Issue 15: the first-start notice a newcomer cannot miss, and capped lists for people.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxed, browsableUrl, capped, setupNoticeText } from './terminal.ts';

test('a box pads every line to the longest, between ─ and │', () => {
  const box = boxed(['short', 'a longer line', '']).split('\n');
  assert.equal(box.length, 5);
  assert.equal(box[0], `┌${'─'.repeat(15)}┐`);
  assert.equal(box[1], '│ short         │');
  assert.equal(box[3], `│ ${' '.repeat(13)} │`);
  assert.equal(box[4], `└${'─'.repeat(15)}┘`);
  assert.equal(new Set(box.map((l) => [...l].length)).size, 1, 'every row as wide');
});

test('the first-start box names the address and the one-time token (the browser tests read it too)', () => {
  const token = 'AbC-123_xyz';
  const text = setupNoticeText({ url: 'http://127.0.0.1:8080/', token, expiresAt: '2030-01-01T00:00:00.000Z' });
  assert.match(text, /^┌─+┐\n│ Vigil is ready at http:\/\/127\.0\.0\.1:8080\/ +│\n/);
  assert.equal(/one-time token (\S+)/.exec(text)?.[1], token, 'the same words the log line has');
  assert.match(text, /POST \/v1\/setup/);
  assert.match(text, /until 2030-01-01T00:00:00\.000Z/);
  assert.match(text, /└─+┘$/);
});

test('a wildcard listen address is shown as one people can open', () => {
  assert.equal(browsableUrl('0.0.0.0', 8080), 'http://127.0.0.1:8080/');
  assert.equal(browsableUrl('::', 9000), 'http://[::1]:9000/');
  assert.equal(browsableUrl('::1', 9000), 'http://[::1]:9000/');
  assert.equal(browsableUrl('vigil.local', 80), 'http://vigil.local:80/');
});

test('a list for people stops at its cap and says how many more', () => {
  const lines = Array.from({ length: 53 }, (_, i) => `line ${i}`);
  const shown = capped(lines, 50);
  assert.equal(shown.length, 51);
  assert.equal(shown[49], 'line 49');
  assert.equal(shown[50], '  ... and 3 more (all of them with --json)');
  assert.deepEqual(capped(lines.slice(0, 2), 50), ['line 0', 'line 1']);
});
