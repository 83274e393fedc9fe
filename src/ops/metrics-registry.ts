/**
 * A small metrics registry and the Prometheus text exposition format 0.0.4: counters, gauges and
 * histograms with labels, each family rendered with its HELP and TYPE lines. Written here, not
 * taken from a package, because Vigil needs very little of it. Labels name routes, statuses,
 * cameras and deployments, never a person: callers must not put usernames, subject ids or anything
 * biometric in a label (see vigil-metrics.ts for the labels Vigil uses).
 */

export type Labels = Readonly<Record<string, string>>;
export type MetricType = 'counter' | 'gauge' | 'histogram';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class MetricsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsError';
  }
}

/** A label value as the text format wants it: backslash, double quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and newline escaped. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

function keyOf(labels: Labels): string {
  return labelText(labels);
}

abstract class Family<S> {
  protected readonly series = new Map<string, { labels: Labels; state: S }>();
  abstract readonly type: MetricType;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new MetricsError(`invalid metric name ${name}`);
    for (const l of labelNames) {
      if (!LABEL.test(l) || l.startsWith('__') || l === 'le') throw new MetricsError(`invalid label name ${l}`);
    }
  }

  protected slot(labels: Labels, init: () => S): S {
    const names = Object.keys(labels);
    if (names.length !== this.labelNames.length || !this.labelNames.every((n) => n in labels)) {
      throw new MetricsError(`${this.name} takes labels [${this.labelNames.join(', ')}], got [${names.join(', ')}]`);
    }
    const key = keyOf(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels: { ...labels }, state: init() };
      this.series.set(key, s);
    }
    return s.state;
  }

  /** Forgets every series (collectors that rebuild gauges from a snapshot call this first). */
  reset(): void {
    this.series.clear();
  }

  abstract samples(): string[];

  render(): string {
    const head = `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
    const lines = this.samples();
    return head + (lines.length > 0 ? `${lines.join('\n')}\n` : '');
  }
}

export class Counter extends Family<{ value: number }> {
  readonly type = 'counter';

  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new MetricsError(`${this.name}: a counter only goes up`);
    this.slot(labels, () => ({ value: 0 })).value += by;
  }

  /** For counters kept elsewhere (a camera's frames): sets the running total as read. */
  set(labels: Labels, total: number): void {
    this.slot(labels, () => ({ value: 0 })).value = total;
  }

  get(labels: Labels = {}): number {
    return this.series.get(keyOf(labels))?.state.value ?? 0;
  }

  samples(): string[] {
    return [...this.series.values()].map((s) => `${this.name}${labelText(s.labels)} ${formatValue(s.state.value)}`);
  }
}

export class Gauge extends Family<{ value: number }> {
  readonly type = 'gauge';

  set(labels: Labels, value: number): void {
    this.slot(labels, () => ({ value: 0 })).value = value;
  }

  inc(labels: Labels = {}, by = 1): void {
    this.slot(labels, () => ({ value: 0 })).value += by;
  }

  get(labels: Labels = {}): number {
    return this.series.get(keyOf(labels))?.state.value ?? 0;
  }

  samples(): string[] {
    return [...this.series.values()].map((s) => `${this.name}${labelText(s.labels)} ${formatValue(s.state.value)}`);
  }
}

interface HistogramState {
  readonly counts: number[];
  sum: number;
  count: number;
}

/** Seconds: 5 ms to 30 s, for request and search latencies. */
export const defaultBuckets: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Histogram extends Family<HistogramState> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];

  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[] = defaultBuckets) {
    super(name, help, labelNames);
    const sorted = [...buckets].sort((a, b) => a - b);
    if (sorted.length === 0 || new Set(sorted).size !== sorted.length || !sorted.every(Number.isFinite)) {
      throw new MetricsError(`${name}: buckets must be distinct finite numbers`);
    }
    this.buckets = sorted;
  }

  observe(labels: Labels, value: number): void {
    const s = this.slot(labels, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  /** Observation count for one series (tests, summaries). */
  count(labels: Labels = {}): number {
    return this.series.get(keyOf(labels))?.state.count ?? 0;
  }

  samples(): string[] {
    const out: string[] = [];
    for (const { labels, state } of this.series.values()) {
      this.buckets.forEach((b, i) =>
        out.push(`${this.name}_bucket${labelText(labels, ['le', formatValue(b)])} ${state.counts[i]!}`),
      );
      out.push(`${this.name}_bucket${labelText(labels, ['le', '+Inf'])} ${state.count}`);
      out.push(`${this.name}_sum${labelText(labels)} ${formatValue(state.sum)}`);
      out.push(`${this.name}_count${labelText(labels)} ${state.count}`);
    }
    return out;
  }
}

/** Runs before each render: reads state kept elsewhere (runner, database) into gauges. */
export type Collector = () => void | Promise<void>;

export class MetricsRegistry {
  private readonly families = new Map<string, Counter | Gauge | Histogram>();
  private readonly collectors: Collector[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets?: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  addCollector(collector: Collector): void {
    this.collectors.push(collector);
  }

  /** Runs the collectors (a failing one is skipped, never fails the scrape) and renders every family. */
  async render(): Promise<string> {
    for (const c of this.collectors) {
      try {
        await c();
      } catch {
        // A metric source that is down must not take the whole scrape with it.
      }
    }
    return [...this.families.values()].map((f) => f.render()).join('');
  }

  private add<F extends Counter | Gauge | Histogram>(family: F): F {
    if (this.families.has(family.name)) throw new MetricsError(`metric ${family.name} is registered twice`);
    this.families.set(family.name, family);
    return family;
  }
}
