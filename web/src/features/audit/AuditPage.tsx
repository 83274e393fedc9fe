/**
 * Oversight: the audit log (R29) as a readable table with filters and paging, each entry opening
 * to its details; the chain's verification above it. The red or amber banner of the server's
 * continuous check (AuditChainBanner) shows on every page.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { useSession } from '../../app/session';
import { Resource } from '../../app/ui';
import '../admin.css';
import { AuditFilters, noFilters, type Filters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { ChainStatus } from './ChainStatus';

const limit = 50;

function query(f: Filters, offset: number) {
  return {
    limit,
    offset,
    ...(f.actor.trim() ? { actor: f.actor.trim().toLowerCase() } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.from ? { from: new Date(f.from).toISOString() } : {}),
    ...(f.to ? { to: new Date(f.to).toISOString() } : {}),
  };
}

export function AuditPage() {
  const { can } = useSession();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [offset, setOffset] = useState(0);
  const log = useQuery({
    queryKey: ['audit', 'list', filters, offset],
    queryFn: () => ok(api.GET('/v1/audit', { params: { query: query(filters, offset) } })),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="page">
      <h1>Audit log</h1>
      {can('audit:verify') && <ChainStatus />}
      <AuditFilters
        onApply={(f) => {
          setOffset(0);
          setFilters(f);
        }}
      />
      <Resource
        loaded={loadedFrom(log)}
        isEmpty={(l) => l.entries.length === 0}
        empty="No audit entries match these filters."
      >
        {(l) => {
          const last = Math.min(offset + l.entries.length, l.total);
          return (
            <>
              <AuditTable
                entries={l.entries}
                caption={`Entries ${offset + 1} to ${last} of ${l.total.toLocaleString('en-GB')}, newest first${log.isFetching ? ' · updating…' : ''}`}
              />
              <nav className="pager" aria-label="Audit pages">
                <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
                  Newer
                </button>
                <span className="muted">
                  Page {Math.floor(offset / limit) + 1} of {Math.max(1, Math.ceil(l.total / limit))}
                </span>
                <button type="button" disabled={offset + limit >= l.total} onClick={() => setOffset(offset + limit)}>
                  Older
                </button>
              </nav>
            </>
          );
        }}
      </Resource>
    </section>
  );
}
