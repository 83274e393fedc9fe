/**
 * The audit witness writer (R29). appendAudit tells every open witness what it appended (in
 * memory: nothing is written inside the database transaction). A witness confirms, a batch at a
 * time, that those entries committed (the row is there with the hash Vigil computed: a rolled-back
 * append is absent, or its seq was reused by another entry with another hash) and appends one
 * signed line per committed entry to its file, opened O_APPEND, whole lines per write() and
 * fsync'd (several processes on one host may share the file), and optionally sends the lines to
 * syslog over UDP.
 *
 * A crash between a commit and the next flush loses at most that batch's lines (about a second
 * of entries): the next server start finds them unwitnessed and reports them for attention (not
 * as a break) until a person acknowledges them (witness-acknowledge.ts), after comparing them
 * with the server's log of the crash. close() flushes what is pending.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Queryable } from '../../db/database.ts';
import type { AuditSigningKey } from './signing-key.ts';
import { appendWitnessLines, signWitness, type WitnessLine } from './witness-format.ts';

interface Appended {
  readonly seq: number;
  readonly hash: string;
  readonly noted: number;
}

type Listener = (entry: { seq: number; hash: string }) => void;
const listeners = new Set<Listener>();

/** Called by appendAudit for each entry it wrote (committed or not yet). */
export function noteAuditAppended(entry: { seq: number; hash: string }): void {
  for (const l of listeners) l(entry);
}

export interface AuditWitnessOptions {
  readonly db: Queryable;
  readonly key: AuditSigningKey;
  readonly file: string;
  /** `host:port` of a syslog receiver (UDP); each line is sent there too. */
  readonly syslog?: string | undefined;
  /** How often pending entries are confirmed and written (default 250 ms). */
  readonly everyMs?: number;
  /** An entry not found this long after its append was rolled back (default 10 minutes). */
  readonly pendingTimeoutMs?: number;
  readonly onError?: (err: unknown) => void;
  readonly now?: () => Date;
}

export interface AuditWitness {
  readonly file: string;
  /** Confirms and writes what is pending now; resolves with the lines written. */
  flush(): Promise<WitnessLine[]>;
  /** Flushes, then stops listening. */
  close(): Promise<void>;
}

const CONFIRM_BATCH = 500;

export function openAuditWitness(o: AuditWitnessOptions): AuditWitness {
  const pending = new Map<number, Appended[]>();
  const now = o.now ?? (() => new Date());
  const timeout = o.pendingTimeoutMs ?? 600_000;
  let socket: Socket | undefined;
  const [syslogHost, syslogPort] = o.syslog
    ? [o.syslog.replace(/:\d+$/, ''), Number(/:(\d+)$/.exec(o.syslog)?.[1])]
    : [];
  const listener: Listener = (e) => {
    const list = pending.get(e.seq) ?? [];
    list.push({ seq: e.seq, hash: e.hash, noted: Date.now() });
    pending.set(e.seq, list);
  };
  listeners.add(listener);

  async function confirm(): Promise<Appended[]> {
    const seqs = [...pending.keys()].sort((a, b) => a - b);
    const committed: Appended[] = [];
    for (let i = 0; i < seqs.length; i += CONFIRM_BATCH) {
      const batch = seqs.slice(i, i + CONFIRM_BATCH);
      const rows = await o.db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', 'in', batch).execute();
      const stored = new Map(rows.map((r) => [Number(r.seq), r.hash]));
      for (const seq of batch) {
        const hash = stored.get(seq);
        const list = pending.get(seq) ?? [];
        const match = list.find((a) => a.hash === hash);
        if (match) {
          committed.push(match);
          pending.delete(seq);
        } else if (hash !== undefined) {
          // Another entry holds the seq: this append rolled back.
          pending.delete(seq);
        } else {
          // Not committed yet, or rolled back: wait, up to the timeout.
          const left = list.filter((a) => Date.now() - a.noted <= timeout);
          if (left.length > 0) pending.set(seq, left);
          else pending.delete(seq);
        }
      }
    }
    return committed;
  }

  async function write(lines: WitnessLine[]): Promise<void> {
    await appendWitnessLines(o.file, lines);
    if (syslogHost && syslogPort) {
      socket ??= createSocket(syslogHost.includes(':') ? 'udp6' : 'udp4');
      socket.unref();
      for (const l of lines) {
        // RFC 5424: facility auth (4), severity notice (5) -> <37>.
        const message = `<37>1 ${l.at} - vigil - audit-witness - ${JSON.stringify(l)}`;
        socket.send(message, syslogPort, syslogHost, (err) => err && o.onError?.(err));
      }
    }
  }

  let running: Promise<WitnessLine[]> = Promise.resolve([]);
  const flush = (): Promise<WitnessLine[]> => {
    running = running
      .catch(() => [])
      .then(async () => {
        if (pending.size === 0) return [];
        const committed = await confirm();
        if (committed.length === 0) return [];
        const at = now().toISOString();
        const lines = committed.map((a) => signWitness(a, o.key, at));
        try {
          await write(lines);
        } catch (err) {
          // Kept for the next flush: a full disk or a missing mount must not lose the lines.
          for (const a of committed) pending.set(a.seq, [...(pending.get(a.seq) ?? []), a]);
          throw err;
        }
        return lines;
      });
    return running;
  };
  const timer = setInterval(() => {
    flush().catch((err: unknown) => o.onError?.(err));
  }, o.everyMs ?? 250);
  timer.unref();
  let closing: Promise<void> | undefined;
  return {
    file: o.file,
    flush,
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        try {
          await flush();
        } finally {
          listeners.delete(listener);
          socket?.close();
        }
      })();
      return closing;
    },
  };
}
