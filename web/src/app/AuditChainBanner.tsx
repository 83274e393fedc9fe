/**
 * The red banner auditors see while the server finds the audit chain broken (R29): what was found,
 * at which entry, and when. Shown only to users with audit:read; the status is polled each minute.
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
  if (!allowed || status?.state !== 'broken') return null;
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
