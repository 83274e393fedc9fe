/**
 * Vigil's metrics registry on prom-client (issue 15): counters, gauges and histograms with labels,
 * rendered in the Prometheus text exposition format 0.0.4, plus Node's default metrics (event-loop
 * lag, heap, garbage collection, resident memory, open handles). Each registry is its own
 * prom-client `Registry`, never the global one, so two apps in one process (tests) stay apart.
 * The thin wrapper keeps the small API vigil-metrics.ts is written against and is stricter than
 * prom-client: a sample must carry exactly the label names its family declared, and a counter kept
 * elsewhere (a camera's frames) may be set to the running total as read. Labels name routes,
 * statuses, cameras and deployments, never a person: callers must not put usernames, subject ids or
 * anything biometric in a label (see vigil-metrics.ts for the labels Vigil uses).
 */
import * as prom from 'prom-client';

export type Labels = Readonly<Record<string, string>>;
export type MetricType = 'counter' | 'gauge' | 'histogram';

export const PROMETHEUS_CONTENT_TYPE = prom.Registry.PROMETHEUS_CONTENT_TYPE;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class MetricsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsError';
  }
}

/** A label value as the text format writes it (and prom-client does): backslash, double quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function checkNames(name: string, labelNames: readonly string[]): void {
  if (!NAME.test(name)) throw new MetricsError(`invalid metric name ${name}`);
  for (const l of labelNames) {
    if (!LABEL.test(l) || l.startsWith('__') || l === 'le') throw new MetricsError(`invalid label name ${l}`);
  }
}

type PromMetric = prom.Counter | prom.Gauge | prom.Histogram;

abstract class Family<M extends PromMetric> {
  abstract readonly type: MetricType;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    protected readonly metric: M,
  ) {}

  /** Exactly the declared label names: prom-client would accept a partial set. */
  protected labels(labels: Labels): prom.LabelValues<string> {
    const names = Object.keys(labels);
    if (names.length !== this.labelNames.length || !this.labelNames.every((n) => n in labels)) {
      throw new MetricsError(`${this.name} takes labels [${this.labelNames.join(', ')}], got [${names.join(', ')}]`);
    }
    return labels;
  }

  /** Forgets every series (collectors that rebuild gauges from a snapshot call this first). */
  reset(): void {
    this.metric.reset();
  }
}

export class Counter extends Family<prom.Counter> {
  readonly type = 'counter';

  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new MetricsError(`${this.name}: a counter only goes up`);
    this.metric.inc(this.labels(labels), by);
  }

  /** For counters kept elsewhere (a camera's frames): sets the running total as read. */
  set(labels: Labels, total: number): void {
    const l = this.labels(labels);
    if (!(total >= 0)) throw new MetricsError(`${this.name}: a counter's total is never negative`);
    this.metric.remove(l);
    this.metric.inc(l, total);
  }
}

export class Gauge extends Family<prom.Gauge> {
  readonly type = 'gauge';

  set(labels: Labels, value: number): void {
    this.metric.set(this.labels(labels), value);
  }

  inc(labels: Labels = {}, by = 1): void {
    this.metric.inc(this.labels(labels), by);
  }
}

/** Seconds: 5 ms to 30 s, for request and search latencies. */
export const defaultBuckets: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Histogram extends Family<prom.Histogram> {
  readonly type = 'histogram';

  observe(labels: Labels, value: number): void {
    this.metric.observe(this.labels(labels), value);
  }
}

/** Runs before each render: reads state kept elsewhere (runner, database) into gauges. */
export type Collector = () => void | Promise<void>;

export interface MetricsRegistryOptions {
  /** Node's default metrics (prom-client's collectDefaultMetrics); default on. */
  readonly defaultMetrics?: boolean;
}

export class MetricsRegistry {
  /** The prom-client registry behind this one (its own, not prom-client's global registry). */
  readonly prom = new prom.Registry();
  private readonly collectors: Collector[] = [];

  constructor(o: MetricsRegistryOptions = {}) {
    if (o.defaultMetrics ?? true) prom.collectDefaultMetrics({ register: this.prom });
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    this.check(name, labelNames);
    const metric = new prom.Counter({ name, help, labelNames, registers: [this.prom] });
    return new Counter(name, help, labelNames, metric);
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    this.check(name, labelNames);
    const metric = new prom.Gauge({ name, help, labelNames, registers: [this.prom] });
    return new Gauge(name, help, labelNames, metric);
  }

  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets?: readonly number[]): Histogram {
    this.check(name, labelNames);
    const sorted = [...(buckets ?? defaultBuckets)].sort((a, b) => a - b);
    if (sorted.length === 0 || new Set(sorted).size !== sorted.length || !sorted.every(Number.isFinite)) {
      throw new MetricsError(`${name}: buckets must be distinct finite numbers`);
    }
    const metric = new prom.Histogram({ name, help, labelNames, buckets: sorted, registers: [this.prom] });
    return new Histogram(name, help, labelNames, metric);
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
    // prom-client separates families with an empty line (allowed, ignored by Prometheus): one block instead.
    return (await this.prom.metrics()).replace(/\n{2,}/g, '\n');
  }

  private check(name: string, labelNames: readonly string[]): void {
    checkNames(name, labelNames);
    if (this.prom.getSingleMetric(name)) throw new MetricsError(`metric ${name} is registered twice`);
  }
}
