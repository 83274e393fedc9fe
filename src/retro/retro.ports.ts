/**
 * What the retrospective-search use cases need from other domains (issue 16), as small injected
 * ports the composition root (app/services.ts) fills: governance's permission check and its user
 * accounts. Retro's own repositories are injected beside them; nothing here reaches into another
 * domain's tables.
 */
import type { Accessor } from '../governance/authorise.ts';
import type { Permission } from '../governance/permissions.ts';

/**
 * Refuses (and records, as governance's `authorise` does) `who` without `permission` (R30);
 * resolves when they hold it.
 */
export type Authorise = (
  who: Accessor,
  permission: Permission,
  target?: { readonly type: string; readonly id: string },
) => Promise<void>;

/** The user accounts retro names: members of a case, and those who decided on a candidate. */
export interface RetroUsers {
  /** The account of `username`, if there is one: only an enabled account may join a case. */
  account(username: string): Promise<{ readonly disabled: boolean } | undefined>;
  /** Display names by username; those without an account are absent. */
  displayNames(usernames: readonly string[]): Promise<ReadonlyMap<string, string>>;
}
