/** Numbers, rates and dates as the periodic report shows them; the period in the address bar. */
import type { Schemas } from '../../api/client';

export type Report = Schemas['PeriodicReport'];
export type BiasReport = Report['biasReports'][number];
export type BiasAvailable = Extract<BiasReport, { available: true }>;

const day = 86_400_000;
/** A UTC date (YYYY-MM-DD) `days` from today. */
export const utcDate = (days = 0): string => new Date(Date.now() + days * day).toISOString().slice(0, 10);
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * day).toISOString().slice(0, 10);
export const isDate = (s: string | null): s is string =>
  !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(Date.parse(s));

export const int = (n: number): string => n.toLocaleString('en-GB');
export const pct = (r: number | null, digits = 1): string => (r === null ? '—' : `${(r * 100).toFixed(digits)}%`);
export const perFace = (r: number | null): string =>
  r === null ? '—' : r === 0 ? '0' : `${(r * 100).toFixed(4)}% (1 in ${int(Math.round(1 / r))})`;
export const fmrText = (r: number | null): string => (r === null ? '—' : r === 0 ? '0' : r.toExponential(2));
export const shortDate = (date: string): string =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** The period shown: `from` and `to` inclusive, as UTC dates; the default is the last 30 days. */
export function periodFrom(search: URLSearchParams): { from: string; to: string } {
  const from = search.get('from');
  const to = search.get('to');
  if (isDate(from) && isDate(to) && from <= to) return { from, to };
  return { from: utcDate(-29), to: utcDate() };
}

/** Round numbers for an axis from 0 to at least `max`. */
export function ticks(max: number, count = 4): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = 0; v < max + step / 2; v += step) out.push(Number(v.toPrecision(12)));
  if (out[out.length - 1]! < max) out.push(Number((out[out.length - 1]! + step).toPrecision(12)));
  return out;
}

export const colours = {
  alerts: '#0b5cad',
  incorrect: '#a4161a',
  best: '#1a6b33',
  other: '#5b6b7b',
  axis: '#4a5560',
  ink: '#1b1f24',
};
