/** Who is signed in and what they may do: GET /v1/me drives what the console offers. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ok, onUnauthenticated, setCsrfToken, type ApiError, type Me, type Permission } from '../api/client';

export type SessionState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'signed-out'; readonly setupRequired: boolean; readonly oidc: boolean; readonly expired: boolean }
  | { readonly kind: 'signed-in'; readonly me: Me }
  | { readonly kind: 'unreachable'; readonly message: string };

interface SessionApi {
  readonly state: SessionState;
  readonly me: Me | null;
  can(permission: Permission): boolean;
  refresh(): Promise<void>;
  signedIn(me: Me): void;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  const signedOut = useCallback(async (expired: boolean) => {
    setCsrfToken(null);
    try {
      const options = await ok(api.GET('/v1/auth/options'));
      setState({ kind: 'signed-out', setupRequired: options.setupRequired, oidc: options.oidc, expired });
    } catch (err) {
      setState({ kind: 'unreachable', message: (err as ApiError).message });
    }
  }, []);

  const refresh = useCallback(async () => {
    try {
      const me = await ok(api.GET('/v1/me'));
      setCsrfToken(me.csrfToken);
      setState({ kind: 'signed-in', me });
    } catch (err) {
      if ((err as ApiError).status === 401) await signedOut(false);
      else setState({ kind: 'unreachable', message: (err as ApiError).message });
    }
  }, [signedOut]);

  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => void signedOut(true));
  }, [refresh, signedOut]);

  const me = state.kind === 'signed-in' ? state.me : null;
  const value: SessionApi = {
    state,
    me,
    can: (p) => me?.permissions.includes(p) ?? false,
    refresh,
    signedIn: (m) => {
      setCsrfToken(m.csrfToken);
      setState({ kind: 'signed-in', me: m });
    },
    logout: async () => {
      try {
        await ok(api.POST('/v1/auth/logout'));
      } finally {
        await signedOut(false);
      }
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
