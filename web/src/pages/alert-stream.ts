/**
 * The operator's alert queue, kept whole across network drops (issue 14). The list is fetched
 * first and gives the stream position (`cursor`); the stream is then opened after it, so nothing
 * raised in between is missed. EventSource reconnects by itself sending Last-Event-ID, and the
 * server replays what changed meanwhile; if it gives up (an error answer), the hook reopens the
 * stream with `?since=` the last event id, with a growing pause. On each reconnect the list is
 * fetched again. Alerts are merged by id keeping the newest version (the larger `seq`), so a list
 * fetched late never overwrites what the stream has already brought.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ok, type Schemas } from '../api/client';

export type Alert = Schemas['Alert'];
export type StreamState = 'connecting' | 'open' | 'reconnecting';

/** Merges alerts into a list by id, keeping the newest version of each; newest alert first. */
export function mergeAlerts(list: readonly Alert[], incoming: readonly Alert[]): Alert[] {
  const byId = new Map(list.map((a) => [a.id, a]));
  for (const a of incoming) {
    const known = byId.get(a.id);
    if (!known || a.seq >= known.seq) byId.set(a.id, a);
  }
  return [...byId.values()].sort((x, y) => y.createdAt.localeCompare(x.createdAt));
}

const retryMs = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

export function useAlertStream(
  deploymentId: string,
  /** Called once for each alert the operator has not seen before, as it arrives. */
  onNew: (a: Alert) => void,
): { alerts: Alert[]; state: StreamState; error: string | undefined; merge: (a: Alert) => void } {
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const [error, setError] = useState<string>();
  const known = useRef(new Set<string>());
  const onNewRef = useRef(onNew);
  onNewRef.current = onNew;

  const merge = useCallback((a: Alert) => {
    known.current.add(a.id);
    setAlerts((list) => mergeAlerts(list, [a]));
  }, []);

  useEffect(() => {
    let closed = false;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let lastId: number | undefined;
    let attempt = 0;
    let dropped = false;
    known.current = new Set();

    const refetch = async (): Promise<number | undefined> => {
      try {
        const r = await ok(
          api.GET('/v1/deployments/{id}/alerts', { params: { path: { id: deploymentId }, query: { limit: 100 } } }),
        );
        if (closed) return undefined;
        for (const a of r.alerts) known.current.add(a.id);
        setAlerts((list) => mergeAlerts(list, r.alerts));
        setError(undefined);
        return r.cursor;
      } catch (err: unknown) {
        if (!closed) setError(String((err as Error).message));
        return undefined;
      }
    };

    const onEvent = (e: MessageEvent<string>) => {
      const id = Number(e.lastEventId);
      if (e.lastEventId !== '' && Number.isInteger(id)) lastId = Math.max(lastId ?? 0, id);
      const { alert } = JSON.parse(e.data) as { alert: Alert };
      const isNew = !known.current.has(alert.id);
      known.current.add(alert.id);
      setAlerts((list) => mergeAlerts(list, [alert]));
      if (isNew) onNewRef.current(alert);
    };

    const connect = () => {
      if (closed) return;
      const since = lastId === undefined ? '' : `?since=${lastId}`;
      const es = new EventSource(`/v1/deployments/${deploymentId}/alerts/stream${since}`, { withCredentials: true });
      source = es;
      es.onopen = () => {
        attempt = 0;
        setState('open');
        // Back after a drop: the stream replays what changed; the list is fetched again as well.
        if (dropped) void refetch();
        dropped = false;
      };
      es.onerror = () => {
        dropped = true;
        setState('reconnecting');
        if (es.readyState !== EventSource.CLOSED) return; // EventSource retries by itself
        es.close();
        retry = setTimeout(connect, retryMs(attempt++));
      };
      es.addEventListener('alert', onEvent);
      es.addEventListener('alert-updated', onEvent);
    };

    void refetch().then((cursor) => {
      if (cursor !== undefined) lastId = cursor;
      connect();
    });
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, [deploymentId]);

  return { alerts, state, error, merge };
}
