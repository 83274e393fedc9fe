// The metrics registry renders the Prometheus text format 0.0.4 that parses back to what was
// recorded; GET /metrics serves it with the HTTP counters and the live cameras' metrics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { metricsRoutes } from '../http/ops/metrics.routes.ts';
import { emptyCounts } from '../live/deployment-counts.ts';
import type { DeploymentRow } from '../live/live.repository.ts';
import { MetricsError, MetricsRegistry, escapeLabelValue } from './metrics-registry.ts';
import { VigilMetrics, type LiveSource } from './vigil-metrics.ts';

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** A strict reader of the text format: every sample line must follow its family's HELP and TYPE. */
function parse(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const helped = new Set<string>();
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  for (const line of text.slice(0, -1).split('\n')) {
    const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (help) {
      helped.add(help[1]!);
      continue;
    }
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$/.exec(line);
    if (type) {
      assert.ok(helped.has(type[1]!), `HELP before TYPE for ${type[1]}`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
    let consumed = 0;
    for (let p = pair.exec(body); p; p = pair.exec(body)) {
      labels[p[1]!] = p[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      consumed = pair.lastIndex;
    }
    assert.equal(consumed, body.length, `labels parse: ${body}`);
    const family = m[1]!.replace(/_(bucket|sum|count)$/, '');
    assert.ok(types.has(m[1]!) || types.get(family) === 'histogram', `TYPE before samples of ${m[1]}`);
    samples.push({ name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return { types, samples };
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

test('a registry renders counters, gauges and histograms that parse back, label values escaped', async () => {
  const r = new MetricsRegistry();
  const c = r.counter('t_requests_total', 'Requests\nwith a newline in help', ['route']);
  const g = r.gauge('t_temperature', 'A gauge');
  const h = r.histogram('t_latency_seconds', 'Latency', ['kind'], [0.1, 1]);
  const odd = 'a "quoted" back\\slash\nnewline';
  c.inc({ route: '/v1/x' });
  c.inc({ route: '/v1/x' }, 2);
  c.inc({ route: odd });
  g.set({}, -1.5);
  h.observe({ kind: 'k' }, 0.05);
  h.observe({ kind: 'k' }, 0.5);
  h.observe({ kind: 'k' }, 5);
  const text = await r.render();
  assert.match(text, /^# HELP t_requests_total Requests\\nwith a newline in help$/m);
  assert.ok(text.includes(`route="${escapeLabelValue(odd)}"`));
  const { types, samples } = parse(text);
  assert.equal(types.get('t_requests_total'), 'counter');
  assert.equal(types.get('t_latency_seconds'), 'histogram');
  assert.equal(value(samples, 't_requests_total', { route: '/v1/x' }), 3);
  assert.equal(value(samples, 't_requests_total', { route: odd }), 1);
  assert.equal(value(samples, 't_temperature'), -1.5);
  assert.equal(value(samples, 't_latency_seconds_bucket', { kind: 'k', le: '0.1' }), 1);
  assert.equal(value(samples, 't_latency_seconds_bucket', { kind: 'k', le: '1' }), 2);
  assert.equal(value(samples, 't_latency_seconds_bucket', { kind: 'k', le: '+Inf' }), 3);
  assert.equal(value(samples, 't_latency_seconds_count', { kind: 'k' }), 3);
  assert.equal(value(samples, 't_latency_seconds_sum', { kind: 'k' }), 5.55);
});

test('the registry refuses bad names, wrong label sets, falling counters and duplicates', () => {
  const r = new MetricsRegistry();
  assert.throws(() => r.counter('bad-name', 'x'), MetricsError);
  assert.throws(() => r.gauge('ok', 'x', ['le']), MetricsError);
  const c = r.counter('ok_total', 'x', ['a']);
  assert.throws(() => c.inc({ b: '1' }), MetricsError);
  assert.throws(() => c.inc({ a: '1' }, -1), MetricsError);
  assert.throws(() => r.gauge('ok_total', 'again'), MetricsError);
});

test('a failing collector does not fail the scrape', async () => {
  const r = new MetricsRegistry();
  r.gauge('still_here', 'x').set({}, 1);
  r.addCollector(() => {
    throw new Error('source down');
  });
  assert.match(await r.render(), /^still_here 1$/m);
});

const deployment = { id: 'd-1', status: 'live' };
const live: LiveSource = {
  deployments: {
    list: async (o) => (o.offset === 0 && o.status === 'live' ? [deployment as unknown as DeploymentRow] : []),
    countsOfMany: async (ids) =>
      new Map(ids.filter((id) => id === 'd-1').map((id) => [id, { ...emptyCounts, facesSeen: 7, alerts: 1 }])),
  },
  status: {
    status: async (id) =>
      id === 'd-1'
        ? {
            cameras: {
              'cam-1': { state: 'connected', framesReceived: 120, framesPulled: 100, framesDropped: 20, queued: 2 },
            },
            pendingCounts: { ...emptyCounts, facesSeen: 3, alerts: 1, dropped: { 'quality-gate': 4 } },
          }
        : undefined,
  },
};

test('GET /metrics: text/plain 0.0.4 with HTTP counters by route pattern and live camera metrics', async () => {
  const metrics = new VigilMetrics({ live, engine: { workers: 2, workerRestarts: 3 } });
  metrics.queueDepth('ingest', () => 5);
  const app = Fastify();
  app.addHook('onResponse', metrics.onResponse);
  await app.register(metricsRoutes, { metrics });
  app.get('/v1/cases/:caseId', async () => ({ ok: true }));
  app.post('/v1/cases/:caseId/searches', async () => ({ ok: true }));
  await app.inject({ url: '/v1/cases/CAD-1' });
  await app.inject({ url: '/v1/cases/CAD-2' });
  await app.inject({ url: '/v1/cases/CAD-2/searches', method: 'POST' });
  await app.inject({ url: '/nowhere/with/ids' });
  const res = await app.inject({ url: '/metrics' });
  await app.close();
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  const { samples } = parse(res.body);
  const route = { method: 'GET', route: '/v1/cases/:caseId', status: '200' };
  assert.equal(value(samples, 'vigil_http_requests_total', route), 2);
  assert.equal(value(samples, 'vigil_http_request_duration_seconds_count', route), 2);
  assert.equal(value(samples, 'vigil_http_requests_total', { route: '(no route)', status: '404' }), 1);
  assert.ok(!res.body.includes('CAD-'), 'no raw URLs in labels');
  assert.equal(value(samples, 'vigil_search_duration_seconds_count', { outcome: 'ok' }), 1);
  const cam = { deployment: 'd-1', camera: 'cam-1' };
  assert.equal(value(samples, 'vigil_camera_frames_in_total', cam), 120);
  assert.equal(value(samples, 'vigil_camera_frames_analysed_total', cam), 100);
  assert.equal(value(samples, 'vigil_camera_frames_dropped_total', cam), 20);
  assert.equal(value(samples, 'vigil_camera_connected', cam), 1);
  assert.equal(value(samples, 'vigil_deployment_faces_seen_total', { deployment: 'd-1' }), 10);
  assert.equal(value(samples, 'vigil_deployment_alerts_total', { deployment: 'd-1' }), 2);
  assert.equal(value(samples, 'vigil_deployment_faces_dropped_total', { reason: 'quality-gate' }), 4);
  assert.equal(value(samples, 'vigil_deployments_live'), 1);
  assert.equal(value(samples, 'vigil_engine_workers'), 2);
  assert.equal(value(samples, 'vigil_engine_worker_restarts_total'), 3, 'issue 14: workers replaced');
  assert.equal(value(samples, 'vigil_queue_depth', { queue: 'ingest' }), 5);
});

test('job and search observations', async () => {
  const metrics = new VigilMetrics();
  metrics.observeJob('ingest-file', 1.5, 'done');
  metrics.observeJob('ingest-file', 0.2, 'failed');
  await assert.rejects(metrics.timeSearch(() => Promise.reject(new Error('x'))));
  assert.equal(await metrics.timeSearch(async () => 42), 42);
  const { samples } = parse(await metrics.render());
  assert.equal(value(samples, 'vigil_job_failures_total', { job: 'ingest-file' }), 1);
  assert.equal(value(samples, 'vigil_job_duration_seconds_count', { job: 'ingest-file', outcome: 'done' }), 1);
  assert.equal(value(samples, 'vigil_search_duration_seconds_count', { outcome: 'failed' }), 1);
  assert.equal(value(samples, 'vigil_search_duration_seconds_count', { outcome: 'ok' }), 1);
});

test('issue 15: GET /metrics carries Node default metrics (event-loop lag, memory) from its own registry', async () => {
  const metrics = new VigilMetrics();
  const other = new VigilMetrics();
  const app = Fastify();
  await app.register(metricsRoutes, { metrics });
  const res = await app.inject({ url: '/metrics' });
  await app.close();
  const { types, samples } = parse(res.body);
  assert.equal(types.get('nodejs_eventloop_lag_seconds'), 'gauge');
  assert.ok((value(samples, 'process_resident_memory_bytes') ?? 0) > 0, 'resident memory');
  assert.ok(value(samples, 'nodejs_heap_size_used_bytes') !== undefined, 'heap');
  assert.ok(types.has('nodejs_gc_duration_seconds'), 'garbage collection');
  assert.ok(types.has('vigil_http_requests_total'));
  // Each app instance has its own registry: nothing recorded in one shows in another.
  metrics.observeJob('only-here', 1, 'failed');
  assert.ok(!(await other.render()).includes('only-here'));
});
