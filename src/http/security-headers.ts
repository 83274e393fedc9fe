/**
 * Security headers on every response, through @fastify/helmet (issue 15): a Content Security
 * Policy for a console served from the same origin, no framing, no MIME sniffing, no referrer
 * across origins, cross-origin isolation of windows and resources, HSTS when served over https;
 * and, Vigil's own rule, no caching of API answers unless a route says otherwise. The rate limits
 * are in rate-limits.ts.
 */
import helmet from '@fastify/helmet';
import type { FastifyPluginAsync } from 'fastify';

/** Everything from this origin only; images may also be data: and blob: URLs (crops shown in the console). */
export const defaultContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface SecurityHeadersOptions {
  /** Send Strict-Transport-Security: on when Vigil is reached over https (Secure cookies on). */
  readonly hsts: boolean;
  readonly contentSecurityPolicy?: string;
}

/** A policy string as helmet's directives: `default-src 'self'; img-src 'self' data:` -> { 'default-src': ["'self'"], ... }. */
export function cspDirectives(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const directive of policy.split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

async function securityHeadersPlugin(
  app: Parameters<FastifyPluginAsync<SecurityHeadersOptions>>[0],
  o: SecurityHeadersOptions,
): Promise<void> {
  await app.register(helmet, {
    // Exactly this policy: helmet's defaults (upgrade-insecure-requests and others) are not merged in.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: cspDirectives(o.contentSecurityPolicy ?? defaultContentSecurityPolicy),
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: o.hsts ? { maxAge: 31_536_000, includeSubDomains: true, preload: false } : false,
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    // API answers are personal and often sensitive: never cached unless a route says otherwise.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

/** `app.register(securityHeaders, { hsts })` on the root instance: applies to every response, errors and 404s included. */
export const securityHeaders: FastifyPluginAsync<SecurityHeadersOptions> = Object.assign(securityHeadersPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'vigil-security-headers',
});
