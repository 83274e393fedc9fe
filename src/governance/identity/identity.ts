/**
 * The identity module assembled from its dependencies: password and session authentication,
 * user administration, first-start setup, and OpenID Connect when configured. The server builds
 * one of these and hands it to the HTTP plugin and routes.
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../db/schema.ts';
import { AuthService } from './auth.service.ts';
import type { IdentityConfig } from './identity.config.ts';
import { resolveIdentityDeps, type IdentityDeps } from './identity.deps.ts';
import type { UserRow } from '../../db/tables/identity.ts';
import { OidcLogin } from './oidc.ts';
import { completeSetup, ensureSetupToken, setupRequired, type FirstAdministrator, type SetupToken } from './setup.ts';
import { UserAdminService } from './users.service.ts';

export interface SetupUseCases {
  required(): Promise<boolean>;
  complete(input: FirstAdministrator): Promise<UserRow>;
  /** A fresh setup token to print while no administrator exists, else null. */
  ensureToken(): Promise<SetupToken | null>;
}

export interface Identity {
  readonly db: Kysely<VigilSchema>;
  readonly config: IdentityConfig;
  readonly auth: AuthService;
  readonly users: UserAdminService;
  readonly setup: SetupUseCases;
  /** Present when `config.oidc` is set. */
  readonly oidc?: OidcLogin;
}

export interface OpenIdentityOptions extends IdentityDeps {
  /** For the OpenID Connect client; default the global fetch. */
  readonly fetch?: typeof fetch;
}

/** Builds the identity use cases over one set of resolved dependencies (repositories, clock, audit). */
export function openIdentity(o: OpenIdentityOptions): Identity {
  const d = resolveIdentityDeps(o);
  const auth = new AuthService(d);
  const { db, ...deps } = d;
  return {
    db,
    config: o.config,
    auth,
    users: new UserAdminService(d),
    setup: {
      required: () => setupRequired(db, deps),
      complete: (input) => completeSetup(db, input, deps),
      ensureToken: () => ensureSetupToken(db, deps),
    },
    ...(o.config.oidc
      ? { oidc: new OidcLogin({ ...d, ...(o.fetch ? { fetch: o.fetch } : {}), oidc: o.config.oidc, auth }) }
      : {}),
  };
}
