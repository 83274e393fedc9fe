/** The result of walking the whole hash chain and checking its signed anchors (audit:verify, R29). */
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { formatTime, Resource } from '../../app/ui';

export function ChainStatus() {
  const verify = useQuery({ queryKey: ['audit', 'verify'], queryFn: () => ok(api.GET('/v1/audit/verify')) });
  return (
    <Resource loaded={loadedFrom(verify)}>
      {(v) => (
        <div className={`banner ${v.ok ? 'banner-ok' : 'banner-down'}`} role="status" data-testid="chain-status">
          {v.ok ? (
            <>
              <strong>Chain intact.</strong> {v.entries.toLocaleString('en-GB')} entries verified
              {v.head ? `, up to entry ${v.head.seq}` : ''}; {v.anchors.checked} signed anchor
              {v.anchors.checked === 1 ? '' : 's'} checked
              {v.anchors.latest
                ? `, the latest at entry ${v.anchors.latest.seq} (${formatTime(v.anchors.latest.at)})`
                : ''}
              .
            </>
          ) : (
            <>
              <strong>Chain broken.</strong>{' '}
              {v.firstBad ? `The first bad entry is ${v.firstBad.seq}: ${v.firstBad.message}.` : ''}
              {v.anchors.invalid > 0 ? ` ${v.anchors.invalid} signed anchor(s) do not verify.` : ''}
            </>
          )}{' '}
          <button
            type="button"
            className="secondary small"
            disabled={verify.isFetching}
            onClick={() => void verify.refetch()}
          >
            {verify.isFetching ? 'Verifying…' : 'Verify again'}
          </button>
        </div>
      )}
    </Resource>
  );
}
