/**
 * Denied requests in the audit log, aggregated (R29, R30): the first denial from a source (its
 * address, the caller if any, and the reason) in a window is recorded at once as `auth.denied`
 * with the request's details; further denials from that source in the window are only counted,
 * and one `auth.denied-summary` entry per source records the count, the routes and the window
 * when it closes. A flood of unauthenticated requests (2,000 in 20 s) adds a handful of entries,
 * not one each, and memory stays bounded: past `maxSources` sources in a window, new sources
 * are counted together in one overflow summary.
 */
import type { AuditEntryInput } from '../governance/audit/audit-log.ts';

export interface Denial {
  readonly address: string;
  readonly actor: string | null;
  readonly reason: string;
  readonly method: string;
  readonly route: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

interface Source {
  readonly address: string;
  readonly actor: string | null;
  readonly reason: string;
  count: number;
  readonly routes: Map<string, number>;
}

export interface DenialAuditOptions {
  /** Writes one audit entry (outside any request transaction). */
  readonly audit: (entry: AuditEntryInput) => Promise<unknown>;
  readonly windowMs?: number;
  readonly maxSources?: number;
  readonly onError?: (err: unknown) => void;
  readonly now?: () => Date;
}

const OVERFLOW = '(other sources)';
const MAX_ROUTES = 10;

export class DenialAudit {
  private sources = new Map<string, Source>();
  private windowStart: Date;
  private readonly windowMs: number;
  private readonly maxSources: number;
  private readonly now: () => Date;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly o: DenialAuditOptions) {
    this.windowMs = o.windowMs ?? 60_000;
    this.maxSources = o.maxSources ?? 1000;
    this.now = o.now ?? (() => new Date());
    this.windowStart = this.now();
    this.timer = setInterval(() => void this.flush(), this.windowMs);
    this.timer.unref();
  }

  /** Records a denial: the source's first in this window now, the rest in its summary. */
  async deny(d: Denial): Promise<void> {
    const key = `${d.address}\u0000${d.actor ?? ''}\u0000${d.reason}`;
    let source = this.sources.get(key);
    if (!source) {
      if (this.sources.size >= this.maxSources) {
        const overflow = this.sources.get(OVERFLOW) ?? {
          address: OVERFLOW,
          actor: null,
          reason: 'various',
          count: 0,
          routes: new Map<string, number>(),
        };
        this.sources.set(OVERFLOW, overflow);
        this.count(overflow, d);
        return;
      }
      source = { address: d.address, actor: d.actor, reason: d.reason, count: 0, routes: new Map() };
      this.sources.set(key, source);
      await this.o.audit({ actor: d.actor, action: 'auth.denied', outcome: 'denied', details: d.details });
      return;
    }
    this.count(source, d);
  }

  private count(source: Source, d: Denial): void {
    source.count++;
    const route = `${d.method} ${d.route ?? '(no route)'}`;
    if (source.routes.has(route) || source.routes.size < MAX_ROUTES) {
      source.routes.set(route, (source.routes.get(route) ?? 0) + 1);
    }
  }

  /** Closes the window: one `auth.denied-summary` per source with denials after its first. */
  flush(): Promise<void> {
    const sources = [...this.sources.values()].filter((s) => s.count > 0);
    const from = this.windowStart.toISOString();
    const to = this.now();
    this.sources = new Map();
    this.windowStart = to;
    this.flushing = this.flushing.then(async () => {
      for (const s of sources) {
        await this.o
          .audit({
            actor: s.actor,
            action: 'auth.denied-summary',
            outcome: 'denied',
            details: {
              address: s.address,
              reason: s.reason,
              count: s.count,
              routes: Object.fromEntries(s.routes),
              from,
              to: to.toISOString(),
              note: 'further denials from this source in the window, after the first (recorded as auth.denied)',
            },
          })
          .catch((err: unknown) => this.o.onError?.(err));
      }
    });
    return this.flushing;
  }

  /** Stops the timer and writes the open window's summaries. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
