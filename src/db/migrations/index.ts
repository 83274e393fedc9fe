/** Versioned migrations, applied in name order. Never edit one that has shipped: add the next. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import * as m0001 from './0001-gallery-and-cases.ts';
import * as m0002 from './0002-identity.ts';
import * as m0003 from './0003-audit.ts';
import * as m0004 from './0004-live.ts';
import * as m0005 from './0005-retention.ts';
import * as m0006 from './0006-assessments.ts';
import * as m0007 from './0007-case-members.ts';
import * as m0008 from './0008-archive.ts';
import * as m0009 from './0009-camera-leases.ts';
import * as m0010 from './0010-role-grants.ts';
import * as m0012 from './0012-decision-revisions.ts';
import * as m0013 from './0013-alert-events.ts';
import * as m0014 from './0014-job-outbox.ts';
import * as m0016 from './0016-searched-face.ts';
import * as m0015 from './0015-alert-grouping.ts';
import * as m0018 from './0018-postgres-column-types.ts';
import * as m0017 from './0017-deployment-counters.ts';

export interface VigilMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

export const migrations: Record<string, VigilMigration> = {
  '0001-gallery-and-cases': m0001,
  '0002-identity': m0002,
  '0003-audit': m0003,
  '0004-live': m0004,
  '0005-retention': m0005,
  '0006-assessments': m0006,
  '0007-case-members': m0007,
  '0008-archive': m0008,
  '0009-camera-leases': m0009,
  '0010-role-grants': m0010,
  '0012-decision-revisions': m0012,
  '0013-alert-events': m0013,
  '0014-job-outbox': m0014,
  '0015-alert-grouping': m0015,
  '0016-searched-face': m0016,
  '0018-postgres-column-types': m0018,
  '0017-deployment-counters': m0017,
};
