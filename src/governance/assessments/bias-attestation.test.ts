// R27, R14: the attestation of a bias report, signed and verified without running the evaluation.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DomainError } from '../../shared/domain-error.ts';
import { attestBiasReport, canonicalJson, MIN_ENROLLED_PER_CELL, verifyBiasReport } from './bias-attestation.ts';
import { evalPublicKeys, evalSigningKeyFile, openEvalSigningKey } from './eval-signing-key.ts';
import { standInBiasReport } from '../../../test/support/assessments.ts';

const refused = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;
const modelId = 'model-under-test';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const what = {
  modelId,
  dataset: { name: 'UTKFace balanced', sha256: 'a'.repeat(64), files: 2000, method: 'test' },
  command: 'vigil eval demographics',
  argv: ['eval', 'demographics', '--threshold', '0.93'],
  options: { threshold: 0.93 },
  vigilVersion: '0.1.0',
};
const signed = () => attestBiasReport(standInBiasReport({ modelId, threshold: 0.93 }), what, privateKey);
const check = (r: Record<string, unknown>) => verifyBiasReport(r, { trustedKeys: [publicKey], modelId });

describe('bias report attestation (R27)', () => {
  it('canonical JSON does not depend on key order', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: null }] }), canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }));
    assert.equal(canonicalJson({ b: 1, a: 2 }), '{"a":2,"b":1}');
  });

  it('a signed report verifies, also after a JSON round trip with its keys reordered', () => {
    const r = signed();
    assert.equal(check(r).modelId, modelId);
    const reordered = Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(r)) as object).reverse());
    assert.equal(check(reordered).resultsSha256, r.attestation.resultsSha256);
  });

  it('refuses unsigned, tampered, re-signed-attestation, other-key, other-model and incomplete reports', () => {
    assert.throws(() => check(standInBiasReport({ modelId, threshold: 0.93 })), refused('unsigned-bias-report'));
    const tampered = structuredClone(signed()) as ReturnType<typeof signed> & { cells: { race: string }[] };
    tampered.cells[0]!.race = 'other';
    assert.throws(() => check(tampered), refused('bias-report-tampered'));
    const forged = structuredClone(signed());
    (forged.attestation as { resultsSha256: string }).resultsSha256 = 'b'.repeat(64);
    assert.throws(() => check(forged), refused('bad-bias-report-signature'));
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    const byOther = attestBiasReport(standInBiasReport({ modelId, threshold: 0.93 }), what, otherKey);
    assert.throws(() => check(byOther), refused('untrusted-bias-report-key'));
    assert.throws(
      () => verifyBiasReport(signed(), { trustedKeys: [publicKey], modelId: 'another-model' }),
      refused('bias-report-wrong-model'),
    );
    const thin = standInBiasReport({ modelId, threshold: 0.93 }) as { cells: { enrolled: number }[] };
    thin.cells[9]!.enrolled = MIN_ENROLLED_PER_CELL - 1;
    assert.throws(() => check(attestBiasReport(thin, what, privateKey)), refused('bias-report-incomplete'));
    const oneCell = { ...standInBiasReport({ modelId, threshold: 0.93 }), cells: [{ gender: 'all', race: 'all' }] };
    assert.throws(() => check(attestBiasReport(oneCell, what, privateKey)), refused('bias-report-incomplete'));
  });

  it('the evaluation key is created once, owner-only, and its public half is what verifies', () => {
    const file = evalSigningKeyFile(mkdtempSync(join(tmpdir(), 'vigil-eval-key-')));
    assert.deepEqual(evalPublicKeys(file), [], 'no key until an evaluation has run');
    const created = openEvalSigningKey(file);
    assert.equal(created.source, 'created');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(openEvalSigningKey(file).keyId, created.keyId, 'loaded, not replaced');
    const r = attestBiasReport(standInBiasReport({ modelId, threshold: 0.93 }), what, created.privateKey);
    assert.equal(verifyBiasReport(r, { trustedKeys: evalPublicKeys(file), modelId }).keyId, created.keyId);
  });
});
