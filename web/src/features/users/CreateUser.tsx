/**
 * Creating a user: a person signs in with a temporary password (they must choose their own at the
 * first sign-in) or through the identity provider; a machine account has neither and uses API
 * tokens. Roles reaching biometric data wait for a second administrator.
 */
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, describeError, ok, type Role } from '../../api/client';
import { Field } from '../../app/ui';
import { ErrorMessage } from '../../app/ui';
import { RoleChoices } from './RoleChoices';
import { rolesText } from './labels';
import { useInvalidateUsers } from './queries';

const empty = { username: '', displayName: '', password: '', kind: 'person' as 'person' | 'machine' };

export function CreateUser() {
  const [form, setForm] = useState(empty);
  const [roles, setRoles] = useState<Role[]>([]);
  const [done, setDone] = useState<string>();
  const invalidate = useInvalidateUsers();
  const create = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/users', {
          body: {
            username: form.username,
            displayName: form.displayName,
            roles,
            kind: form.kind,
            ...(form.kind === 'person' && form.password ? { password: form.password } : {}),
          },
        }),
      ),
    onSuccess: async (u) => {
      const pending = u.pendingGrants.flatMap((g) => g.roles);
      setDone(
        `Created ${u.displayName} (${u.username}) with ${rolesText(u.roles)}.` +
          (pending.length > 0 ? ` Waiting for a second administrator: ${rolesText(pending)}.` : '') +
          (form.kind === 'person' && form.password
            ? ' The password you set is temporary: they must choose their own when they first sign in.'
            : ''),
      );
      setForm(empty);
      setRoles([]);
      await invalidate();
    },
  });
  const set = (k: 'username' | 'displayName' | 'password') => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    create.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user</h2>
      <div className="inline">
        <Field label="Username" hint="a-z 0-9 . _ @ -">
          <input value={form.username} onChange={set('username')} required maxLength={64} autoComplete="off" />
        </Field>
        <Field label="Display name">
          <input value={form.displayName} onChange={set('displayName')} required maxLength={200} />
        </Field>
        <Field label="Account kind">
          <select
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as 'person' | 'machine' })}
          >
            <option value="person">Person</option>
            <option value="machine">Machine (API tokens only)</option>
          </select>
        </Field>
        {form.kind === 'person' && (
          <Field
            label="Temporary password"
            hint="they must replace it at first sign-in; leave empty for sign-in through the identity provider"
          >
            <input type="password" value={form.password} onChange={set('password')} autoComplete="new-password" />
          </Field>
        )}
      </div>
      <RoleChoices legend="Roles" value={roles} onChange={setRoles} />
      <ErrorMessage error={create.error ? describeError(create.error) : undefined} />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        Create user
      </button>
    </form>
  );
}
