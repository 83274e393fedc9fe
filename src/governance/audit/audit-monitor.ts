/**
 * The server's continuous audit check (R29): at start-up (awaited, before the server reports
 * ready) the append-only triggers are checked and restored, and the whole chain is verified with
 * its anchors, its `audit.anchor` entries and the witness; then every `everyMs` only what is new:
 * the entries after the last verified one, the witness's new lines, and that the last verified
 * entry still has the hash it had (an edit with every later hash recomputed changes it) — a few
 * paged queries, off the request path. The whole chain is walked again every `fullEveryMs`.
 *
 * A break is sticky until a full check passes: state 'broken', an error in the log, and through
 * the status the `vigil_audit_chain_ok` metric, `/ready` (503, audit-chain-broken) and the
 * console's banner for auditors.
 *
 * Entries the start-up check finds without a witness line predate this process's witness: a crash
 * between their commit and their line leaves exactly that. They are not a break (a server must
 * not be taken out of its load balancer after every crash) but state 'attention': a warning in the
 * log, `vigil_audit_unwitnessed_entries`, the status's `unwitnessed` range and the auditors'
 * banner; `/ready` stays ready. An entry forged straight into the database while the server was
 * down looks just the same, so only a person clears it: `vigil audit acknowledge` (or POST
 * /v1/audit/acknowledge), audited, which writes late witness lines (witness-acknowledge.ts).
 * An entry that appears without a line while the server runs is a break once its grace is over.
 * A late line whose `ack` is not an acknowledgement covering its entry is a break (both checks).
 *
 * The witness is read from this host's file (which every Vigil process here appends to) and
 * `peerWitnessFiles` (processes on other machines), each on from where the last read stopped.
 */
import { systemClock } from '../../shared/clock.ts';
import { startPeriodicJob, type PeriodicJob } from '../../shared/periodic-job.ts';
import { auditHead, iterateAudit } from './audit-log.ts';
import { ensureAuditTriggers } from './audit-triggers.ts';
import { AuditChainReads } from './audit-chain.repository.ts';
import {
  rangeOf,
  unwitnessedWarning,
  type AuditChainProblem,
  type AuditChainStatus,
  type AuditMonitor,
  type AuditMonitorOptions,
} from './audit-monitor-status.ts';
import { entryFault, fetchAcknowledgements, verifyAuditChain } from './audit-verify.ts';
import { acknowledgementProblem, acknowledgementSeqs, witnessIndex } from './witness-check.ts';
import type { WitnessLine } from './witness-format.ts';
import { witnessReader } from './witness-reader.ts';

export type {
  AuditChainProblem,
  AuditChainStatus,
  AuditMonitor,
  AuditMonitorLog,
  AuditMonitorOptions,
} from './audit-monitor-status.ts';

