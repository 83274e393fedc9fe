/** My account (every signed-in user): who I am, my roles, and my own API tokens for the command line. */
import { roleLabel } from '../../app/labels';
import { useSession } from '../../app/session';
import '../admin.css';
import { MyTokens } from './TokenList';

export function AccountPage() {
  const { me } = useSession();
  if (!me) return null;
  return (
    <section className="page">
      <h1>My account</h1>
      <section className="card" aria-labelledby="me-title">
        <h2 id="me-title">{me.user.displayName}</h2>
        <dl className="facts">
          <dt>Username</dt>
          <dd>{me.user.username}</dd>
          <dt>Roles</dt>
          <dd>
            <ul className="chips">
              {me.roles.length === 0 && <li className="muted">No roles yet: ask an administrator.</li>}
              {me.roles.map((r) => (
                <li key={r} className="chip">
                  {roleLabel(r)}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="my-tokens-title">
        <h2 id="my-tokens-title">My API tokens</h2>
        <p className="muted">
          The command line acts as you with one of these. Issue one per machine you use, and revoke it when that machine
          is gone. A token can only be issued from a signed-in browser session.
        </p>
        <MyTokens />
      </section>
    </section>
  );
}
