/**
 * The periodic report as one CSV file for a spreadsheet: one section per table, each a title row,
 * a header row and its rows, sections separated by an empty row. RFC 4180 quoting, CRLF line
 * ends, a UTF-8 byte order mark (so spreadsheets read names with accents correctly), numbers
 * unformatted (rates as fractions), and text that a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a line break) prefixed with an apostrophe (shared/csv.ts).
 */
import { recordColumns } from '../live/deployment-record.ts';
import { csvRow, type CsvValue } from '../shared/csv.ts';
import type { AlertFigures, OutcomeCounts, PeriodicReport, SearchFigures } from './report-types.ts';

type Cell = CsvValue;

const row = csvRow;

function section(title: string, header: readonly string[], rows: readonly (readonly Cell[])[]): string[] {
  return [row([title]), row(header), ...rows.map(row), ''];
}

const figureHeader = [
  'Total alerts',
  'Positive alerts',
  'Incorrect alerts',
  'Undetermined alerts',
  'Positive interventions',
  'Incorrect interventions',
  'Arrests or disposals',
  'False alerts per alert',
];
const figureCells = (f: AlertFigures): Cell[] => [
  f.totalAlerts,
  f.positiveAlerts,
  f.incorrectAlerts,
  f.undeterminedAlerts,
  f.positiveInterventions,
  f.incorrectInterventions,
  f.arrestsOrDisposals,
  f.falseAlertsPerAlert,
];
const outcomeHeader = ['Arrest', 'Other disposal', 'No further action', 'Not the person', 'No outcome recorded'];
const outcomeCells = (o: OutcomeCounts): Cell[] => [
  o.arrest,
  o['other-disposal'],
  o['no-further-action'],
  o['not-the-person'],
  o['not-recorded'],
];
const searchHeader = [
  'Searches',
  'With a possible match',
  'With an accepted lead',
  'Possible-match rate',
  'Accepted-lead (hit) rate',
  'Supervisor reviewed',
];
const searchCells = (s: SearchFigures): Cell[] => [
  s.searches,
  s.withPossibleMatch,
  s.withAcceptedLead,
  s.possibleMatchRate,
  s.acceptedLeadRate,
  s.supervisorReviewed,
];

/** The figures of the totals section, as [label, value] pairs (also used by the printable page). */
export function totalsRows(r: PeriodicReport): [string, number | null][] {
  const t = r.totals;
  return [
    ['Deployments', t.deployments],
    ['Hours deployed', t.hoursDeployed],
    ['Cameras', t.cameras],
    ['Faces seen', t.facesSeen],
    ['Total alerts', t.totalAlerts],
    ['Positive alerts', t.positiveAlerts],
    ['Incorrect (false) alerts', t.incorrectAlerts],
    ['Undetermined alerts', t.undeterminedAlerts],
    ['False alerts per face seen', t.falseAlertsPerFaceSeen],
    ['False alerts per alert', t.falseAlertsPerAlert],
    ['Operator decisions: confirm', t.operatorDecisions.confirm],
    ['Operator decisions: reject', t.operatorDecisions.reject],
    ['Operator decisions: unable to determine', t.operatorDecisions['unable-to-determine']],
    ['Operator decisions: pending', t.operatorDecisions.pending],
    ['Engaged', t.engagements.engaged],
    ['Not engaged', t.engagements.notEngaged],
    ['Engagement not recorded', t.engagements.notRecorded],
    ['Positive interventions', t.positiveInterventions],
    ['Incorrect interventions', t.incorrectInterventions],
    ['Arrests or disposals', t.arrestsOrDisposals],
    ['Outcome: arrest', t.outcomes.arrest],
    ['Outcome: other disposal', t.outcomes['other-disposal']],
    ['Outcome: no further action', t.outcomes['no-further-action']],
    ['Outcome: not the person', t.outcomes['not-the-person']],
    ['Retrospective searches', r.retrospective.totals.searches],
    ['Searches with a possible match', r.retrospective.totals.withPossibleMatch],
    ['Searches with an accepted lead', r.retrospective.totals.withAcceptedLead],
    ['Searches reviewed by a supervisor', r.retrospective.totals.supervisorReviewed],
  ];
}

export function periodicReportCsv(r: PeriodicReport): string {
  const records = [...recordColumns.map(([, title]) => title), 'Status'];
  const g = r.falseAlertsByGroup;
  const lines = [
    ...section(
      'Vigil periodic report (R25)',
      ['Item', 'Value'],
      [
        ['Period from (inclusive)', r.period.from],
        ['Period to (exclusive)', r.period.to],
        ['Generated at', r.generatedAt],
      ],
    ),
    ...section('Totals', ['Figure', 'Value'], totalsRows(r)),
    ...section(
      'Deployments (deployment record, R24)',
      records,
      r.deployments.map((d) => [...recordColumns.map(([key]) => d[key] as Cell), d.status]),
    ),
    ...section(
      'Authorised but not deployed (not counted)',
      ['Deployment', 'Planned start', 'Status'],
      r.notDeployed.map((d) => [d.deployment, d.plannedStart, d.status]),
    ),
    ...section(
      'Outcomes by watchlist category',
      ['Category', ...figureHeader, ...outcomeHeader],
      r.byCategory.map((c) => [c.category, ...figureCells(c), ...outcomeCells(c.outcomes)]),
    ),
    ...section('False alerts by demographic group (where recorded)', ['Group', ...figureHeader], [
      ...g.groups.map((x) => [x.group, ...figureCells(x)]),
      ['(not recorded)', ...figureCells(g.notRecorded)],
    ]),
    ...section('Retrospective searches by offence type (R38)', ['Offence type', ...searchHeader], [
      ...r.retrospective.byOffenceType.map((o) => [o.offenceType, ...searchCells(o)]),
      ['All offence types', ...searchCells(r.retrospective.totals)],
    ]),
    ...section(
      'Bias evaluation: false match rate per group at the operating threshold (R27)',
      ['Model', 'Group', 'Threshold', 'Impostor pairs', 'False matches', 'FMR', 'FMR 95% low', 'FMR 95% high', 'Measured at', 'Source'],
      r.biasReports.flatMap((b): Cell[][] =>
        b.available
          ? b.groups.map((x) => [
              b.modelId,
              x.group,
              b.threshold,
              x.pairs,
              x.falseMatches,
              x.fmr,
              x.ciLow,
              x.ciHigh,
              b.measuredAt,
              b.source,
            ])
          : [[b.modelId, `not available: ${b.reason}`, null, null, null, null, null, null, null, null]],
      ),
    ),
    ...section(
      'Thresholds used in the period',
      ['Model', 'Use', 'Threshold', 'Deployments or searches', 'Measured in the bias report as'],
      r.biasReports.flatMap((b) =>
        b.thresholdsInUse.map((t) => [b.modelId, t.use, t.threshold, t.count, t.measuredAs ?? 'not measured']),
      ),
    ),
    ...section(
      'Notes and definitions',
      ['Note'],
      [...r.definitions, g.note, 'Rates in this file are fractions of one (0.25 means 25%).'].map((d) => [d]),
    ),
  ];
  return '\uFEFF' + lines.join('\r\n');
}
