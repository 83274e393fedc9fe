// Retrospective search (R31-R36, R38) on SQLite and PostgreSQL with the real engine and gallery.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openTestServices, type TestServices } from '../../test/support/services.ts';
import { testDatabases } from '../../test/support/db.ts';
import { FaceEngine } from '../faces/engine.ts';
import { builtInPacks } from '../faces/packs.ts';
import { DomainError } from '../shared/domain-error.ts';
import { sharedPath } from '../shared/paths.ts';
import { leadsNotice } from './search.service.ts';
import { listAudit } from '../governance/audit/audit-query.ts';
import { verifyAuditChain } from '../governance/audit/audit-verify.ts';

const lfw = (name: string, n: number): Buffer =>
  readFileSync(sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`));

// Gallery images that pass the enrolment quality gates (several LFW images do not).
const people: [string, number][] = [
  ['George_W_Bush', 2],
  ['Colin_Powell', 1],
  ['Tony_Blair', 2],
  ['Donald_Rumsfeld', 1],
  ['Gerhard_Schroeder', 1],
  ['Ariel_Sharon', 1],
];
const justification = 'Robbery at Oxford Circus on 2026-11-01; suspect seen on CCTV, no other leads.';
const refusedWith = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

let engine: FaceEngine;
before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
});
after(() => engine.close());

for (const target of testDatabases()) {
  describe(`retrospective search on ${target.name}`, () => {
    let s: TestServices;
    let caseId: string;
    let probeId: string;
    before(async () => {
      s = await openTestServices(await target.open(), engine, { retro: { defaultCandidates: 3 } });
      for (const [name, n] of people) {
        await s.gallery.createSubject(
          {
            reference: name,
            displayName: name.replace(/_/g, ' '),
            images: [{ bytes: lfw(name, n), source: 'custody', legalBasis: 'PACE s64A', reason: 'test gallery' }],
          },
          { username: 'enroller', roles: ['watchlist-manager'] },
        );
      }
      const c = await s.cases.createCase(
        { reference: 'CAD-123', offenceType: 'robbery', title: 'Oxford Circus' },
        { username: 'inv.one', roles: ['investigator'] },
      );
      caseId = c.id;
      probeId = (
        await s.probes.addImageProbe(
          caseId,
          { bytes: lfw('George_W_Bush', 3), provenance: 'cctv' },
          { username: 'inv.one', roles: ['investigator'] },
        )
      ).probe.id;
    });
    after(() => s.close());

    const request = (extra: Record<string, unknown> = {}) => ({
      caseId,
      probeId,
      enhancements: [],
      justification,
      legalBasis: 'common law policing purpose',
      ...extra,
    });

    it('R31: refuses a search without justification, legal basis or a known offence type', async () => {
      await assert.rejects(
        s.searches.search(request({ justification: 'because' }), { username: 'inv.one', roles: ['investigator'] }),
        refusedWith('justification-required'),
      );
      await assert.rejects(
        s.searches.search(request({ legalBasis: ' ' }), { username: 'inv.one', roles: ['investigator'] }),
        refusedWith('legal-basis-required'),
      );
      await assert.rejects(
        s.searches.search(request({ offenceType: 'littering' }), { username: 'inv.one', roles: ['investigator'] }),
        refusedWith('unknown-offence-type'),
      );
      await assert.rejects(
        s.cases.createCase(
          { reference: 'X', offenceType: 'littering', title: 't' },
          { username: 'inv.one', roles: ['investigator'] },
        ),
        refusedWith('unknown-offence-type'),
      );
    });

    it('R31, R34: records who, why and on what basis, and returns N ranked leads with scores', async () => {
      const r = await s.searches.search(request(), { username: 'inv.one', roles: ['investigator'] });
      assert.equal(r.notice, leadsNotice);
      assert.match(r.notice, /leads, not identifications/);
      assert.equal(r.candidates.length, 3, 'N defaults to the configured 3');
      assert.equal(r.candidates[0]?.subject_reference, 'George_W_Bush');
      const scores = r.candidates.map((c) => c.score);
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => b - a),
      );
      assert.deepEqual(
        r.candidates.map((c) => c.rank),
        [1, 2, 3],
      );
      const stored = await s.searches.result(r.search.id);
      assert.equal(stored.search.case_id, caseId);
      assert.equal(stored.search.offence_type, 'robbery');
      assert.equal(stored.search.provenance, 'cctv');
      assert.equal(stored.search.justification, justification);
      assert.equal(stored.search.legal_basis, 'common law policing purpose');
      assert.equal(stored.search.requested_by, 'inv.one');
      assert.equal(stored.search.threshold_in_force, s.thresholdInForce(engine.pack.recognizer.modelId).threshold);
      assert.deepEqual(
        stored.candidates.map((c) => c.score),
        scores,
      );

      const five = await s.searches.search(request({ maxCandidates: 5 }), {
        username: 'inv.one',
        roles: ['investigator'],
      });
      assert.equal(five.candidates.length, 5);
      await assert.rejects(
        s.searches.search(request({ maxCandidates: 0 }), { username: 'inv.one', roles: ['investigator'] }),
        refusedWith('bad-candidate-count'),
      );
    });

    it('R34: a policy minimum score removes weaker candidates', async () => {
      const all = await s.searches.search(request({ maxCandidates: 6 }), {
        username: 'inv.one',
        roles: ['investigator'],
      });
      const cut = (all.candidates[0]!.score + all.candidates[1]!.score) / 2;
      const r = await s.searches.search(request({ maxCandidates: 6, minScore: cut }), {
        username: 'inv.one',
        roles: ['investigator'],
      });
      assert.equal(r.candidates.length, 1);
      assert.equal(r.search.policy_min_score, cut);
    });

    it('R33: a probe is never enrolled: searching leaves the gallery and its index unchanged', async () => {
      const before = await s.gallery.counts();
      await s.searches.search(request(), { username: 'inv.one', roles: ['investigator'] });
      await s.probes.addImageProbe(
        caseId,
        { bytes: lfw('Tony_Blair', 3), provenance: 'phone' },
        { username: 'inv.one', roles: ['investigator'] },
      );
      assert.deepEqual(await s.gallery.counts(), before);
      const images = await s.database.db.selectFrom('reference_images').select('sha256').execute();
      const probes = await s.database.db.selectFrom('probes').select('sha256').execute();
      assert.ok(probes.every((p) => !images.some((i) => i.sha256 === p.sha256)));
    });

    it('R35: the examiner decides first, then a different investigating officer', async () => {
      const r = await s.searches.search(request(), { username: 'inv.one', roles: ['investigator'] });
      const id = r.search.id;
      await assert.rejects(
        s.reviews.recordOfficerDecision(id, 1, 'accepted-as-lead', undefined, 'inv.one'),
        refusedWith('examiner-first'),
      );
      await s.reviews.recordExaminerDecision(id, 1, 'possible-match', 'same ear shape', 'exam.one');
      await s.reviews.recordExaminerDecision(id, 2, 'not-a-match', undefined, 'exam.one');
      await assert.rejects(
        s.reviews.recordOfficerDecision(id, 1, 'accepted-as-lead', undefined, 'exam.one'),
        refusedWith('same-reviewer'),
      );
      await assert.rejects(
        s.reviews.recordOfficerDecision(id, 2, 'accepted-as-lead', undefined, 'inv.one'),
        refusedWith('not-a-possible-match'),
      );
      await s.reviews.recordOfficerDecision(id, 1, 'accepted-as-lead', 'pursue', 'inv.one');
      await assert.rejects(
        s.reviews.recordExaminerDecision(id, 1, 'not-a-match', undefined, 'exam.one'),
        refusedWith('already-reviewed'),
      );
      const stored = await s.searches.result(id);
      const [first, second] = stored.candidates;
      assert.equal(first?.examiner_decision, 'possible-match');
      assert.equal(first?.examiner_by, 'exam.one');
      assert.equal(first?.examiner_note, 'same ear shape');
      assert.equal(first?.officer_decision, 'accepted-as-lead');
      assert.equal(first?.officer_by, 'inv.one');
      assert.equal(second?.examiner_decision, 'not-a-match');
      assert.equal(second?.officer_decision, null);
    });

    it('R36: the enhancement chain is recorded and replays to the same result', async () => {
      const chain = [
        { op: 'crop', x: 40, y: 40, width: 170, height: 170 },
        { op: 'brightness', factor: 1.2 },
      ];
      const r = await s.searches.search(request({ enhancements: chain }), {
        username: 'inv.one',
        roles: ['investigator'],
      });
      const stored = await s.searches.result(r.search.id);
      const recorded = JSON.parse(stored.search.enhancements_json) as unknown[];
      assert.deepEqual(recorded, chain);
      const replay = await s.searches.search(request({ enhancements: recorded }), {
        username: 'inv.one',
        roles: ['investigator'],
      });
      assert.deepEqual(
        replay.candidates.map((c) => [c.subject_id, c.score]),
        r.candidates.map((c) => [c.subject_id, c.score]),
      );
      const plain = await s.searches.search(request(), { username: 'inv.one', roles: ['investigator'] });
      assert.notEqual(plain.candidates[0]?.score, r.candidates[0]?.score, 'the chain changed what was searched');
    });

    it('R38: counts searches per user, case and offence type, with hits and supervisor reviews', async () => {
      const other = await s.cases.createCase(
        { reference: 'CAD-456', offenceType: 'burglary', title: 'Soho' },
        { username: 'inv.two', roles: ['investigator'] },
      );
      const probe = await s.probes.addImageProbe(
        other.id,
        { bytes: lfw('Tony_Blair', 4), provenance: 'doorbell' },
        { username: 'inv.two', roles: ['investigator'] },
      );
      const r = await s.searches.search(
        { ...request(), caseId: other.id, probeId: probe.probe.id, offenceType: 'burglary' },
        { username: 'inv.two', roles: ['investigator'] },
      );
      await assert.rejects(s.reviews.recordSupervisorReview(r.search.id, 'fine', 'inv.two'), refusedWith('own-search'));
      await s.reviews.recordSupervisorReview(r.search.id, 'proportionate', 'super.one');

      const byUser = await s.reviews.statistics('requested_by', {});
      const one = byUser.find((x) => x.key === 'inv.one');
      const two = byUser.find((x) => x.key === 'inv.two');
      assert.ok(one && one.searches >= 5);
      assert.equal(one.withAcceptedLead, 1);
      assert.equal(one.withPossibleMatch, 1);
      assert.deepEqual(two, {
        key: 'inv.two',
        searches: 1,
        withPossibleMatch: 0,
        withAcceptedLead: 0,
        supervisorReviewed: 1,
      });
      const byOffence = await s.reviews.statistics('offence_type', {});
      assert.deepEqual(
        byOffence.map((x) => x.key),
        ['burglary', 'robbery'],
      );
      const byCase = await s.reviews.statistics('case_id', {});
      assert.equal(byCase.find((x) => x.key === other.id)?.searches, 1);
      const future = await s.reviews.statistics('requested_by', { from: '2999-01-01T00:00:00.000Z' });
      assert.deepEqual(future, []);
    });

    it('R29: every search and decision is in the audit chain with its input, and the chain verifies', async () => {
      const r = await s.searches.search(request(), { username: 'inv.one', roles: ['investigator'] });
      await s.reviews.recordExaminerDecision(r.search.id, 1, 'inconclusive', undefined, 'exam.two');
      const runs = await listAudit(s.database.db, { action: 'search.run', limit: 100, offset: 0 });
      const entry = runs.entries.find((e) => e.target?.id === r.search.id);
      assert.ok(entry, 'the search is audited');
      assert.equal(entry.actor, 'inv.one');
      const details = entry.details as { probe: { sha256: string }; justification: string; thresholdInForce: number };
      assert.match(details.probe.sha256, /^[0-9a-f]{64}$/);
      assert.equal(details.justification, justification);
      const decisions = await listAudit(s.database.db, { action: 'search.examiner-decision', limit: 100, offset: 0 });
      assert.ok(decisions.entries.some((e) => e.actor === 'exam.two'));
      for (const action of ['gallery.subject-created', 'case.created', 'probe.added', 'search.supervisor-review']) {
        assert.ok((await listAudit(s.database.db, { action, limit: 1, offset: 0 })).total > 0, action);
      }
      const verified = await verifyAuditChain(s.database.db);
      assert.equal(verified.ok, true);
      assert.ok(verified.entries > 10);
    });
  });
}
