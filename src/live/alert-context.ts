/** What the alert use cases share (issue 16 seams): their rows, unit of work, audit, clock and media. */
import type { Queryable } from '../db/database.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { AuditAppender } from '../governance/audit/audit-port.ts';
import type { Clock } from '../shared/clock.ts';
import type { MediaStore } from '../storage/media-store.ts';
import type { AlertRepository } from './alert.repository.ts';

export type AlertRows = Pick<
  AlertRepository,
  | 'findAlert'
  | 'findSighting'
  | 'statusForWrite'
  | 'groupAlertFor'
  | 'alertNames'
  | 'insertAlert'
  | 'alertsOf'
  | 'lockAlert'
  | 'alertDecisionsOf'
  | 'insertAlertDecision'
  | 'nextAlertSeq'
  | 'lastAlertSeq'
  | 'alertsChangedSince'
  | 'updateAlert'
>;

export interface AlertContext {
  /** Reads outside a transaction go here (a unit spec: `fakeQueryable`). */
  readonly db: Queryable;
  readonly rows: AlertRows;
  readonly uow: UnitOfWork;
  readonly audit: AuditAppender;
  readonly clock: Clock;
  readonly media: Pick<MediaStore, 'get' | 'put' | 'delete'>;
  /** `live.alertGroupSeconds` in ms (R16); 0: none grouped. */
  readonly groupWindowMs: number;
  readonly names: (usernames: readonly string[]) => Promise<ReadonlyMap<string, string>>;
}
