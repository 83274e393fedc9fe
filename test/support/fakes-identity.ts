/**
 * In-memory identity repositories for the unit tier (`*.spec.ts`): the same methods as
 * IdentityRepository and RoleGrantsRepository over arrays, the `Queryable` ignored. With a manual
 * clock and a recording audit they run the identity use cases with no database.
 */
import type { Kysely, Updateable } from 'kysely';
import type { VigilSchema } from '../../src/db/schema.ts';
import type {
  ApiTokenRow,
  OidcLoginRow,
  RoleGrantRow,
  RoleGrantStatus,
  SessionRow,
  SetupTokenRow,
  UserRow,
  UsersTable,
} from '../../src/db/tables/identity.ts';
import type {
  IdentityStore,
  ResolvedIdentityDeps,
  RoleGrantStore,
} from '../../src/governance/identity/identity.deps.ts';
import { identityConfig } from '../../src/governance/identity/identity.config.ts';
import { encodeRoles } from '../../src/governance/identity/policy.ts';
import type { Role } from '../../src/governance/roles.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { fakeUnitOfWork, recordingAudit } from './fakes.ts';

export class MemoryIdentityRepository implements IdentityStore {
  readonly users: UserRow[] = [];
  readonly sessions: SessionRow[] = [];
  readonly tokens: ApiTokenRow[] = [];
  readonly setupTokens: SetupTokenRow[] = [];
  readonly oidcLogins: OidcLoginRow[] = [];

  async insertUser(_q: unknown, row: UserRow): Promise<void> {
    this.users.push({ ...row });
  }
  async findUser(_q: unknown, id: string): Promise<UserRow | undefined> {
    return this.copy(this.users.find((u) => u.id === id));
  }
  async findUserByUsername(_q: unknown, username: string): Promise<UserRow | undefined> {
    return this.copy(this.users.find((u) => u.username === username));
  }
  async findUserByOidc(_q: unknown, issuer: string, subject: string): Promise<UserRow | undefined> {
    return this.copy(this.users.find((u) => u.oidc_issuer === issuer && u.oidc_subject === subject));
  }
  async listUsers(): Promise<UserRow[]> {
    return [...this.users].sort((a, b) => a.username.localeCompare(b.username)).map((u) => ({ ...u }));
  }
  async countOtherActiveAdministrators(_q: unknown, exceptIds: readonly string[] = []): Promise<number> {
    return this.users.filter(
      (u) => u.disabled === 0 && u.roles_json.includes('"administrator"') && !exceptIds.includes(u.id),
    ).length;
  }
  async updateUser(_q: unknown, id: string, patch: Updateable<UsersTable>): Promise<number> {
    const user = this.users.find((u) => u.id === id);
    if (!user) return 0;
    Object.assign(user, patch);
    return 1;
  }
  async recordFailure(
    _q: unknown,
    id: string,
    now: string,
  ): Promise<Pick<UserRow, 'failed_attempts' | 'locked_until'> | undefined> {
    const user = this.users.find((u) => u.id === id);
    if (!user) return undefined;
    const expired = user.locked_until !== null && user.locked_until <= now;
    user.failed_attempts = expired ? 1 : user.failed_attempts + 1;
    if (expired) user.locked_until = null;
    return { failed_attempts: user.failed_attempts, locked_until: user.locked_until };
  }
  async lock(_q: unknown, id: string, until: string): Promise<boolean> {
    const user = this.users.find((u) => u.id === id && u.locked_until === null);
    if (user) user.locked_until = until;
    return user !== undefined;
  }
  async linkOidc(_q: unknown, id: string, issuer: string, subject: string): Promise<boolean> {
    const user = this.users.find((u) => u.id === id && u.oidc_subject === null);
    if (user) Object.assign(user, { oidc_issuer: issuer, oidc_subject: subject });
    return user !== undefined;
  }
  async insertSession(_q: unknown, row: SessionRow): Promise<void> {
    this.sessions.push({ ...row });
  }
  async findSession(_q: unknown, idHash: string): Promise<SessionRow | undefined> {
    return this.copy(this.sessions.find((s) => s.id_hash === idHash));
  }
  async touchSession(_q: unknown, idHash: string, now: string): Promise<void> {
    for (const s of this.sessions) if (s.id_hash === idHash) s.last_seen_at = now;
  }
  async deleteSession(_q: unknown, idHash: string): Promise<number> {
    return this.remove(this.sessions, (s) => s.id_hash === idHash);
  }
  async deleteSessionsOf(_q: unknown, userId: string): Promise<number> {
    return this.remove(this.sessions, (s) => s.user_id === userId);
  }
  async deleteOtherSessionsOf(_q: unknown, userId: string, keepIdHash?: string): Promise<number> {
    return this.remove(this.sessions, (s) => s.user_id === userId && s.id_hash !== keepIdHash);
  }
  async purgeSessions(_q: unknown, now: string, idleCutoff: string): Promise<number> {
    return this.remove(this.sessions, (s) => s.absolute_expires_at <= now || s.last_seen_at <= idleCutoff);
  }
  async insertToken(_q: unknown, row: ApiTokenRow): Promise<void> {
    this.tokens.push({ ...row });
  }
  async findTokenByHash(_q: unknown, tokenHash: string): Promise<ApiTokenRow | undefined> {
    return this.copy(this.tokens.find((t) => t.token_hash === tokenHash));
  }
  async tokensOf(_q: unknown, userId: string): Promise<ApiTokenRow[]> {
    return this.tokens.filter((t) => t.user_id === userId).map((t) => ({ ...t }));
  }
  async revokeToken(_q: unknown, userId: string, tokenId: string, now: string): Promise<number> {
    const token = this.tokens.find((t) => t.id === tokenId && t.user_id === userId && t.revoked_at === null);
    if (token) token.revoked_at = now;
    return token ? 1 : 0;
  }
  async touchToken(_q: unknown, id: string, now: string): Promise<void> {
    for (const t of this.tokens) if (t.id === id) t.last_used_at = now;
  }
  async insertSetupToken(_q: unknown, row: SetupTokenRow): Promise<void> {
    this.setupTokens.push({ ...row });
  }
  async findSetupToken(_q: unknown, tokenHash: string): Promise<SetupTokenRow | undefined> {
    return this.copy(this.setupTokens.find((t) => t.token_hash === tokenHash));
  }
  async consumeSetupToken(_q: unknown, tokenHash: string, now: string): Promise<number> {
    const token = this.setupTokens.find((t) => t.token_hash === tokenHash && t.used_at === null);
    if (token) token.used_at = now;
    return token ? 1 : 0;
  }
  async deleteUnusedSetupTokens(): Promise<number> {
    return this.remove(this.setupTokens, (t) => t.used_at === null);
  }
  async insertOidcLogin(_q: unknown, row: OidcLoginRow): Promise<void> {
    this.oidcLogins.push({ ...row });
  }
  async takeOidcLogin(_q: unknown, stateHash: string): Promise<OidcLoginRow | undefined> {
    const row = this.oidcLogins.find((l) => l.state_hash === stateHash);
    if (row) this.remove(this.oidcLogins, (l) => l === row);
    return row;
  }
  async purgeOidcLogins(_q: unknown, now: string): Promise<void> {
    this.remove(this.oidcLogins, (l) => l.expires_at <= now);
  }

