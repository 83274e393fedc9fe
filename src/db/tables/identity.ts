/**
 * Tables of the identity module, merged into VigilSchema: local and OpenID Connect users, browser
 * sessions, API tokens for machines, the one-time setup token, pending OpenID Connect logins, and
 * role grants waiting for a second administrator.
 * Secrets are never stored as such: sessions, API tokens, setup tokens and OIDC states are kept as
 * SHA-256 hashes of high-entropy random values, passwords as scrypt hashes.
 */
import type { Selectable } from 'kysely';

export interface UsersTable {
  id: string;
  /** Lower-case; unique; what the audit log names as the actor. */
  username: string;
  display_name: string;
  /** Encoded scrypt hash with its parameters (see password.ts); null for OIDC-only or machine users. */
  password_hash: string | null;
  /** JSON array of Role. */
  roles_json: string;
  /** OpenID Connect link: issuer and subject, unique as a pair; null until linked. */
  oidc_issuer: string | null;
  oidc_subject: string | null;
  /** Consecutive failed password logins. */
  failed_attempts: number;
  /** ISO time until which password login is refused; null when not locked. */
  locked_until: string | null;
  /** 0 or 1. */
  disabled: number;
  created_at: string;
  /** Username of the administrator who created it, or `setup`. */
  created_by: string;
  /** A person signs in; a machine (no password, no OIDC link, ever) uses API tokens an administrator issues. */
  kind: UserKind;
  /** 1 when the password was set by an administrator: its session may only choose a new one. */
  must_change_password: number;
}

export type UserKind = 'person' | 'machine';

/** A request to give a user roles that reach biometric data: it waits for a second administrator. */
export interface RoleGrantsTable {
  id: string;
  user_id: string;
  /** JSON array of the Role being added. */
  roles_json: string;
  status: RoleGrantStatus;
  /** Username and id of the administrator who asked. */
  requested_by: string;
  requested_by_id: string;
  requested_at: string;
  /** The other administrator who approved or refused; null while pending. */
  decided_by: string | null;
  decided_at: string | null;
  /** Why it was refused (optional). */
  reason: string | null;
}

export type RoleGrantStatus = 'pending' | 'approved' | 'refused';

export interface SessionsTable {
  /** SHA-256 (hex) of the random session id held in the cookie. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  absolute_expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 (hex) of the whole bearer token. */
  token_hash: string;
  created_at: string;
  created_by: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** An OpenID Connect login between /start and /callback: single use, short-lived. */
export interface OidcLoginsTable {
  /** SHA-256 (hex) of the `state` parameter. */
  state_hash: string;
  nonce: string;
  code_verifier: string;
  /** SHA-256 (hex) of the value in the browser-binding cookie set by /start. */
  binding_hash: string;
  created_at: string;
  expires_at: string;
}

export interface IdentityTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  setup_tokens: SetupTokensTable;
  oidc_logins: OidcLoginsTable;
  role_grants: RoleGrantsTable;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type SetupTokenRow = Selectable<SetupTokensTable>;
export type OidcLoginRow = Selectable<OidcLoginsTable>;
export type RoleGrantRow = Selectable<RoleGrantsTable>;
