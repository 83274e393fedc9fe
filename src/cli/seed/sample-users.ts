/**
 * The sample instance's users (`vigil seed`): one for each role, made through the identity use
 * cases (users.service.ts) with the seed as the actor `local:<os user>`, each with a one-time
 * password that must be changed at first sign-in (must_change_password).
 *
 * The two-person rule (R30; issue 12) holds the roles that reach biometric data back until a second
 * administrator approves them. A fresh instance has no second administrator, and making one up to
 * approve in its name would put an act in the audit log that no person performed. So the seed
 * approves those sample grants itself, as `local:<os user>`, in one transaction that records each
 * approval (`user.role-grant-approved`, requested and approved by the same local actor, marked
 * `sample: true` with the waiver spelled out) and the whole act (`seed.users-created`). An auditor
 * reads exactly what happened: sample users whose roles nobody but the seed's operator approved.
 */
import { randomInt } from 'node:crypto';
import { appendAudit } from '../../governance/audit/audit-log.ts';
import type { Identity } from '../../governance/identity/identity.ts';
import { identityRepository } from '../../governance/identity/identity.repository.ts';
import { passwordProblems } from '../../governance/identity/password-policy.ts';
import { encodeRoles, parseRoles } from '../../governance/identity/policy.ts';
import { roleGrantsRepository } from '../../governance/identity/role-grants.repository.ts';
import type { Actor } from '../../governance/identity/role-grants.service.ts';
import { roles as allRoles, type Role } from '../../governance/roles.ts';
import { DomainError } from '../../shared/domain-error.ts';

export interface SampleUserSpec {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** What the role is for, for the printed table. */
  readonly does: string;
}

/** One user for each role, the administrator first (the only role granted without a second approval). */
export const sampleUserSpecs: readonly SampleUserSpec[] = [
  { username: 'sample-admin', displayName: 'Sample Administrator', role: 'administrator', does: 'users, settings' },
  {
    username: 'sample-planner',
    displayName: 'Sample Watchlist Manager',
    role: 'watchlist-manager',
    does: 'gallery, watchlists, drafts deployments',
  },
  {
    username: 'sample-authoriser',
    displayName: 'Sample Authorising Officer',
    role: 'authorising-officer',
    does: 'authorises deployments',
  },
  { username: 'sample-operator', displayName: 'Sample Operator', role: 'operator', does: 'runs cameras, adjudicates' },
  {
    username: 'sample-engagement',
    displayName: 'Sample Engagement Officer',
    role: 'engagement-officer',
    does: 'records engagements',
  },
  {
    username: 'sample-investigator',
    displayName: 'Sample Investigator',
    role: 'investigator',
    does: 'cases and searches (RFR)',
  },
  {
    username: 'sample-supervisor',
    displayName: 'Sample RFR Supervisor',
    role: 'rfr-supervisor',
    does: 'oversees searches',
  },
  { username: 'sample-auditor', displayName: 'Sample Auditor', role: 'auditor', does: 'audit log, reports' },
];

// Every role has its sample user (a new role in roles.ts must be added above).
for (const role of allRoles) {
  if (!sampleUserSpecs.some((s) => s.role === role)) throw new Error(`vigil seed: no sample user for the role ${role}`);
}

export interface SampleUser extends SampleUserSpec {
  readonly id: string;
  /** One-time: printed once, never stored in clear; it must be changed at first sign-in. */
  readonly password: string;
}

/** Letters and digits that cannot be misread for one another (no 0/o, 1/l/i). */
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random password that meets the policy: four groups of four (about 79 bits). */
export function oneTimePassword(username: string): string {
  for (;;) {
    const chars = Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]!).join('');
    const pw = chars.match(/.{4}/g)!.join('-');
    if (passwordProblems(pw, username).length === 0) return pw;
  }
}

/**
 * Creates the sample users through the identity use cases, then approves the grants they left
 * pending as the seed's explicit, audited sample-data act (see the header).
 */
export async function createSampleUsers(identity: Identity, actor: Actor): Promise<SampleUser[]> {
  const made: SampleUser[] = [];
  for (const spec of sampleUserSpecs) {
    const password = oneTimePassword(spec.username);
    const { user } = await identity.users.create(
      { username: spec.username, displayName: spec.displayName, roles: [spec.role], password },
      actor,
    );
    made.push({ ...spec, id: user.id, password });
  }
  await identity.db.transaction().execute(async (trx) => {
    const ours = new Set(made.map((u) => u.id));
    const pending = (await roleGrantsRepository.pending(trx)).filter((g) => ours.has(g.user_id));
    const now = new Date().toISOString();
    const waiver =
      'two-person rule waived for sample data: vigil seed made these users on a fresh instance, where no second ' +
      'administrator exists; it is the operator who ran it who approved';
    for (const grant of pending) {
      if (grant.requested_by_id !== actor.userId) continue; // not the seed's request: left for an administrator
      const user = await identityRepository.findUser(trx, grant.user_id);
      if (!user) throw new DomainError('not-found', 'user-not-found', `no user ${grant.user_id}`);
      if ((await roleGrantsRepository.decide(trx, grant.id, 'approved', actor.username, now, waiver)) !== 1) {
        throw new DomainError('conflict', 'grant-decided', 'a sample grant was decided meanwhile');
      }
      const before = parseRoles(user.roles_json);
      const requested = parseRoles(grant.roles_json);
      const after = allRoles.filter((r) => before.includes(r) || requested.includes(r));
      await identityRepository.updateUser(trx, user.id, { roles_json: encodeRoles(after) });
      await appendAudit(trx, {
        actor: actor.username,
        action: 'user.role-grant-approved',
        target: { type: 'user', id: user.id },
        details: {
          grant: grant.id,
          username: user.username,
          roles: requested,
          requestedBy: grant.requested_by,
          rolesBefore: before,
          rolesAfter: after,
          sample: true,
          reason: waiver,
        },
      });
    }
    await appendAudit(trx, {
      actor: actor.username,
      action: 'seed.users-created',
      details: {
        sample: true,
        users: made.map((u) => ({ username: u.username, roles: [u.role] })),
        grantsApproved: pending.length,
        mustChangePassword: true,
        note: waiver,
      },
    });
  });
  return made;
}