  private copy<T extends object>(row: T | undefined): T | undefined {
    return row ? { ...row } : undefined;
  }
  private remove<T>(rows: T[], match: (row: T) => boolean): number {
    const before = rows.length;
    for (let i = rows.length - 1; i >= 0; i--) if (match(rows[i]!)) rows.splice(i, 1);
    return before - rows.length;
  }
}

export class MemoryRoleGrantsRepository implements RoleGrantStore {
  readonly grants: RoleGrantRow[] = [];

  async insert(_q: unknown, row: RoleGrantRow): Promise<void> {
    this.grants.push({ ...row });
  }
  async find(_q: unknown, id: string): Promise<RoleGrantRow | undefined> {
    const g = this.grants.find((r) => r.id === id);
    return g ? { ...g } : undefined;
  }
  async pending(_q: unknown, userId?: string): Promise<RoleGrantRow[]> {
    return this.grants
      .filter((g) => g.status === 'pending' && (!userId || g.user_id === userId))
      .map((g) => ({ ...g }));
  }
  async decide(
    _q: unknown,
    id: string,
    status: Exclude<RoleGrantStatus, 'pending'>,
    decidedBy: string,
    decidedAt: string,
    reason: string | null,
  ): Promise<number> {
    const g = this.grants.find((r) => r.id === id && r.status === 'pending');
    if (g) Object.assign(g, { status, decided_by: decidedBy, decided_at: decidedAt, reason });
    return g ? 1 : 0;
  }
}

/** Resolved identity deps over in-memory repositories, a manual clock and a recording audit. */
export function memoryIdentity(start = '2030-01-01T09:00:00.000Z') {
  const users = new MemoryIdentityRepository();
  const grants = new MemoryRoleGrantsRepository();
  const clock = manualClock(start);
  const audit = recordingAudit();
  const deps: ResolvedIdentityDeps = {
    // Never reached: every read and write goes through the in-memory repositories.
    db: {} as Kysely<VigilSchema>,
    config: identityConfig(),
    clock,
    audit: (q, entry) => audit.append(q, entry),
    scrypt: { ln: 10, r: 8, p: 1 },
    unitOfWork: fakeUnitOfWork,
    repository: users,
    grantsRepository: grants,
  };
  /** A user stored directly (no audit), holding `roles` at once. */
  const addUser = (username: string, roles: Role[], o: Partial<UserRow> = {}): UserRow => {
    const row: UserRow = {
      id: `id-${username}`,
      username,
      display_name: username,
      password_hash: null,
      roles_json: encodeRoles(roles),
      oidc_issuer: null,
      oidc_subject: null,
      failed_attempts: 0,
      locked_until: null,
      disabled: 0,
      created_at: clock.nowIso(),
      created_by: 'seed',
      kind: 'person',
      must_change_password: 0,
      ...o,
    };
    users.users.push(row);
    return row;
  };
  return { deps, users, grants, clock, audit, addUser };
}
