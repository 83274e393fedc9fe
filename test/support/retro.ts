/**
 * Test support for retrospective search: its use cases wired on a real database as the
 * composition root wires them (app/services.ts), for medium-tier tests that need one service
 * without the whole of openTestServices.
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../src/db/schema.ts';
import { kyselyUnitOfWork } from '../../src/db/unit-of-work.ts';
import { chainedAudit } from '../../src/governance/audit/audit-port.ts';
import { userNames } from '../../src/governance/identity/user-names.ts';
import { ReviewRepository } from '../../src/retro/review.repository.ts';
import { SearchReviewService } from '../../src/retro/search-review.service.ts';
import { SearchRepository } from '../../src/retro/search.repository.ts';
import { clockOf } from '../../src/shared/clock.ts';

/** The review of search candidates on `db`, with the real audit chain and the system clock (or `now`). */
export function searchReviewServiceOn(db: Kysely<VigilSchema>, now?: () => Date): SearchReviewService {
  return new SearchReviewService({
    db,
    uow: kyselyUnitOfWork(db),
    reviews: new ReviewRepository(),
    searches: new SearchRepository(),
    audit: chainedAudit,
    users: { displayNames: (names) => userNames(db, names) },
    clock: clockOf(now),
  });
}
