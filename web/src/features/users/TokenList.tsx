/**
 * API tokens: an administrator's view of a user's tokens (revoke; issue only for a machine
 * account: a token for another person would let the administrator act as them), and every user's
 * own tokens (My API tokens). A new token's secret is shown once, with a copy button and how the
 * command line uses it.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { api, describeError, ok } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { ErrorMessage, Field, formatTime, fromLocalInput, Resource } from '../../app/ui';
import { Confirm } from './Confirm';
import { tokenState } from './labels';
import { useMyTokens, userKeys, useUserTokens, type ApiToken, type User } from './queries';

interface Source {
  readonly tokens: UseQueryResult<ApiToken[]>;
  readonly issue?: (body: { name: string; expiresAt?: string }) => Promise<{ secret: string; token: ApiToken }>;
  readonly revoke: (tokenId: string) => Promise<void>;
  readonly keys: readonly (readonly string[])[];
}

/** A user's tokens as an administrator sees them. */
export function TokenList({ user, self }: { user: User; self: boolean }) {
  const tokens = useUserTokens(user.id);
  const path = { id: user.id };
  const source: Source = {
    tokens,
    ...(user.kind === 'machine'
      ? { issue: (body) => ok(api.POST('/v1/users/{id}/tokens', { params: { path }, body })) }
      : {}),
    revoke: async (tokenId) => {
      await ok(api.DELETE('/v1/users/{id}/tokens/{tokenId}', { params: { path: { ...path, tokenId } } }));
    },
    keys: [userKeys.tokens(user.id), ...(self ? [userKeys.mine] : [])],
  };
  return (
    <>
      {user.kind === 'person' && (
        <p className="hint">
          {self
            ? 'Issue your own tokens under My API tokens.'
            : 'A person issues their own tokens (My API tokens); you can revoke them here.'}
        </p>
      )}
      <Tokens source={source} owner={user.displayName} />
    </>
  );
}

/** The signed-in user's own tokens (POST/GET/DELETE /v1/me/tokens). */
export function MyTokens() {
  const tokens = useMyTokens();
  const source: Source = {
    tokens,
    issue: (body) => ok(api.POST('/v1/me/tokens', { body })),
    revoke: async (tokenId) => {
      await ok(api.DELETE('/v1/me/tokens/{tokenId}', { params: { path: { tokenId } } }));
    },
    keys: [userKeys.mine],
  };
  return <Tokens source={source} owner="you" />;
}

function Tokens({ source, owner }: { source: Source; owner: string }) {
  const client = useQueryClient();
  const refresh = () => Promise.all(source.keys.map((queryKey) => client.invalidateQueries({ queryKey })));
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => source.revoke(id),
    onSuccess: async () => {
      setRevoking(null);
      await refresh();
    },
  });
  return (
    <>
      <Resource
        loaded={loadedFrom(source.tokens)}
        isEmpty={(t) => t.length === 0}
        empty={`No API tokens for ${owner}.`}
      >
        {(list) => (
          <table data-testid="tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Issued</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>{tokenState(t)}</td>
                  <td>{formatTime(t.createdAt)}</td>
                  <td>{t.expiresAt ? formatTime(t.expiresAt) : 'until revoked'}</td>
                  <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never'}</td>
                  <td>
                    {t.active && (
                      <button
                        type="button"
                        className="secondary small"
                        aria-label={`Revoke the token ${t.name}`}
                        onClick={() => setRevoking(t)}
                      >
                        Revoke…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Resource>
      {revoking && (
        <Confirm
          title={`Revoke the token “${revoking.name}”?`}
          confirmLabel="Revoke token"
          reason="none"
          danger
          busy={revoke.isPending}
          error={revoke.error ? describeError(revoke.error) : undefined}
          onConfirm={() => revoke.mutate(revoking.id)}
          onCancel={() => setRevoking(null)}
        >
          <p>It stops working at once and cannot be used again; whatever uses it needs a new one.</p>
        </Confirm>
      )}
      {source.issue && <IssueToken issue={source.issue} onIssued={refresh} />}
    </>
  );
}

function IssueToken({ issue, onIssued }: { issue: NonNullable<Source['issue']>; onIssued: () => Promise<unknown> }) {
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () => issue({ name, ...(expires ? { expiresAt: fromLocalInput(expires) } : {}) }),
    onSuccess: async () => {
      setName('');
      setExpires('');
      setCopied(false);
      await onIssued();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const secret = create.data?.secret;
  return (
    <>
      <form className="inline" onSubmit={submit} aria-label="Issue an API token">
        <Field label="Token name" hint="what it is for, e.g. the laptop or machine using it">
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </Field>
        <Field label="Expires" hint="empty: until revoked">
          <input type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </Field>
        <button type="submit" disabled={create.isPending}>
          Issue token
        </button>
      </form>
      <ErrorMessage error={create.error ? describeError(create.error) : undefined} />
      {secret && create.data && (
        <div className="notice" role="status" data-testid="token-secret">
          <p>
            <strong>Token “{create.data.token.name}” issued.</strong> Copy it now: it is shown this once and Vigil keeps
            only its hash.
          </p>
          <div className="secret">
            <code aria-label="The new token">{secret}</code>
            <button
              type="button"
              className="secondary small"
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(secret)
                  .then(() => setCopied(true))
                  .catch(() => setCopied(false))
              }
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p className="hint">
            The command line acts as you with it: set <code>VIGIL_TOKEN</code> to it (or keep it in a file only you can
            read and pass <code>--token-file</code>), then run <code>vigil</code> commands.
          </p>
        </div>
      )}
    </>
  );
}
