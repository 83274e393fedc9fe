// `vigil seed` (issue 15) on a temporary data directory, through the command's own function with
// the real face engine: a user for each role (one-time passwords to change at first sign-in, the
// biometric roles approved by the seed as an audited sample-data act, R30), the sample gallery,
// the drafted deployment with its watchlist and clip camera, and the case with a probe and a
// search; the audit chain verifies; a second run is refused and changes nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { Command } from 'commander';
import { registerSeed, runSeed, seedReport } from '../src/cli/commands/seed.ts';
import { createCliContext } from '../src/cli/context.ts';
import { createOutput } from '../src/cli/output.ts';
import { localActor } from '../src/cli/principal.ts';
import { configSchema } from '../src/app/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { verifyAuditChain } from '../src/governance/audit/audit-verify.ts';
import { roles } from '../src/governance/roles.ts';
import { DomainError } from '../src/shared/domain-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-seed-test-'));
const dataDir = join(dir, 'data');
const config = configSchema.parse({ dataDir, audit: { anchorEveryMinutes: 0 } });
after(() => rmSync(dir, { recursive: true, force: true }));

test('vigil seed fills a fresh instance with labelled sample data, and refuses a second time (issue 15, R30)', async () => {
  const ctx = createCliContext(config, createOutput(true));
  let summary: Awaited<ReturnType<typeof runSeed>>;
  try {
    summary = await runSeed(ctx);
  } finally {
    await ctx.close();
  }

  const database = await openDatabase({ dataDir });
  try {
    const db = database.db;
    // A user for each role, made by the local actor, each with a password to change at first sign-in.
    const users = await db.selectFrom('users').selectAll().execute();
    for (const role of roles) {
      const u = users.find((x) => (JSON.parse(x.roles_json) as string[]).includes(role));
      assert.ok(u, `a sample user holds ${role}`);
      assert.match(u.username, /^sample-/);
      assert.match(u.display_name, /^Sample /);
      assert.equal(u.must_change_password, 1, `${u.username} must change the one-time password`);
      assert.equal(u.created_by, localActor());
    }
    assert.equal(users.length, roles.length);
    // No grant left waiting; each approval is the seed's own, recorded as sample data.
    const grants = await db.selectFrom('role_grants').selectAll().execute();
    assert.ok(grants.length > 0 && grants.every((g) => g.status === 'approved' && g.decided_by === localActor()));
    const audit = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const details = (action: string) =>
      audit.filter((a) => a.action === action).map((a) => JSON.parse(a.details_json) as Record<string, unknown>);
    assert.equal(details('user.role-grant-approved').length, grants.length);
    assert.ok(details('user.role-grant-approved').every((d) => d['sample'] === true));
    const [created] = details('seed.users-created');
    assert.equal(created?.['sample'], true);
    assert.equal((created?.['users'] as unknown[]).length, roles.length);
    assert.equal(audit.find((a) => a.action === 'seed.users-created')?.actor, localActor());
    assert.equal(details('seed.completed')[0]?.['sample'], true);
    assert.equal((await verifyAuditChain(db)).ok, true, 'the audit chain verifies');

    // The gallery: sample subjects with sample-data provenance.
    const subjects = await db.selectFrom('subjects').selectAll().execute();
    assert.ok(subjects.length >= 5, `${subjects.length} sample subjects`);
    assert.ok(subjects.every((s) => s.display_name.startsWith('Sample person')));
    const images = await db.selectFrom('reference_images').selectAll().execute();
    assert.ok(images.every((i) => i.source.startsWith('sample data') && i.legal_basis.startsWith('sample data')));

    // The drafted deployment, its watchlist from the gallery and its clip camera in the camera folder.
    const [d] = await db.selectFrom('deployments').selectAll().execute();
    assert.equal(d?.status, 'draft');
    assert.match(d.name, /^Sample /);
    const entries = await db.selectFrom('watchlist_entries').selectAll().where('deployment_id', '=', d.id).execute();
    assert.ok(entries.length > 0 && entries.every((e) => subjects.some((s) => s.id === e.subject_id)));
    const [camera] = await db.selectFrom('cameras').selectAll().where('deployment_id', '=', d.id).execute();
    assert.ok(camera);
    assert.ok(existsSync(summary.clip) && !relative(join(dataDir, 'footage'), summary.clip).startsWith('..'));

    // The case, opened by the investigator, with a probe and a search.
    const [c] = await db.selectFrom('cases').selectAll().execute();
    assert.equal(c?.created_by, 'sample-investigator');
    assert.equal((await db.selectFrom('probes').selectAll().where('case_id', '=', c.id).execute()).length, 1);
    const searches = await db.selectFrom('searches').selectAll().where('case_id', '=', c.id).execute();
    assert.equal(searches.length, 1);
    assert.equal(searches[0]?.requested_by, 'sample-investigator');
  } finally {
    await database.close();
  }

  // The printed summary says it is sample data, lists every user with their password, and how to start.
  const text = seedReport(summary, {});
  assert.match(text, /SAMPLE DATA/);
  assert.match(text, /npm start/);
  assert.match(text, /http:\/\/127\.0\.0\.1:8080\//);
  for (const u of summary.users) assert.ok(text.includes(u.username) && text.includes(u.password));

  // The registered command refuses a non-empty instance, writing nothing.
  const again = createCliContext(config, createOutput(true));
  const program = new Command('vigil').exitOverride();
  registerSeed(program, again);
  try {
    await assert.rejects(
      program.parseAsync(['seed'], { from: 'user' }),
      (err: unknown) => err instanceof DomainError && err.code === 'instance-not-fresh' && /fresh/.test(err.message),
    );
  } finally {
    await again.close();
  }
  const check = await openDatabase({ dataDir });
  try {
    const n = await check.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    assert.equal(Number(n?.n), roles.length, 'no user was added by the refused run');
  } finally {
    await check.close();
  }
});
