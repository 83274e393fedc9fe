/** The shell: sign-in and first-run setup, navigation by permission, the API-down banner, the pages. */
import type { ReactNode } from 'react';
import type { Permission } from '../api/client';
import { AuditPage } from '../features/audit/AuditPage';
import { CasesPage } from '../features/cases/CasesPage';
import { CaseWorkspacePage } from '../features/cases/CaseWorkspacePage';
import { DeploymentPage } from '../features/deployments/DeploymentPage';
import { DeploymentsPage } from '../features/deployments/DeploymentsPage';
import { GalleryPage } from '../features/gallery/GalleryPage';
import { SubjectPage } from '../features/gallery/SubjectPage';
import { HomePage } from '../features/home/HomePage';
import { ChangePasswordPage, LoginPage, SetupPage } from '../pages/Login';
import { ModelsPage } from '../features/models/ModelsPage';
import { OperatePage } from '../pages/Operate';
import { ReportsPage } from '../features/reports/ReportsPage';
import { AccountPage } from '../features/users/AccountPage';
import { UsersPage } from '../features/users/UsersPage';
import { AssessmentsPage } from '../features/assessments/AssessmentsPage';
import { AuditChainBanner } from './AuditChainBanner';
import { roleLabel } from './labels';
import { navItems } from './nav';
import { Link, match, RouterProvider, useRouter } from './router';
import { SessionProvider, useSession } from './session';
import { ApiDownBanner, Forbidden } from './ui';

interface Route {
  readonly pattern: string;
  readonly permission: Permission;
  readonly what: string;
  readonly render: (params: Record<string, string>) => ReactNode;
}

const routes: readonly Route[] = [
  { pattern: '/', permission: 'authenticated', what: 'use the console', render: () => <HomePage /> },
  { pattern: '/gallery', permission: 'gallery:read', what: 'see the gallery', render: () => <GalleryPage /> },
  {
    pattern: '/gallery/:id',
    permission: 'gallery:read',
    what: 'see the gallery',
    render: (p) => <SubjectPage id={p['id']!} />,
  },
  { pattern: '/cases', permission: 'cases:read', what: 'see cases', render: () => <CasesPage /> },
  {
    pattern: '/cases/:id',
    permission: 'cases:read',
    what: 'see cases',
    render: (p) => <CaseWorkspacePage id={p['id']!} />,
  },
  {
    pattern: '/deployments',
    permission: 'deployments:read',
    what: 'see deployments',
    render: () => <DeploymentsPage />,
  },
  {
    pattern: '/deployments/:id',
    permission: 'deployments:read',
    what: 'see deployments',
    render: (p) => <DeploymentPage id={p['id']!} />,
  },
  { pattern: '/operate', permission: 'alerts:read', what: 'watch live alerts', render: () => <OperatePage /> },
  {
    pattern: '/operate/:id',
    permission: 'alerts:read',
    what: 'watch live alerts',
    render: (p) => <OperatePage id={p['id']!} />,
  },
  { pattern: '/users', permission: 'users:admin', what: 'administer users', render: () => <UsersPage /> },
  {
    pattern: '/assessments',
    permission: 'assessments:read',
    what: 'see assessments, bias reports and thresholds',
    render: () => <AssessmentsPage />,
  },
  { pattern: '/account', permission: 'authenticated', what: 'see your account', render: () => <AccountPage /> },
  { pattern: '/audit', permission: 'audit:read', what: 'read the audit log', render: () => <AuditPage /> },
  { pattern: '/reports', permission: 'reports:read', what: 'read the periodic report', render: () => <ReportsPage /> },
  { pattern: '/models', permission: 'models:read', what: 'see the models', render: () => <ModelsPage /> },
];

function Shell() {
  const session = useSession();
  const { path } = useRouter();
  const { state } = session;

  if (state.kind === 'loading') {
    return (
      <main className="centre">
        <p className="muted">Loading Vigil…</p>
      </main>
    );
  }
  if (state.kind === 'unreachable') {
    return (
      <main className="centre">
        <section className="card narrow" role="alert">
          <h1>Vigil</h1>
          <p className="error">{state.message}</p>
          <button type="button" onClick={() => void session.refresh()}>
            Try again
          </button>
        </section>
      </main>
    );
  }
  if (state.kind === 'signed-out') {
    return state.setupRequired ? <SetupPage /> : <LoginPage expired={state.expired} oidc={state.oidc} />;
  }

  const me = state.me;
  if (me.passwordChangeRequired) return <ChangePasswordPage />;
  let page: ReactNode = (
    <section className="page">
      <h1>Page not found</h1>
      <p className="empty">
        There is no page at {path}. <Link to="/">Back to the start</Link>.
      </p>
    </section>
  );
  for (const r of routes) {
    const params = match(r.pattern, path);
    if (!params) continue;
    page = session.can(r.permission) ? r.render(params) : <Forbidden what={r.what} />;
    break;
  }

  return (
    <div className="layout">
      <header className="topbar">
        <a className="skip" href="#main">
          Skip to content
        </a>
        <Link to="/" className="brand">
          Vigil
        </Link>
        <nav aria-label="Main">
          <ul>
            {navItems
              .filter((n) => session.can(n.permission))
              .map((n) => (
                <li key={n.to}>
                  <Link to={n.to} aria-current={path === n.to || path.startsWith(`${n.to}/`) ? 'page' : undefined}>
                    {n.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="user">
          <Link to="/account" className="account-link" aria-current={path === '/account' ? 'page' : undefined}>
            {me.user.displayName} <span className="muted">({me.roles.map(roleLabel).join(', ') || 'no roles'})</span>
          </Link>
          <button type="button" className="secondary" onClick={() => void session.logout()}>
            Sign out
          </button>
        </div>
      </header>
      <AuditChainBanner />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <ApiDownBanner />
        <Shell />
      </SessionProvider>
    </RouterProvider>
  );
}
