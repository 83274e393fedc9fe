/**
 * What each route needs. Every route declares one permission in its route config
 * (`config: { permission: 'faces:detect' }`); building the app fails if one does not. An
 * `onRequest` hook reads `request.routeOptions.config.permission` and refuses callers who lack it,
 * so authorisation is attached in one place and a new route cannot forget it. The permission also
 * appears in the OpenAPI document as `x-permission` on each operation.
 */
import type { RouteOptions } from 'fastify';
import { permissions, type Permission } from '../governance/permissions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
  }
}

export class MissingPermissionError extends Error {
  constructor(method: string, url: string) {
    super(`route ${method} ${url} declares no permission in its config`);
    this.name = 'MissingPermissionError';
  }
}

function isPermission(value: unknown): value is Permission {
  return (permissions as readonly unknown[]).includes(value);
}

/** For an `onRoute` hook: refuses a route without a known permission. HEAD twins of GET routes inherit it. */
export function assertPermissionDeclared(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): void {
  const permission = (route.config as { permission?: unknown } | undefined)?.permission;
  if (!isPermission(permission)) {
    throw new MissingPermissionError(
      Array.isArray(route.method) ? route.method.join(',') : String(route.method),
      route.url,
    );
  }
}
