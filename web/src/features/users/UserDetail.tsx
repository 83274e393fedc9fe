/**
 * One user's administration: roles (never one's own), unlock, a temporary password, disable or
 * enable, and their API tokens. Each change invalidates the users, grants and tokens shown.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, describeError, ok, type Role } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formatTime } from '../../app/ui';
import { Confirm } from './Confirm';
import { reachesBiometrics, rolesText, kindLabels } from './labels';
import { RoleChoices } from './RoleChoices';
import { useInvalidateUsers, type User } from './queries';
import { TokenList } from './TokenList';

type Patch = { roles?: Role[]; disabled?: boolean; unlock?: true; reason?: string };

export function UserDetail({ user }: { user: User }) {
  const { me } = useSession();
  const self = me?.user.id === user.id;
  const invalidate = useInvalidateUsers();
  const [roles, setRoles] = useState<Role[]>([...user.roles]);
  const [notice, setNotice] = useState<string>();
  const [asking, setAsking] = useState<'disable' | 'password' | null>(null);
  const [temporary, setTemporary] = useState('');
  const params = { path: { id: user.id } };
  const patch = useMutation({
    mutationFn: (body: Patch) => ok(api.PATCH('/v1/users/{id}', { params, body })),
    onSuccess: async (u) => {
      setRoles([...u.roles]);
      const pending = u.pendingGrants.flatMap((g) => g.roles);
      setNotice(
        `Saved: ${u.displayName} now holds ${rolesText(u.roles)}` +
          (pending.length > 0 ? `; waiting for a second administrator: ${rolesText(pending)}.` : '.'),
      );
      setAsking(null);
      await invalidate();
    },
  });
  const reset = useMutation({
    mutationFn: (password: string) => ok(api.POST('/v1/users/{id}/password', { params, body: { password } })),
    onSuccess: async () => {
      setNotice(
        `Temporary password set for ${user.displayName}: their sessions ended, and they must choose a new password at the next sign-in.`,
      );
      setAsking(null);
      setTemporary('');
      await invalidate();
    },
  });
  const changed = [...roles].sort().join() !== [...user.roles].sort().join();
  const biometricHeld = user.roles.filter(reachesBiometrics);
  const error = patch.error ?? reset.error;
  return (
    <section className="card" aria-labelledby="user-detail-title" data-testid="user-detail">
      <h2 id="user-detail-title">{user.displayName}</h2>
      <dl className="facts">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Account</dt>
        <dd>{kindLabels[user.kind]}</dd>
        <dt>Signs in with</dt>
        <dd>
          {[user.hasPassword && 'password', user.oidcLinked && 'identity provider'].filter(Boolean).join(' or ') ||
            'API tokens only'}
        </dd>
        <dt>Created</dt>
        <dd>
          {formatTime(user.createdAt)} by {user.createdBy}
        </dd>
      </dl>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={error ? describeError(error) : undefined} />

      <h3>Roles</h3>
      {self ? (
        <p className="muted">Nobody changes their own roles: ask another administrator.</p>
      ) : (
        <>
          <RoleChoices legend={`Roles of ${user.displayName}`} value={roles} onChange={setRoles} />
          <p className="hint">
            Removing a role takes effect at once. Adding one that reaches biometric data makes a grant that a second
            administrator must approve.
          </p>
          <button type="button" disabled={!changed || patch.isPending} onClick={() => patch.mutate({ roles })}>
            Save roles
          </button>
        </>
      )}

      <h3>Account</h3>
      <div className="actions">
        {user.lockedUntil && (
          <button type="button" className="secondary" onClick={() => patch.mutate({ unlock: true })}>
            Clear the lockout
          </button>
        )}
        {user.kind === 'person' && !self && (
          <button type="button" className="secondary" onClick={() => setAsking('password')}>
            Set a temporary password…
          </button>
        )}
        {!self &&
          (user.disabled ? (
            <button type="button" className="secondary" onClick={() => patch.mutate({ disabled: false })}>
              Enable the account
            </button>
          ) : (
            <button type="button" className="danger" onClick={() => setAsking('disable')}>
              Disable the account…
            </button>
          ))}
      </div>
      {asking === 'password' && (
        <Confirm
          title={`Set a temporary password for ${user.displayName}?`}
          confirmLabel="Set temporary password"
          reason="none"
          busy={reset.isPending}
          onConfirm={() => temporary && reset.mutate(temporary)}
          onCancel={() => setAsking(null)}
        >
          <p>
            Their sessions end now, and the password only lets them choose their own.
            {biometricHeld.length > 0 &&
              ` Their roles reaching biometric data (${rolesText(biometricHeld)}) are held back until a second administrator approves them again, so that nobody who knows this password reaches that data alone.`}
          </p>
          <Field label="Temporary password" hint="at least 12 characters; tell them by a separate channel">
            <input
              type="password"
              value={temporary}
              required
              autoComplete="new-password"
              onChange={(e) => setTemporary(e.target.value)}
            />
          </Field>
        </Confirm>
      )}
      {asking === 'disable' && (
        <Confirm
          title={`Disable ${user.displayName}?`}
          confirmLabel="Disable account"
          reason="required"
          danger
          busy={patch.isPending}
          onConfirm={(reason) => patch.mutate({ disabled: true, reason })}
          onCancel={() => setAsking(null)}
        >
          <p>Their sessions end now and their API tokens stop working while the account is disabled.</p>
        </Confirm>
      )}

      <h3>API tokens</h3>
      <TokenList user={user} self={self} />
    </section>
  );
}
