import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importKey } from './gallery-import.ts';
import { ManifestError, parseCsv, parseManifest } from './import-manifest.ts';

describe('import manifest', () => {
  it('parses quoted fields with commas, quotes and newlines, and CRLF lines', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\r\n\r\nlast,row');
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\nthere'] },
      { line: 5, fields: ['last', 'row'] },
    ]);
    assert.throws(() => parseCsv('a,"open'), ManifestError);
  });

  it('keeps valid rows and reports each invalid one by line', () => {
    const text = [
      'file,reference,display_name,source,legal_basis,reason,capture_date',
      'a.jpg,C1,Ann,custody,PACE,arrest,2024-01-02',
      'b.jpg,C1,Ann,custody,PACE,arrest,',
      'c.jpg,,Bob,custody,PACE,arrest,',
      'd.jpg,C2,Cat,custody,PACE,arrest,02/01/2024',
    ].join('\n');
    const { rows, problems } = parseManifest(text);
    assert.deepEqual(
      rows.map((r) => [r.line, r.file, r.capture_date]),
      [
        [2, 'a.jpg', '2024-01-02'],
        [3, 'b.jpg', undefined],
      ],
    );
    assert.deepEqual(
      problems.map((p) => p.line),
      [4, 5],
    );
    assert.match(problems[1]!.message, /capture_date/);
  });

  it('refuses a manifest without the required columns', () => {
    assert.throws(() => parseManifest('file,reference\na,b'), /display_name, source, legal_basis, reason/);
  });

  it('keys an image by its content and subject, so a renamed copy is still the same image', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    assert.equal(importKey('C1', bytes), importKey('C1', new Uint8Array([1, 2, 3])));
    assert.notEqual(importKey('C1', bytes), importKey('C2', bytes));
  });
});