export async function startAuditMonitor(o: AuditMonitorOptions): Promise<AuditMonitor> {
  const clock = o.clock ?? systemClock;
  const now = () => clock.now();
  const { db, log } = o;
  const reads = new AuditChainReads();
  const compared = ['chain', 'anchors', 'audit.anchor entries', ...(o.witnessFile ? ['witness'] : []), 'triggers'];
  let status: AuditChainStatus;
  let verified: { seq: number; hash: string } | null = null;
  const peers = o.peerWitnessFiles ?? [];
  const reader = witnessReader(o.witnessFile ? [o.witnessFile, ...peers] : []);
  /** The head when this process started: unwitnessed entries up to it are for attention. */
  let startHead: number | null = null;
  /** Those entries, until their (late) lines arrive. */
  const unacknowledged = new Set<number>();
  let attentionLogged = '';
  let lastFull = 0;
  let anchorEntries = 0;
  let witnessLines = 0;
  let breaks = 0;
  let triggersRestored = 0;
  /** Witness lines for entries not walked yet. */
  const ahead = new Map<number, string[]>();
  /** Walked entries without a line yet, with when they were first seen. */
  const pending = new Map<number, number>();

  const set = (problem: AuditChainProblem | null, entries: number): AuditChainStatus => {
    const wasBroken = status?.state === 'broken';
    const unwitnessed = rangeOf(unacknowledged);
    status = {
      state: problem ? 'broken' : unwitnessed ? 'attention' : 'ok',
      checkedAt: now().toISOString(),
      entries,
      problem,
      breaks: problem && !wasBroken ? ++breaks : breaks,
      triggersRestored,
      witness: { file: o.witnessFile, peers, lines: witnessLines, pending: pending.size, unwitnessed },
      compared,
    };
    if (problem && !wasBroken) log.error({ audit: problem }, `AUDIT CHAIN BROKEN: ${problem.message}`);
    const attention = unwitnessed ? `${unwitnessed.fromSeq}..${unwitnessed.throughSeq}/${unwitnessed.count}` : '';
    if (attention && attention !== attentionLogged) {
      log.warn({ audit: { unwitnessed } }, unwitnessedWarning(unwitnessed!));
    }
    attentionLogged = attention;
    return status;
  };

  async function triggers(): Promise<void> {
    const restored = await ensureAuditTriggers(db);
    if (restored.length === 0) return;
    triggersRestored += restored.length;
    log.error(
      { restored },
      `the audit log's append-only triggers were missing (${restored.join(', ')}): restored, and recorded as audit.triggers-restored`,
    );
  }

  async function newLines(): Promise<WitnessLine[]> {
    const read = await reader.read();
    for (const u of read.unreadable)
      log.warn({ file: u.file, unreadable: u.count }, 'unreadable lines in the audit witness');
    witnessLines += read.lines.length;
    return read.lines;
  }

  async function full(): Promise<AuditChainStatus> {
    lastFull = now().getTime();
    const firstSeen = new Map(pending);
    ahead.clear();
    pending.clear();
    unacknowledged.clear();
    reader.reset();
    witnessLines = 0;
    await triggers();
    startHead ??= (await auditHead(db))?.seq ?? 0;
    const before = startHead;
    const lines = await newLines();
    const tolerate = (seq: number): boolean => {
      if (seq > before) return false;
      unacknowledged.add(seq);
      return true;
    };
    const r = await verifyAuditChain(db, {
      ...(o.publicKey ? { publicKey: o.publicKey } : {}),
      ...(o.witnessFile ? { witness: { lines, graceMs: o.graceMs, now: now(), tolerate } } : {}),
    });
    const seen = now().getTime();
    if (o.graceMs > 0) for (const seq of r.witness?.pending ?? []) pending.set(seq, firstSeen.get(seq) ?? seen);
    anchorEntries = r.anchorEntries.checked;
    verified = r.head && r.entries === r.head.seq ? r.head : null;
    const invalidAnchor = r.anchors.invalid[0];
    const invalidLine = r.witness?.invalid[0];
    const problem: AuditChainProblem | null = r.firstBad
      ? r.firstBad
      : invalidAnchor
        ? { seq: invalidAnchor.seq, problem: 'bad-anchor', message: invalidAnchor.message }
        : invalidLine
          ? { seq: invalidLine.seq, problem: 'bad-witness-line', message: invalidLine.message }
          : null;
    return set(problem, r.entries);
  }

  async function incremental(): Promise<AuditChainStatus> {
    await triggers();
    const base = verified ?? { seq: 0, hash: '' };
    const fail = (problem: AuditChainProblem) => set(problem, base.seq);
    const index = witnessIndex(await newLines(), o.publicKey);
    const bad = index.invalid[0];
    if (bad) return fail({ seq: bad.seq, problem: 'bad-witness-line', message: bad.message });
    const valid = [...index.bySeq.values()].flat();
    const acks = await fetchAcknowledgements(db, acknowledgementSeqs(valid));
    for (const l of valid) {
      const message = l.late ? acknowledgementProblem(l, acks.get(l.ack ?? 0)) : null;
      if (message) return fail({ seq: l.seq, problem: 'bad-acknowledgement', message });
    }
    const behind = [...index.bySeq.keys()].filter((s) => s <= base.seq);
    for (const seq of [...index.bySeq.keys()].filter((s) => s > base.seq)) {
      ahead.set(seq, [...(ahead.get(seq) ?? []), ...(index.bySeq.get(seq) ?? []).map((l) => l.hash)]);
    }
    for (let i = 0; i < behind.length; i += 500) {
      const batch = behind.slice(i, i + 500);
      const stored = await reads.hashesOf(db, batch);
      for (const seq of batch) {
        const hash = stored.get(seq);
        if (hash === undefined || !index.bySeq.get(seq)?.some((l) => l.hash === hash)) {
          return fail({ seq, problem: 'altered', message: `entry ${seq} is missing or differs from its witness line` });
        }
        pending.delete(seq);
        unacknowledged.delete(seq);
      }
    }
    if (verified) {
      const hash = await reads.hashAt(db, verified.seq);
      if (hash !== verified.hash) {
        const what = hash !== undefined ? 'was rewritten (at or before it)' : 'is gone: the chain was cut short';
        return fail({
          seq: verified.seq,
          problem: hash !== undefined ? 'altered' : 'truncated',
          message: `entry ${verified.seq} ${what}`,
        });
      }
    }
    let expected = base.seq + 1;
    let prev = verified?.hash ?? '0'.repeat(64);
    for await (const row of iterateAudit(db, { afterSeq: base.seq })) {
      const fault = entryFault(row, expected, prev);
      if (fault) return fail(fault);
      const lines = ahead.get(row.seq);
      ahead.delete(row.seq);
      if (lines && !lines.includes(row.hash)) {
        return fail({ seq: row.seq, problem: 'altered', message: `entry ${row.seq} differs from its witness line` });
      }
      if (!lines && o.witnessFile && o.graceMs > 0) pending.set(row.seq, now().getTime());
      if (row.action === 'audit.anchor') {
        anchorEntries++;
        if (!(await reads.anchorExists(db, row.seq))) {
          return fail({
            seq: row.seq,
            problem: 'anchor-missing',
            message: `entry ${row.seq}'s anchor is not in audit_anchors`,
          });
        }
      }
      verified = { seq: row.seq, hash: row.hash };
      expected++;
      prev = row.hash;
    }
    const cut = [...ahead.keys()].find((s) => s > (verified?.seq ?? 0));
    if (cut !== undefined) {
      return fail({
        seq: cut,
        problem: 'truncated',
        message: `the witness holds entry ${cut}, the chain ends before it`,
      });
    }
    if ((await reads.countAnchors(db)) < anchorEntries) {
      return fail({ seq: null, problem: 'anchor-missing', message: 'rows were deleted from audit_anchors' });
    }
    for (const [seq, first] of pending) {
      if (now().getTime() - first >= o.graceMs) {
        return fail({
          seq,
          problem: 'unwitnessed',
          message: `entry ${seq} has had no witness line for ${Math.round(o.graceMs / 1000)} s: Vigil did not append it`,
        });
      }
    }
    const head = await auditHead(db);
    if (head && verified && head.seq < verified.seq) {
      return fail({ seq: head.seq + 1, problem: 'truncated', message: `the chain now ends at entry ${head.seq}` });
    }
    return set(null, verified?.seq ?? 0);
  }

  const checkNow = async (c: { full?: boolean }): Promise<AuditChainStatus> => {
    if (c.full || now().getTime() - lastFull >= o.fullEveryMs) return full();
    // A break stays until a full check passes.
    if (status.state === 'broken') return status;
    return incremental();
  };
  let running: Promise<unknown> = Promise.resolve();
  const check = (c: { full?: boolean } = {}): Promise<AuditChainStatus> => {
    const next = running.catch(() => undefined).then(() => checkNow(c));
    running = next;
    return next;
  };

  status = {
    state: 'ok',
    checkedAt: now().toISOString(),
    entries: 0,
    problem: null,
    breaks: 0,
    triggersRestored: 0,
    witness: { file: o.witnessFile, peers, lines: 0, pending: 0, unwitnessed: null },
    compared,
  };
  await check({ full: true });
  let job: PeriodicJob<AuditChainStatus> | undefined;
  if (o.everyMs > 0) {
    job = startPeriodicJob({
      name: 'audit chain check',
      everyMs: o.everyMs,
      minEveryMs: 10,
      run: () => check(),
      onError: (err) => log.error({ err }, 'the audit chain check failed'),
    });
  }
  return {
    status: () => status,
    check,
    async stop() {
      await job?.stop();
      await running.catch(() => undefined);
    },
  };
}
