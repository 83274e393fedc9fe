import type { Permission } from '../api/client';

interface NavItem {
  readonly to: string;
  readonly label: string;
  readonly permission: Permission;
}

/** Each section appears only for users whose role grants its permission. */
export const navItems: readonly NavItem[] = [
  { to: '/gallery', label: 'Gallery', permission: 'gallery:read' },
  { to: '/cases', label: 'Investigations', permission: 'cases:read' },
  { to: '/deployments', label: 'Deployments', permission: 'deployments:read' },
  { to: '/operate', label: 'Operator', permission: 'alerts:read' },
  { to: '/users', label: 'Users', permission: 'users:admin' },
  { to: '/assessments', label: 'Assessments', permission: 'assessments:read' },
  { to: '/audit', label: 'Audit', permission: 'audit:read' },
  { to: '/reports', label: 'Reports', permission: 'reports:read' },
  { to: '/models', label: 'Models', permission: 'models:read' },
];
