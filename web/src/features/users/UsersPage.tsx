/**
 * Users and roles (users:admin): every account with its roles and state, role grants waiting for a
 * second administrator, creating a user, and one user's administration beside the list.
 */
import { useState } from 'react';
import { roleLabel } from '../../app/labels';
import { loadedFrom } from '../../app/loaded';
import { useSession } from '../../app/session';
import { Resource } from '../../app/ui';
import '../admin.css';
import { CreateUser } from './CreateUser';
import { GrantsPanel } from './GrantsPanel';
import { accountState, kindLabels } from './labels';
import { useGrants, useUsers } from './queries';
import { UserDetail } from './UserDetail';

export function UsersPage() {
  const users = useUsers();
  const grants = useGrants();
  const { me } = useSession();
  const [selected, setSelected] = useState<string | null>(null);
  const pendingFor = (id: string) => (grants.data ?? []).filter((g) => g.userId === id).flatMap((g) => g.roles);
  const chosen = users.data?.find((u) => u.id === selected);
  return (
    <section className="page">
      <h1>Users and roles</h1>
      <GrantsPanel />
      <div className="two-cols">
        <section className="card" aria-labelledby="users-title">
          <h2 id="users-title">Users</h2>
          <Resource loaded={loadedFrom(users)} isEmpty={(l) => l.length === 0} empty="No users yet.">
            {(list) => (
              <table data-testid="users">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Roles</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((u) => {
                    const state = accountState(u);
                    const pending = pendingFor(u.id);
                    return (
                      <tr key={u.id} className={u.id === selected ? 'selected' : undefined}>
                        <th scope="row">
                          <button
                            type="button"
                            className="linklike"
                            aria-pressed={u.id === selected}
                            onClick={() => setSelected(u.id === selected ? null : u.id)}
                          >
                            {u.displayName}
                          </button>
                          <div className="hint">
                            {u.username}
                            {u.id === me?.user.id ? ' (you)' : ''}
                            {u.kind === 'machine' ? ` · ${kindLabels.machine}` : ''}
                          </div>
                        </th>
                        <td>
                          <ul className="chips" aria-label={`Roles of ${u.displayName}`}>
                            {u.roles.length === 0 && pending.length === 0 && <li className="muted">No roles</li>}
                            {u.roles.map((r) => (
                              <li key={r} className="chip">
                                {roleLabel(r)}
                              </li>
                            ))}
                            {pending.map((r) => (
                              <li key={`p-${r}`} className="chip pending">
                                {roleLabel(r)} (awaiting approval)
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td>
                          <span className={`chip tone-${state.tone}`}>{state.text}</span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </Resource>
        </section>
        <div>
          {chosen ? (
            <UserDetail key={chosen.id} user={chosen} />
          ) : (
            <p className="card muted">Choose a user to change their roles, password, account or tokens.</p>
          )}
        </div>
      </div>
      <CreateUser />
    </section>
  );
}
