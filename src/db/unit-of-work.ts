/**
 * The persistence seam's transaction (issue 16): a use case runs its writes and its audit entry in
 * one `run`, and passes the `Queryable` it gets to its repositories. The Kysely one opens a real
 * transaction; a unit test's fake (test/support/fakes.ts) just calls the function.
 */
import type { Kysely } from 'kysely';
import type { Queryable } from './database.ts';
import type { VigilSchema } from './schema.ts';

export interface UnitOfWork {
  run<T>(work: (q: Queryable) => Promise<T>): Promise<T>;
}

export function kyselyUnitOfWork(db: Kysely<VigilSchema>): UnitOfWork {
  return { run: (work) => db.transaction().execute(work) };
}
