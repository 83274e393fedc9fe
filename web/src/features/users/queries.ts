/** Server state of user administration: the query keys, and what each change invalidates. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../api/client';

export type User = Schemas['User'];
export type RoleGrant = Schemas['RoleGrant'];
export type ApiToken = Schemas['ApiToken'];

export const userKeys = {
  all: ['users'] as const,
  list: ['users', 'list'] as const,
  grants: ['users', 'grants'] as const,
  tokens: (id: string) => ['users', 'tokens', id] as const,
  mine: ['me', 'tokens'] as const,
};

export const useUsers = () =>
  useQuery({ queryKey: userKeys.list, queryFn: async () => (await ok(api.GET('/v1/users'))).users });

export const useGrants = () =>
  useQuery({ queryKey: userKeys.grants, queryFn: async () => (await ok(api.GET('/v1/users/grants'))).grants });

export const useUserTokens = (id: string) =>
  useQuery({
    queryKey: userKeys.tokens(id),
    queryFn: async () => (await ok(api.GET('/v1/users/{id}/tokens', { params: { path: { id } } }))).tokens,
  });

export const useMyTokens = () =>
  useQuery({ queryKey: userKeys.mine, queryFn: async () => (await ok(api.GET('/v1/me/tokens'))).tokens });

/** After any change to users or grants: the list, the grants and the tokens shown are read again. */
export function useInvalidateUsers(): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: userKeys.all });
}

/** Display names by username and by id, for the grants list and the audit of who asked. */
export function namesOf(users: readonly User[] | undefined) {
  const byUsername = new Map((users ?? []).map((u) => [u.username, u.displayName]));
  const byId = new Map((users ?? []).map((u) => [u.id, u]));
  return {
    byUsername: (username: string | null) => (username ? (byUsername.get(username) ?? username) : '—'),
    byId: (id: string) => byId.get(id),
  };
}
