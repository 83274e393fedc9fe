/**
 * Decisions are append-only (issue 12; R21-R23, R35, R38). Every examiner and officer decision on
 * a search candidate, every supervisor review of a search, and every operator decision and
 * engagement record of an alert becomes a row of its own, with its author and time, that is
 * never updated: a revision is a new row that names the one it supersedes. The old decision
 * columns stay as a cache of the latest row. The decisions already recorded are copied in as the
 * first revision of their stage (their author becomes the author of record).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** The tables this migration reads and writes, as they are at this point in the history. */
interface Tables {
  search_candidates: {
    search_id: string;
    rank: number;
    examiner_decision: string | null;
    examiner_by: string | null;
    examiner_at: string | null;
    examiner_note: string | null;
    officer_decision: string | null;
    officer_by: string | null;
    officer_at: string | null;
    officer_note: string | null;
  };
  searches: {
    id: string;
    supervisor_review_by: string | null;
    supervisor_review_at: string | null;
    supervisor_review_note: string | null;
  };
  alerts: {
    id: string;
    operator_decision: string | null;
    operator_by: string | null;
    operator_at: string | null;
    decision_ms: number | null;
    engagement: string | null;
    outcome: string | null;
    engagement_by: string | null;
    engagement_at: string | null;
    engagement_note: string | null;
  };
  search_candidate_decisions: {
    id: string;
    search_id: string;
    rank: number;
    stage: string;
    revision: number;
    decision: string;
    note: string | null;
    reason: string | null;
    decided_by: string;
    decided_at: string;
    supersedes: string | null;
  };
  search_reviews: {
    id: string;
    search_id: string;
    revision: number;
    note: string;
    reviewed_by: string;
    reviewed_at: string;
  };
  alert_decisions: {
    id: string;
    alert_id: string;
    stage: string;
    revision: number;
    decision: string;
    outcome: string | null;
    note: string | null;
    reason: string | null;
    decision_ms: number | null;
    decided_by: string;
    decided_at: string;
    supersedes: string | null;
  };
}

type Db = Kysely<Tables>;

export async function up(raw: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const db = raw as unknown as Db;
  await db.schema
    .createTable('search_candidate_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('search_id', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull().check(sqlIn('stage', ['examiner', 'officer'])))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('supersedes', 'text')
    .addForeignKeyConstraint(
      'search_candidate_decisions_candidate',
      ['search_id', 'rank'],
      'search_candidates',
      ['search_id', 'rank'],
      (fk) => fk.onDelete('cascade'),
    )
    .addUniqueConstraint('search_candidate_decisions_revision', ['search_id', 'rank', 'stage', 'revision'])
    .execute();

  await db.schema
    .createTable('search_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('search_id', 'text', (c) => c.notNull().references('searches.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('search_reviews_revision', ['search_id', 'revision'])
    .execute();

  await db.schema
    .createTable('alert_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull().check(sqlIn('stage', ['operator', 'engagement'])))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('note', 'text')
    .addColumn('reason', 'text')
    .addColumn('decision_ms', 'integer')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('supersedes', 'text')
    .addUniqueConstraint('alert_decisions_revision', ['alert_id', 'stage', 'revision'])
    .execute();

  await backfill(db);
}

function sqlIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

const chunk = 200;

async function insertAll<T extends keyof Tables>(db: Db, table: T, rows: readonly Tables[T][]): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    // Kysely cannot narrow a generic table's insert type; the rows are that table's rows.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
  }
}

/** The decisions already recorded become the first revision of their stage. */
async function backfill(db: Db): Promise<void> {
  const candidates = await db
    .selectFrom('search_candidates')
    .selectAll()
    .where((eb) => eb.or([eb('examiner_decision', 'is not', null), eb('officer_decision', 'is not', null)]))
    .execute();
  const decisions: Tables['search_candidate_decisions'][] = [];
  for (const c of candidates) {
    const first = { search_id: c.search_id, rank: c.rank, revision: 1, reason: null, supersedes: null };
    if (c.examiner_decision && c.examiner_by && c.examiner_at)
      decisions.push({
        ...first,
        id: randomUUID(),
        stage: 'examiner',
        decision: c.examiner_decision,
        note: c.examiner_note,
        decided_by: c.examiner_by,
        decided_at: c.examiner_at,
      });
    if (c.officer_decision && c.officer_by && c.officer_at)
      decisions.push({
        ...first,
        id: randomUUID(),
        stage: 'officer',
        decision: c.officer_decision,
        note: c.officer_note,
        decided_by: c.officer_by,
        decided_at: c.officer_at,
      });
  }
  await insertAll(db, 'search_candidate_decisions', decisions);

  const reviewed = await db.selectFrom('searches').selectAll().where('supervisor_review_at', 'is not', null).execute();
  await insertAll(
    db,
    'search_reviews',
    reviewed.flatMap((s) =>
      s.supervisor_review_by && s.supervisor_review_at
        ? [
            {
              id: randomUUID(),
              search_id: s.id,
              revision: 1,
              note: s.supervisor_review_note ?? '',
              reviewed_by: s.supervisor_review_by,
              reviewed_at: s.supervisor_review_at,
            },
          ]
        : [],
    ),
  );

  const alerts = await db.selectFrom('alerts').selectAll().where('operator_decision', 'is not', null).execute();
  const alertDecisions: Tables['alert_decisions'][] = [];
  for (const a of alerts) {
    const first = { alert_id: a.id, revision: 1, reason: null, supersedes: null };
    if (a.operator_decision && a.operator_by && a.operator_at)
      alertDecisions.push({
        ...first,
        id: randomUUID(),
        stage: 'operator',
        decision: a.operator_decision,
        outcome: null,
        note: null,
        decision_ms: a.decision_ms,
        decided_by: a.operator_by,
        decided_at: a.operator_at,
      });
    if (a.engagement && a.engagement_by && a.engagement_at)
      alertDecisions.push({
        ...first,
        id: randomUUID(),
        stage: 'engagement',
        decision: a.engagement,
        outcome: a.outcome,
        note: a.engagement_note,
        decision_ms: null,
        decided_by: a.engagement_by,
        decided_at: a.engagement_at,
      });
  }
  await insertAll(db, 'alert_decisions', alertDecisions);
}
