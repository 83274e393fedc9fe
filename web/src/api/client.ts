/**
 * The typed API client: openapi-fetch over the types generated from the API's OpenAPI document
 * (schema.d.ts, `npm run api:types`). Same origin, session cookie; every state-changing request
 * carries the session's CSRF token. A network failure (or a gateway error) marks the API as down,
 * which every page shows in a banner until /health answers again.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type { paths };
export type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type Permission = Me['permissions'][number];
export type Role = Me['roles'][number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const unreachableMessage =
  'The Vigil API cannot be reached. Check the server is running and your network connection; this page will recover when it is back.';

// --- API availability -------------------------------------------------------------------------

type Listener = () => void;
const downListeners = new Set<Listener>();
let apiDown = false;
let healthTimer: ReturnType<typeof setInterval> | undefined;

export function isApiDown(): boolean {
  return apiDown;
}

export function subscribeApiDown(listener: Listener): () => void {
  downListeners.add(listener);
  return () => downListeners.delete(listener);
}

function setApiDown(down: boolean): void {
  if (down === apiDown) return;
  apiDown = down;
  for (const l of downListeners) l();
  if (down && !healthTimer) {
    healthTimer = setInterval(() => {
      globalThis
        .fetch('/health', { credentials: 'same-origin' })
        .then((r) => {
          if (r.ok) setApiDown(false);
        })
        .catch(() => undefined);
    }, 3000);
  } else if (!down && healthTimer) {
    clearInterval(healthTimer);
    healthTimer = undefined;
  }
}

// --- Session --------------------------------------------------------------------------------

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const unauthenticatedListeners = new Set<Listener>();
/** Called when a signed-in call is answered 401 (the session ended). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function apiFetch(request: Request): Promise<Response> {
  let response: Response;
  try {
    response = await globalThis.fetch(request);
  } catch {
    setApiDown(true);
    throw new ApiError(0, 'api-unreachable', unreachableMessage);
  }
  if (response.status === 502 || response.status === 504) {
    setApiDown(true);
    throw new ApiError(response.status, 'api-unreachable', unreachableMessage);
  }
  setApiDown(false);
  if (response.status === 401 && !request.url.includes('/v1/auth/') && !request.url.endsWith('/v1/me')) {
    for (const l of unauthenticatedListeners) l();
  }
  return response;
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin', fetch: apiFetch });
api.use({
  onRequest({ request }) {
    if (unsafe.has(request.method) && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
});

interface ErrorShape {
  error?: { code?: string; message?: string; details?: Record<string, unknown> };
}

/** The data of a successful call, or an ApiError carrying the API's code and message. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(0, 'client', err instanceof Error ? err.message : String(err));
  }
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as ErrorShape;
  const status = result.response.status;
  throw new ApiError(
    status,
    body.error?.code ?? `http-${status}`,
    body.error?.message ?? `the API answered ${status} ${result.response.statusText}`,
    body.error?.details,
  );
}

/** A multipart body for the upload routes: Files become file parts, the rest text fields. */
export function formData(fields: Record<string, string | number | File | Blob | undefined>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === '') continue;
    if (v instanceof Blob) form.append(k, v);
    else form.append(k, String(v));
  }
  return form;
}

/** For openapi-fetch: send a FormData body as it is (the browser sets the multipart boundary). */
export const asIs = (body: unknown): FormData => body as FormData;

export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
