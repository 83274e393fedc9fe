/** Sign-in, and the first-run setup that creates the first administrator with the printed token. */
import { useState, type FormEvent } from 'react';
import { api, ok } from '../api/client';
import { useSession } from '../app/session';
import { ErrorMessage, Field, useAction } from '../app/ui';

export function LoginPage({ expired, oidc }: { expired: boolean; oidc: boolean }) {
  const session = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => session.signedIn(await ok(api.POST('/v1/auth/login', { body: { username, password } }))));
  };
  return (
    <main className="centre">
      <form className="card narrow" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Vigil</h1>
        {expired && (
          <p className="notice" role="status">
            Your session has ended. Sign in again.
          </p>
        )}
        <Field label="Username">
          <input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </Field>
        <Field label="Password">
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </Field>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {oidc && (
          <p>
            <a href="/v1/auth/oidc/start">Sign in with your organisation’s identity provider</a>
          </p>
        )}
      </form>
    </main>
  );
}

export function SetupPage() {
  const session = useSession();
  const [form, setForm] = useState({ token: '', username: '', displayName: '', password: '' });
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await ok(api.POST('/v1/setup', { body: form }));
      setDone(true);
      await session.refresh();
    });
  };
  return (
    <main className="centre">
      <form className="card narrow" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">First-run setup</h1>
        <p>
          No administrator exists yet. Enter the one-time setup token the server printed when it started, and the
          account of the first administrator.
        </p>
        <Field label="Setup token">
          <input value={form.token} onChange={set('token')} required autoComplete="off" />
        </Field>
        <Field label="Administrator username">
          <input value={form.username} onChange={set('username')} required autoComplete="username" />
        </Field>
        <Field label="Display name">
          <input value={form.displayName} onChange={set('displayName')} required />
        </Field>
        <Field label="Password">
          <input
            type="password"
            value={form.password}
            onChange={set('password')}
            required
            autoComplete="new-password"
          />
        </Field>
        <ErrorMessage error={error} />
        {done && <p role="status">Administrator created: sign in.</p>}
        <button type="submit" disabled={busy}>
          Create administrator
        </button>
      </form>
    </main>
  );
}

/**
 * Shown when the password was set by an administrator: until the user chooses their own, the API
 * refuses everything else (`password-change-required`), so the administrator who set it can never
 * use it to act as them.
 */
export function ChangePasswordPage() {
  const session = useSession();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', repeat: '' });
  const { busy, error, run } = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const mismatch = form.repeat !== '' && form.repeat !== form.newPassword;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    void run(async () => {
      const { currentPassword, newPassword } = form;
      await ok(api.POST('/v1/auth/password', { body: { currentPassword, newPassword } }));
      await session.refresh();
    });
  };
  return (
    <main className="centre">
      <form className="card narrow" onSubmit={submit} aria-labelledby="change-password-title">
        <h1 id="change-password-title">Choose a new password</h1>
        <p>
          An administrator set your password. Choose one only you know before you continue: at least 12 characters, not
          a sequence or a common word.
        </p>
        <Field label="Current password">
          <input
            type="password"
            autoComplete="current-password"
            value={form.currentPassword}
            onChange={set('currentPassword')}
            required
          />
        </Field>
        <Field label="New password">
          <input
            type="password"
            autoComplete="new-password"
            value={form.newPassword}
            onChange={set('newPassword')}
            required
          />
        </Field>
        <Field label="New password again">
          <input type="password" autoComplete="new-password" value={form.repeat} onChange={set('repeat')} required />
        </Field>
        {mismatch && (
          <p className="error" role="alert">
            The two new passwords differ.
          </p>
        )}
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy || mismatch}>
          Change password
        </button>
        <button type="button" className="secondary" onClick={() => void session.logout()}>
          Sign out
        </button>
      </form>
    </main>
  );
}
