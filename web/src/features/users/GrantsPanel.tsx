/**
 * Role grants waiting for a second administrator (R30, issue 12): who would get which roles, who
 * asked and when; another administrator (neither the one who asked nor the user) approves or
 * refuses, a refusal with its reason. The server enforces who may decide; the console only does
 * not offer what would be refused.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, ok } from '../../api/client';
import { roleLabel } from '../../app/labels';
import { loadedFrom } from '../../app/loaded';
import { useSession } from '../../app/session';
import { describeError } from '../../api/client';
import { formatTime, Resource } from '../../app/ui';
import { Confirm } from './Confirm';
import { namesOf, useGrants, useInvalidateUsers, useUsers, type RoleGrant } from './queries';

export function GrantsPanel() {
  const grants = useGrants();
  const users = useUsers();
  const names = namesOf(users.data);
  return (
    <section className="card" aria-labelledby="grants-title">
      <h2 id="grants-title">Role grants waiting for approval</h2>
      <p className="muted">
        Roles that reach biometric data take effect only when a second administrator approves them: not the one who
        asked, and not the user who would receive them.
      </p>
      <Resource loaded={loadedFrom(grants)} isEmpty={(g) => g.length === 0} empty="No role grants are waiting.">
        {(list) => (
          <table data-testid="pending-grants">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Roles asked for</th>
                <th scope="col">Asked by</th>
                <th scope="col">Asked</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {list.map((g) => (
                <GrantRow
                  key={g.id}
                  grant={g}
                  userName={names.byId(g.userId)?.displayName ?? 'unknown user'}
                  askedBy={names.byUsername(g.requestedBy)}
                />
              ))}
            </tbody>
          </table>
        )}
      </Resource>
    </section>
  );
}

function GrantRow({ grant, userName, askedBy }: { grant: RoleGrant; userName: string; askedBy: string }) {
  const { me } = useSession();
  const invalidate = useInvalidateUsers();
  const [refusing, setRefusing] = useState(false);
  const decide = useMutation({
    mutationFn: async (d: { approve: true } | { approve: false; reason: string }) => {
      const params = { path: { id: grant.id } };
      if (d.approve) return ok(api.POST('/v1/users/grants/{id}/approve', { params }));
      return ok(api.POST('/v1/users/grants/{id}/refuse', { params, body: { reason: d.reason } }));
    },
    onSuccess: () => invalidate(),
  });
  const mine = me?.user.username === grant.requestedBy;
  const forMe = me?.user.id === grant.userId;
  const error = decide.error ? describeError(decide.error) : undefined;
  return (
    <tr>
      <th scope="row">{userName}</th>
      <td>
        <ul className="chips">
          {grant.roles.map((r) => (
            <li key={r} className="chip pending">
              {roleLabel(r)}
            </li>
          ))}
        </ul>
      </td>
      <td>{askedBy}</td>
      <td>{formatTime(grant.requestedAt)}</td>
      <td>
        {mine || forMe ? (
          <span className="muted">
            {mine ? 'You asked for this grant' : 'This grant is for you'}: another administrator decides.
          </span>
        ) : refusing ? (
          <Confirm
            title={`Refuse ${userName} the roles asked for?`}
            confirmLabel="Refuse grant"
            reason="required"
            danger
            busy={decide.isPending}
            error={error}
            onConfirm={(reason) => decide.mutate({ approve: false, reason })}
            onCancel={() => setRefusing(false)}
          />
        ) : (
          <div className="actions">
            <button
              type="button"
              disabled={decide.isPending}
              aria-label={`Approve the grant for ${userName}`}
              onClick={() => decide.mutate({ approve: true })}
            >
              Approve
            </button>
            <button
              type="button"
              className="secondary"
              disabled={decide.isPending}
              aria-label={`Refuse the grant for ${userName}`}
              onClick={() => setRefusing(true)}
            >
              Refuse…
            </button>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}
