/**
 * The alert stream of a deployment (issue 14): server-sent events with ids, replayed from the
 * database after a reconnect. The id of an event is the deployment's sequence number of the
 * alert change it carries (migration 0013: numbers given in commit order). A client that comes
 * back with `Last-Event-ID: n` (or `?since=n`) is sent every alert changed after n, as it is
 * now, then the live changes. The bus event is only a nudge: on each one (and at each heartbeat)
 * the stream reads what changed after the last number it sent, so an event that arrives during
 * the replay, out of order, or not at all (Redis at most once) is sent exactly once.
 */
import type { ServerResponse } from 'node:http';
import type { AlertEvent, AlertService } from '../../live/alert.service.ts';
import type { AlertRow } from '../../live/live.repository.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { presentAlert } from './deployments.present.ts';

/** The part of the alert service a stream reads. */
export type AlertFeed = Pick<AlertService, 'subscribe' | 'cursor' | 'changedSince' | 'history'>;

const page = 200;
const heartbeatMs = 15_000;

/**
 * Where a reconnecting client left off: `Last-Event-ID` (sent by the browser's EventSource on
 * its own reconnects) wins over `?since=` (a stale one in the URL it opened first).
 */
export function requestedCursor(
  lastEventId: string | string[] | undefined,
  since: number | undefined,
): number | undefined {
  const header = Array.isArray(lastEventId) ? lastEventId.at(-1) : lastEventId;
  if (header !== undefined && header.trim() !== '') {
    if (!/^\d{1,15}$/.test(header.trim()))
      throw new DomainError('invalid', 'bad-last-event-id', 'Last-Event-ID must be an event id of this stream');
    return Number(header.trim());
  }
  return since;
}

/**
 * Where the stream starts: after the requested cursor, or from now without one. A cursor beyond
 * the deployment's last number is not one of its ids (another database, a restored backup): the
 * client gets everything again and merges by alert id.
 */
export function startingCursor(requested: number | undefined, last: number): number {
  if (requested === undefined) return last;
  return requested > last ? 0 : requested;
}

/** One server-sent event, as written. */
export function sseEvent(type: string, id: number, data: unknown): string {
  return `event: ${type}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Sends a deployment's alert changes after a cursor, in order, each once. Runs one read at a
 * time; a nudge during a read makes it read again afterwards.
 */
export class AlertStreamPump {
  private cursor: number | undefined;
  private running = false;
  private again = false;
  private closed = false;
  /** Capture-to-store latency of new alerts, from their live event, until the alert is sent. */
  private readonly latency = new Map<string, number>();

  constructor(
    private readonly o: {
      feed: AlertFeed;
      deploymentId: string;
      write: (chunk: string) => void;
      onError: (err: unknown) => void;
    },
  ) {}

  /** Starts after `cursor`: replays what changed since, then follows the nudges. */
  start(cursor: number): Promise<void> {
    this.cursor = cursor;
    return this.run();
  }

  /** Something may have changed (a bus event, a heartbeat). */
  nudge(e?: AlertEvent): Promise<void> {
    if (e?.type === 'alert' && e.latencyMs !== undefined && e.alert.event_seq > (this.cursor ?? -1))
      this.latency.set(e.alert.id, e.latencyMs);
    return this.cursor === undefined ? Promise.resolve() : this.run();
  }

  close(): void {
    this.closed = true;
    this.latency.clear();
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.drain();
      } while (this.again && !this.closed);
    } catch (err) {
      // The database did not answer: the next nudge or heartbeat reads again from the same cursor.
      this.o.onError(err);
    } finally {
      this.running = false;
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      const after = this.cursor ?? 0;
      const rows = await this.o.feed.changedSince(this.o.deploymentId, after, page);
      if (this.closed || rows.length === 0) return;
      const history = await this.o.feed.history(rows.map((a) => a.id));
      if (this.closed) return;
      for (const a of rows) this.send(a, after, history);
      this.cursor = rows.at(-1)!.event_seq;
      if (rows.length < page) return;
    }
  }

  private send(a: AlertRow, after: number, history: Awaited<ReturnType<AlertFeed['history']>>): void {
    const latencyMs = this.latency.get(a.id) ?? null;
    this.latency.delete(a.id);
    const type = a.raised_seq > after ? 'alert' : 'alert-updated';
    this.o.write(sseEvent(type, a.event_seq, { alert: presentAlert(a, history), latencyMs }));
  }
}

/** The open streams of one app, ended when it closes (one hook, not a listener per connection). */
export class OpenStreams {
  private readonly ends = new Set<() => void>();
  add(end: () => void): () => void {
    this.ends.add(end);
    return () => this.ends.delete(end);
  }
  get size(): number {
    return this.ends.size;
  }
  endAll(): void {
    for (const end of [...this.ends]) end();
  }
}

/**
 * Serves one stream on a hijacked response: subscribes first, then reads where to start, so a
 * change committed after the client sees the headers is never missed; the first block carries
 * the starting id.
 */
export async function serveAlertStream(o: {
  feed: AlertFeed;
  deploymentId: string;
  requested: number | undefined;
  res: ServerResponse;
  open: OpenStreams;
  onError: (err: unknown) => void;
}): Promise<void> {
  const { res } = o;
  const write = (chunk: string) => {
    if (!res.writableEnded && !res.destroyed) res.write(chunk);
  };
  const pump = new AlertStreamPump({ feed: o.feed, deploymentId: o.deploymentId, write, onError: o.onError });
  const unsubscribe = o.feed.subscribe(o.deploymentId, (e) => void pump.nudge(e));
  let start: number;
  try {
    start = startingCursor(o.requested, await o.feed.cursor(o.deploymentId));
  } catch (err) {
    unsubscribe();
    throw err;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  });
  // The starting id, in a block with no data: EventSource takes it as its last event id (so a
  // reconnect before any alert still resumes from here) and dispatches nothing.
  write(`: connected\nid: ${start}\n\n`);
  const heartbeat = setInterval(() => {
    write(': keep-alive\n\n');
    void pump.nudge();
  }, heartbeatMs);
  heartbeat.unref();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    pump.close();
    forget();
    if (!res.writableEnded) res.end();
  };
  const forget = o.open.add(end);
  res.once('close', end);
  await pump.start(start);
}
