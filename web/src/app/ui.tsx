/** Shared pieces: loading data with its error and empty states, form fields, notices. */
import {
  cloneElement,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactElement,
  type ReactNode,
} from 'react';
import { describeError, isApiDown, subscribeApiDown, unreachableMessage } from '../api/client';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly loading: boolean;
  reload(): void;
}

/** Runs `load` now and whenever `deps` change; keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setLoading(true);
    loadRef
      .current()
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
      })
      .catch((err: unknown) => live && setError(describeError(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Runs an action, tracking busy and error state for a form. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (err) {
      setError(describeError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

export function useApiDown(): boolean {
  return useSyncExternalStore(subscribeApiDown, isApiDown);
}

export function ApiDownBanner() {
  const down = useApiDown();
  if (!down) return null;
  return (
    <div className="banner banner-down" role="alert" data-testid="api-down">
      <strong>API unavailable.</strong> {unreachableMessage}
    </div>
  );
}

export function ErrorMessage({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

/** Loading, error and empty states of a loaded resource in one place. */
export function Resource<T>({
  loaded,
  empty,
  isEmpty,
  children,
}: {
  loaded: Loaded<T>;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (loaded.error && loaded.data === undefined) {
    return (
      <div className="error-state" role="alert">
        <p>Could not load this: {loaded.error}</p>
        <button type="button" onClick={loaded.reload}>
          Try again
        </button>
      </div>
    );
  }
  if (loaded.data === undefined) return <p className="muted">Loading…</p>;
  if (isEmpty?.(loaded.data)) return <p className="empty">{empty ?? 'Nothing here yet.'}</p>;
  return (
    <>
      {loaded.error && <ErrorMessage error={`Could not refresh: ${loaded.error}`} />}
      {children(loaded.data)}
    </>
  );
}

/** A labelled control; the hint is tied to it with aria-describedby, not made part of its name. */
export function Field({ label, hint, children }: { label: string; hint?: string; children: ReactElement }) {
  const id = useId();
  const control = cloneElement(children as ReactElement<{ id?: string; 'aria-describedby'?: string }>, {
    id,
    ...(hint ? { 'aria-describedby': `${id}-hint` } : {}),
  });
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {control}
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

export function Forbidden({ what }: { what: string }) {
  return (
    <section className="page">
      <h1>Not available</h1>
      <p className="empty" role="alert">
        Your role does not allow you to {what}. Ask an administrator if you need it.
      </p>
    </section>
  );
}

export const formatTime = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' }) : '—';

export const score = (n: number): string => n.toFixed(3);

/** A <datetime-local> value for an ISO time, and back. */
export const toLocalInput = (d: Date): string => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
export const fromLocalInput = (v: string): string => new Date(v).toISOString();
