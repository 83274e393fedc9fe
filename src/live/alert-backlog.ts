/**
 * A camera's alerts raised and not yet stored (issue 14): each gets its id when raised, the
 * idempotency key that makes a retry after a failure the store may have committed store nothing
 * twice. They are stored oldest first; the first failure stops the drain and the rest wait for
 * the next try. An alert the store refuses because the deployment is no longer live is dropped
 * (R2: nothing is added to a closed deployment), counted as refused.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../shared/domain-error.ts';
import type { AlertService, RaisedAlert } from './alert.service.ts';
import { tagged } from './camera-supervisor.ts';
import type { LiveTotals } from './live-totals.ts';

/** Alerts waiting to be stored beyond which the backlog counts as full (and is logged as such). */
const MAX_PENDING_ALERTS = 100;

export class AlertBacklog {
  private readonly pending: (RaisedAlert & { readonly id: string })[] = [];

  constructor(
    private readonly alerts: Pick<AlertService, 'raise'>,
    private readonly totals: LiveTotals,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  /** At or over the limit: the caller logs it; the alert is kept all the same (the oldest is the longest unseen). */
  get full(): boolean {
    return this.pending.length >= MAX_PENDING_ALERTS;
  }

  add(alert: Omit<RaisedAlert, 'id'>): void {
    this.pending.push({ id: randomUUID(), ...alert });
  }

  /** Stores the waiting alerts, oldest first; stops at the first failure (the rest wait). */
  async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const next = this.pending[0]!;
      try {
        await tagged('alert-store', () => this.alerts.raise(next));
        this.totals.alertsStored++;
      } catch (err) {
        const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
        if (!(cause instanceof DomainError && cause.code === 'not-live')) throw err;
        // The deployment closed: no alert may be added to it (R2), so none is retried.
        this.totals.alertsRefused++;
      }
      this.pending.shift();
    }
  }
}
