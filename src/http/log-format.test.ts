// Issue 15: human-readable server logs on a terminal, JSON lines elsewhere, overridable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseLogFormat, loggerFor } from './log-format.ts';

test('pretty on a terminal, JSON lines in pipes, CI and containers', () => {
  assert.equal(chooseLogFormat({ tty: true }), 'pretty');
  assert.equal(chooseLogFormat({ tty: false }), 'json');
});

test('VIGIL_LOG_FORMAT overrides the guess; --json always means JSON; a typo is refused', () => {
  assert.equal(chooseLogFormat({ tty: true, requested: 'json' }), 'json');
  assert.equal(chooseLogFormat({ tty: false, requested: 'pretty' }), 'pretty');
  assert.equal(chooseLogFormat({ tty: false, requested: ' Pretty ' }), 'pretty');
  assert.equal(chooseLogFormat({ tty: true, requested: '' }), 'pretty', 'empty is unset');
  assert.equal(chooseLogFormat({ tty: true, json: true }), 'json');
  assert.equal(chooseLogFormat({ tty: true, json: true, requested: 'pretty' }), 'json');
  assert.throws(
    () => chooseLogFormat({ tty: true, requested: 'text' }),
    /VIGIL_LOG_FORMAT must be one of pretty, json/,
  );
});

test('JSON is the plain pino logger; pretty writes through pino-pretty in-process (a stream, no worker)', async () => {
  assert.deepEqual(await loggerFor('json', 'info'), { level: 'info' });
  const pretty = (await loggerFor('pretty', 'warn')) as { level: string; stream?: { write: unknown } };
  assert.equal(pretty.level, 'warn');
  assert.equal(typeof pretty.stream?.write, 'function');
  assert.ok(!('transport' in pretty));
});
