// Unit tier: the case rules (R30 record-level access, R38 oversight) over in-memory repositories.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeQueryable, fakeUnitOfWork, recordingAudit } from '../../test/support/fakes.ts';
import {
  fakeAuthorise,
  fakeUsers,
  MemoryCaseRepository,
  MemorySearchRepository,
} from '../../test/support/fakes-retro.ts';
import { manualClock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { CaseService, type Accessor } from './case.service.ts';

const investigator: Accessor = { username: 'ivy', roles: ['investigator'] };
const colleague: Accessor = { username: 'cole', roles: ['investigator'] };
const stranger: Accessor = { username: 'stan', roles: ['investigator'] };
const supervisor: Accessor = { username: 'sue', roles: ['rfr-supervisor'] };
const auditor: Accessor = { username: 'aud', roles: ['auditor'] };
const operator: Accessor = { username: 'op', roles: ['operator'] };

const refused = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;

function setup() {
  const repo = new MemoryCaseRepository();
  const audit = recordingAudit();
  const clock = manualClock('2026-03-01T09:00:00.000Z');
  const authorise = fakeAuthorise();
  const cases = new CaseService({
    db: fakeQueryable,
    uow: fakeUnitOfWork,
    repo,
    searchRows: new MemorySearchRepository(),
    audit,
    authorise,
    users: fakeUsers({ ivy: {}, cole: {}, stan: {}, gone: { disabled: true } }),
    clock,
    offenceTypes: ['theft', 'robbery'],
  });
  return { repo, audit, clock, authorise, cases };
}

const newCase = { reference: 'C-1', offenceType: 'theft', title: 'Shop theft' };

describe('cases (R30, R38)', () => {
  it('R30: opening a case needs cases:write; the opener is its investigator, at the injected time, audited', async () => {
    const { cases, audit, authorise } = setup();
    await assert.rejects(cases.createCase(newCase, operator), refused('missing-permission'));
    assert.deepEqual(authorise.denied, [{ who: 'op', permission: 'cases:write' }]);
    const c = await cases.createCase(newCase, investigator);
    assert.equal(c.created_by, 'ivy');
    assert.equal(c.status, 'open');
    assert.equal(c.created_at, '2026-03-01T09:00:00.000Z');
    assert.deepEqual(
      audit.entries.map((e) => e.action),
      ['case.created'],
    );
    await assert.rejects(cases.createCase(newCase, investigator), refused('case-exists'));
  });

  it('R38: a case is opened only for a configured offence type', async () => {
    const { cases } = setup();
    await assert.rejects(cases.createCase({ ...newCase, offenceType: 'jaywalking' }, investigator), (err: unknown) => {
      assert.ok(err instanceof DomainError);
      assert.equal(err.code, 'unknown-offence-type');
      assert.deepEqual(err.details, { offenceTypes: ['theft', 'robbery'] });
      return true;
    });
  });

  it('R30: only the investigator, members and overseers may see a case; a stranger is refused and audited', async () => {
    const { cases, audit } = setup();
    const c = await cases.createCase(newCase, investigator);
    assert.equal((await cases.accessibleCase(c.id, investigator)).id, c.id);
    assert.equal((await cases.accessibleCase(c.id, supervisor)).id, c.id);
    assert.equal((await cases.accessibleCase(c.id, auditor)).id, c.id);
    await assert.rejects(cases.accessibleCase(c.id, colleague), refused('not-your-case'));
    const denied = audit.entries.at(-1);
    assert.equal(denied?.action, 'case.access-denied');
    assert.equal(denied?.outcome, 'denied');
    assert.equal(denied?.actor, 'cole');

    await cases.addMember(c.id, 'cole', investigator);
    assert.equal((await cases.accessibleCase(c.id, colleague)).id, c.id);
    await assert.rejects(cases.accessibleCase(c.id, stranger), refused('not-your-case'));
  });

  it('R30: the case list shows a user their own and member cases; overseers see all', async () => {
    const { cases } = setup();
    await cases.createCase(newCase, investigator);
    const theirs = await cases.createCase({ ...newCase, reference: 'C-2' }, colleague);
    await cases.addMember(theirs.id, 'ivy', colleague);
    await cases.createCase({ ...newCase, reference: 'C-3' }, stranger);
    const page = { limit: 10, offset: 0 };
    const ids = async (who: Accessor) => (await cases.listCases(page, who)).map((c) => c.reference).sort();
    assert.deepEqual(await ids(investigator), ['C-1', 'C-2']);
    assert.deepEqual(await ids(colleague), ['C-2']);
    assert.deepEqual(await ids(supervisor), ['C-1', 'C-2', 'C-3']);
  });

  it('R30: members are existing, enabled users, added once, by someone with access to the case', async () => {
    const { cases, audit, clock, repo } = setup();
    const c = await cases.createCase(newCase, investigator);
    await assert.rejects(cases.addMember(c.id, 'nobody', investigator), refused('no-such-user'));
    await assert.rejects(cases.addMember(c.id, 'gone', investigator), refused('user-disabled'));
    await assert.rejects(cases.addMember(c.id, 'stan', colleague), refused('not-your-case'));
    clock.advance(60_000);
    assert.deepEqual(await cases.addMember(c.id, 'cole', investigator), ['cole']);
    assert.deepEqual(await cases.addMember(c.id, 'cole', investigator), ['cole']);
    assert.deepEqual(await cases.addMember(c.id, 'ivy', investigator), ['cole'], 'the investigator is not a member');
    assert.equal(repo.members[0]?.added_at, '2026-03-01T09:01:00.000Z');
    assert.equal(audit.entries.filter((e) => e.action === 'case.member-added').length, 1);
  });

  it('R30: adding to a case needs cases:write, access, and an open case', async () => {
    const { cases, repo } = setup();
    const c = await cases.createCase(newCase, investigator);
    assert.equal((await cases.writableCase(c.id, investigator)).id, c.id);
    await assert.rejects(cases.writableCase(c.id, supervisor), refused('missing-permission'));
    await assert.rejects(cases.writableCase(c.id, stranger), refused('not-your-case'));
    Object.assign(repo.cases[0]!, { status: 'closed' });
    await assert.rejects(cases.writableCase(c.id, investigator), refused('case-closed'));
  });

  it('R32: the authorisation reference is recorded and audited', async () => {
    const { cases, audit } = setup();
    const c = await cases.createCase(newCase, investigator);
    const updated = await cases.setAuthorisationRef(c.id, 'AUTH-7', 'ivy');
    assert.equal(updated.authorisation_ref, 'AUTH-7');
    assert.deepEqual(audit.entries.at(-1)?.details, { authorisationRef: 'AUTH-7' });
  });
});
