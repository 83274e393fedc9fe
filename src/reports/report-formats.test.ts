// The periodic report's exports: the CSV an oversight body opens in a spreadsheet (one section per
// table, quoting, formula neutralising) and the printable page (self-contained, every text escaped).
// Also the bias report the repository holds, read through the default source.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { testDatabases } from '../../test/support/db.ts';
import { biasReportsIn, periodicReport } from './report-sources.ts';
import { periodicReportCsv } from './report-csv.ts';
import { escapeHtml, periodicReportCsp, periodicReportHtml } from './report-html.ts';
import type { PeriodicReport } from './report-types.ts';
import { formulaType, hostileName, period, seedDeployments } from '../../test/support/reports.ts';
import { seedSearches } from '../../test/support/report-searches.ts';

/** RFC 4180 rows (CRLF ends, double-quote quoting), independent of the code under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  assert.equal(field, '', 'the file ends with a line end');
  return rows;
}

/** Sections: title row, header row, rows, up to an empty row. */
function sections(rows: string[][]): Map<string, { header: string[]; rows: string[][] }> {
  const out = new Map<string, { header: string[]; rows: string[][] }>();
  for (let i = 0; i < rows.length; ) {
    const title = rows[i]?.[0] ?? '';
    const header = rows[i + 1] ?? [];
    let j = i + 2;
    while (j < rows.length && !(rows[j]?.length === 1 && rows[j]?.[0] === '')) j++;
    out.set(title, { header, rows: rows.slice(i + 2, j) });
    i = j + 1;
  }
  return out;
}

const target = testDatabases()[0]!;

describe('periodic report exports', () => {
  let database: Database;
  let report: PeriodicReport;
  before(async () => {
    database = await target.open();
    await seedDeployments(database.db);
    await seedSearches(database.db);
    report = await periodicReport(database.db, period, {
      biasReports: async () => ({ missing: 'none' }),
      now: () => new Date('2026-04-02T08:00:00.000Z'),
    });
  });
  after(() => database.close());

  it('writes one CSV with a section per table, the R24 columns and quoted, formula-safe cells', () => {
    const csv = periodicReportCsv(report);
    assert.ok(csv.startsWith('\uFEFF'), 'a byte order mark for spreadsheets');
    assert.ok(csv.endsWith('\r\n'));
    const s = sections(parseCsv(csv.slice(1)));
    assert.deepEqual(
      [...s.keys()],
      [
        'Vigil periodic report (R25)',
        'Totals',
        'Deployments (deployment record, R24)',
        'Authorised but not deployed (not counted)',
        'Outcomes by watchlist category',
        'False alerts by demographic group (where recorded)',
        'Retrospective searches by offence type (R38)',
        'Bias evaluation: false match rate per group at the operating threshold (R27)',
        'Thresholds used in the period',
        'Notes and definitions',
      ],
    );
    const deployments = s.get('Deployments (deployment record, R24)')!;
    assert.deepEqual(deployments.header, [
      'Deployment',
      'Date',
      'Type',
      'Duration (minutes)',
      'Cameras',
      'Watchlist size',
      'Threshold',
      'Total alerts',
      'Positive alerts',
      'Positive interventions',
      'Incorrect alerts',
      'Incorrect interventions',
      'Arrests or disposals',
      'Faces seen',
      'Incorrect alert rate',
      'Status',
    ]);
    assert.deepEqual(deployments.rows[0], [
      hostileName,
      '2026-03-05',
      'overt LFR, van-mounted',
      '270',
      '3',
      '5',
      '0.93',
      '28',
      '6',
      '12',
      '10',
      '4',
      '8',
      '10000',
      '0.001',
      'closed',
    ]);
    assert.equal(deployments.rows[1]?.[2], `'${formulaType}`, 'a formula is neutralised');
    assert.deepEqual(
      deployments.rows.map((r) => r[0]),
      [hostileName, 'D2', 'D8', 'D6'],
    );
    const totals = new Map(s.get('Totals')!.rows.map(([k, v]) => [k, v]));
    assert.equal(totals.get('Deployments'), '4');
    assert.equal(totals.get('Hours deployed'), '7.5');
    assert.equal(totals.get('Faces seen'), '16200');
    assert.equal(totals.get('Incorrect (false) alerts'), '12');
    assert.equal(totals.get('False alerts per face seen'), String(12 / 16_200));
    assert.equal(totals.get('Retrospective searches'), '5');
    const category = s.get('Outcomes by watchlist category')!;
    assert.equal(category.header[0], 'Category');
    assert.deepEqual(
      category.rows.map((r) => [r[0], r[1], r[3]]),
      [
        ['missing', '14', '8'],
        ['violent', '2', '0'],
        ['wanted', '17', '4'],
      ],
    );
    assert.deepEqual(s.get('False alerts by demographic group (where recorded)')!.rows, [
      ['(not recorded)', '33', '7', '12', '14', '13', '5', '9', String(12 / 33)],
    ]);
    const rfr = s.get('Retrospective searches by offence type (R38)')!;
    assert.deepEqual(rfr.rows.at(-1), ['All offence types', '5', '3', '2', '0.6', '0.4', '2']);
    const bias = s.get('Bias evaluation: false match rate per group at the operating threshold (R27)')!;
    assert.deepEqual(
      bias.rows.map((r) => r.slice(0, 2)),
      [
        ['model-a', 'not available: none'],
        ['model-b', 'not available: none'],
        ['model-c', 'not available: none'],
      ],
    );
  });

  it('prints a self-contained page that escapes every text', () => {
    const html = periodicReportHtml(report);
    assert.ok(html.startsWith('<!doctype html>'));
    assert.ok(!html.includes('<script'), 'no script element, and the name cannot make one');
    assert.ok(html.includes(escapeHtml(hostileName)));
    assert.ok(html.includes('Station &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;, &#38; Co'));
    assert.ok(!/\b(src|href)\s*=/i.test(html), 'no external asset');
    assert.match(html, /@page \{ size: A4 landscape/);
    assert.match(html, /Content-Security-Policy/);
    assert.match(periodicReportCsp, /default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    assert.ok(html.includes('0.0741% (1 in 1,350)'), 'false alerts per face seen, 12 / 16,200');
  });
});

describe('the bias report in the repository', () => {
  it('reads its headline per-group false match rates at the operating threshold', async () => {
    const modelId = 'faceapi-resnet-c2cf51e45a1f';
    const found = await biasReportsIn()(modelId);
    if ('missing' in found) return; // a checkout without `vigil eval demographics` output
    const { biasReference } = await import('./bias-reference.ts');
    const file = found.json as {
      configuredThreshold: number;
      cells: { gender: string; race: string; byThreshold: { configured: { fmr: number } } }[];
    };
    const b = biasReference(modelId, found.source, found.json, [{ use: 'live', threshold: file.configuredThreshold, count: 1 }]);
    assert.ok(b.available);
    assert.equal(b.source, `reports/demographics-${modelId}.json`);
    assert.equal(b.threshold, file.configuredThreshold);
    assert.equal(b.groups.length, file.cells.length);
    for (const [i, cell] of file.cells.entries()) {
      assert.equal(b.groups[i]?.group, `${cell.gender} ${cell.race}`);
      assert.equal(b.groups[i]?.fmr, cell.byThreshold.configured.fmr);
    }
    assert.equal(b.thresholdsInUse[0]?.measuredAs, 'configured');
    assert.deepEqual(await biasReportsIn()('../etc/passwd'), { missing: 'the model id cannot name a report file' });
  });
});
