/**
 * The red banner auditors see while the server finds the audit chain broken (R29): what was found,
 * at which entry, and when; and an amber one while entries found unwitnessed at start-up await
 * acknowledgement (`vigil audit acknowledge`). Shown only to users with audit:read; the status is
 * polled each minute.
 */
import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { useSession } from './session';

type AuditStatus = Schemas['AuditStatus'];

export function AuditChainBanner() {
  const session = useSession();
  const allowed = session.can('audit:read');
  const [status, setStatus] = useState<AuditStatus | null>(null);
  useEffect(() => {
    if (!allowed) return;
    let stopped = false;
    const load = () =>
      api
        .GET('/v1/audit/status')
        .then((r) => !stopped && r.data && setStatus(r.data))
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), 60_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [allowed]);
  if (!allowed || !status) return null;
  const unwitnessed = status.witness.unwitnessed;
  if (status.state === 'attention' && unwitnessed) {
    const range =
      unwitnessed.count === 1
        ? `Entry ${unwitnessed.fromSeq}`
        : `Entries ${unwitnessed.fromSeq}..${unwitnessed.throughSeq}`;
    return (
      <div className="banner banner-warn" role="status" data-testid="audit-chain-attention">
        <strong>Audit entries without a witness line need attention.</strong> {range} ({unwitnessed.count}) were found
        unwitnessed when the server started: lost in a crash between commit and witness, or written straight into the
        database while the server was down. Compare them with the server&apos;s log of the crash, then run{' '}
        <code>vigil audit acknowledge --through {unwitnessed.throughSeq} --reason &quot;...&quot;</code>.
      </div>
    );
  }
  if (status.state !== 'broken') return null;
  const p = status.problem;
  return (
    <div className="banner banner-down" role="alert" data-testid="audit-chain-broken">
      <strong>The audit log has been tampered with.</strong>{' '}
      {p ? `${p.seq !== null ? `Entry ${p.seq}: ` : ''}${p.message} (${p.problem}).` : 'The chain does not verify.'}{' '}
      Found by the server&apos;s check at {status.checkedAt ?? '?'}; run <code>vigil audit verify</code> and preserve
      the witness file and a database copy as evidence.
    </div>
  );
}
