/**
 * Legal holds (R19): a hold on a case, deployment, alert or subject suspends the purge of
 * everything linked to it (a deployment's alerts, a case's probes and case file, a subject's
 * alerts and the cases that list the subject as a candidate) until it is released. Placing and
 * releasing are audited in the transaction that makes the change.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/domain-error.ts';
import type { AuditAppender } from '../audit/audit-port.ts';
import { ANONYMISED } from './purge-planner.ts';
import type { LegalHoldsRepository } from './legal-holds.repository.ts';
import { holdTargetTypes, type HoldTargetType, type LegalHoldRow } from '../../db/tables/retention.ts';

/** The usual reasons; any other text is accepted too. */
export const holdReasons = ['investigation', 'complaint', 'litigation'] as const;

export interface LegalHold {
  readonly id: string;
  readonly targetType: HoldTargetType;
  readonly targetId: string;
  readonly reason: string;
  readonly reference: string;
  readonly placedBy: string;
  readonly placedAt: string;
  readonly releasedBy: string | null;
  readonly releasedAt: string | null;
  readonly releaseNote: string | null;
  readonly active: boolean;
}

export interface PlaceHoldInput {
  readonly targetType: HoldTargetType;
  readonly targetId: string;
  readonly reason: string;
  readonly reference: string;
}

export interface HoldFilter {
  readonly active?: boolean | undefined;
  readonly targetType?: HoldTargetType | undefined;
  readonly targetId?: string | undefined;
}

export function toLegalHold(row: LegalHoldRow): LegalHold {
  return {
    id: row.id,
    targetType: row.target_type,
    targetId: row.target_id,
    reason: row.reason,
    reference: row.reference,
    placedBy: row.placed_by,
    placedAt: row.placed_at,
    releasedBy: row.released_by,
    releasedAt: row.released_at,
    releaseNote: row.release_note,
    active: row.released_at === null,
  };
}

function required(value: string, name: string, max: number): string {
  const v = value.trim();
  if (v === '' || v.length > max) {
    throw new DomainError('invalid', `invalid-${name}`, `${name} must be 1 to ${max} characters`);
  }
  return v;
}

export interface LegalHoldsDeps {
  /** Reads run on it; changes in `unitOfWork`. */
  readonly db: Queryable;
  readonly unitOfWork: UnitOfWork;
  readonly repository: Pick<LegalHoldsRepository, keyof LegalHoldsRepository>;
  readonly audit: AuditAppender;
  readonly clock: Clock;
}

export class LegalHolds {
  constructor(private readonly deps: LegalHoldsDeps) {}

  async place(input: PlaceHoldInput, actor: string): Promise<LegalHold> {
    if (!(holdTargetTypes as readonly string[]).includes(input.targetType)) {
      throw new DomainError('invalid', 'invalid-target-type', `a hold targets one of ${holdTargetTypes.join(', ')}`);
    }
    const targetId = required(input.targetId, 'targetId', 200);
    const row: LegalHoldRow = {
      id: randomUUID(),
      target_type: input.targetType,
      target_id: targetId,
      reason: required(input.reason, 'reason', 200),
      reference: required(input.reference, 'reference', 200),
      placed_by: actor,
      placed_at: this.deps.clock.nowIso(),
      released_by: null,
      released_at: null,
      release_note: null,
    };
    await this.deps.unitOfWork.run(async (trx) => {
      const exists =
        targetId !== ANONYMISED && (await this.deps.repository.targetExists(trx, input.targetType, targetId));
      if (!exists) {
        throw new DomainError('not-found', 'no-such-target', `there is no ${input.targetType} ${targetId} to hold`);
      }
      await this.deps.repository.insertHold(trx, row);
      await this.deps.audit.append(trx, {
        actor,
        action: 'retention.hold.placed',
        target: { type: 'legal-hold', id: row.id },
        details: { targetType: row.target_type, targetId: row.target_id, reason: row.reason, reference: row.reference },
      });
    });
    return toLegalHold(row);
  }

  async release(id: string, actor: string, note?: string): Promise<LegalHold> {
    const releaseNote = note === undefined || note.trim() === '' ? null : required(note, 'note', 500);
    await this.deps.unitOfWork.run(async (trx) => {
      const hold = await this.deps.repository.findHold(trx, id);
      if (!hold) throw new DomainError('not-found', 'no-such-hold', `hold ${id} does not exist`);
      if (!(await this.deps.repository.releaseHold(trx, id, actor, this.deps.clock.nowIso(), releaseNote))) {
        throw new DomainError('conflict', 'already-released', `hold ${id} was already released`);
      }
      await this.deps.audit.append(trx, {
        actor,
        action: 'retention.hold.released',
        target: { type: 'legal-hold', id },
        details: {
          targetType: hold.target_type,
          targetId: hold.target_id,
          reference: hold.reference,
          note: releaseNote,
        },
      });
    });
    return this.get(id);
  }

  async get(id: string): Promise<LegalHold> {
    const row = await this.deps.repository.findHold(this.deps.db, id);
    if (!row) throw new DomainError('not-found', 'no-such-hold', `hold ${id} does not exist`);
    return toLegalHold(row);
  }

  async list(filter: HoldFilter = {}): Promise<LegalHold[]> {
    return (await this.deps.repository.listHolds(this.deps.db, filter)).map(toLegalHold);
  }
}
