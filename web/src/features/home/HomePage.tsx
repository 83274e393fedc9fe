/** The start page: a tile for each section the signed-in user's roles open. */
import { navItems } from '../../app/nav';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';

const blurbs: Record<string, string> = {
  '/gallery': 'Reference subjects and their images, with quality and provenance; enrol new subjects.',
  '/cases': 'Retrospective searches: cases, probes, enhancements, candidate leads and decisions.',
  '/deployments': 'Live deployments: drafts, watchlists, forecasts, authorisation, the deployment record.',
  '/operate': 'The live alert queue and camera status of a running deployment.',
  '/users': 'Accounts and roles, role grants waiting for a second administrator, passwords and API tokens.',
  '/assessments': 'Impact assessments and policy versions, signed bias reports, and the match threshold.',
  '/audit': 'The audit log with filters, and the integrity of its hash chain.',
  '/reports': 'The periodic report: alerts and false alerts over time, bias by group, outcomes, RFR hit rates.',
  '/models': 'The models in use and their model cards.',
};

export function HomePage() {
  const session = useSession();
  const items = navItems.filter((n) => session.can(n.permission));
  return (
    <section className="page">
      <h1>Welcome, {session.me?.user.displayName}</h1>
      {items.length === 0 ? (
        <p className="empty">Your account has no roles yet: ask an administrator to grant one.</p>
      ) : (
        <ul className="tiles">
          {items.map((n) => (
            <li key={n.to} className="card">
              <h2>
                <Link to={n.to}>{n.label}</Link>
              </h2>
              <p>{blurbs[n.to]}</p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/account">My account and API tokens</Link>
      </p>
    </section>
  );
}
