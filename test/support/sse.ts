/** Test support: a streaming client of server-sent events that records them as they come. */
import assert from 'node:assert/strict';

export interface StreamEvent {
  readonly type: string;
  readonly id: number;
  readonly data: { alert?: { id: string; seq: number; operator: { decision: string } | null }; cursor?: number };
}

/** A streaming client: reads the events as they come, until closed. */
export class SseClient {
  readonly events: StreamEvent[] = [];
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();
  status = 0;

  static async open(url: string, headers: Record<string, string>): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(url, { headers, signal: c.abort.signal });
    c.status = res.status;
    if (res.ok && res.body) c.done = c.read(res.body);
    else await res.body?.cancel();
    return c;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .find((l) => l.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          // The opening block has an id and no data: EventSource only takes its id.
          const type =
            field('event') ?? (field('id') !== undefined && field('data') === undefined ? 'position' : undefined);
          if (type)
            this.events.push({ type, id: Number(field('id')), data: JSON.parse(field('data') ?? '{}') as never });
        }
      }
    } catch {
      // aborted
    }
  }

  /** Waits until an event matches (the stream pushes them; no fixed sleep). */
  async waitFor(match: (e: StreamEvent) => boolean, what: string): Promise<StreamEvent> {
    for (let i = 0; i < 2000; i++) {
      const hit = this.events.find(match);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no ${what} on the stream; got ${JSON.stringify(this.events.map((e) => [e.type, e.id]))}`);
  }

  get lastId(): number {
    return this.events.at(-1)!.id;
  }

  alertEvents(): [string, string, number][] {
    return this.events.filter((e) => e.data.alert).map((e) => [e.type, e.data.alert!.id, e.id]);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}

export const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), what);
};
