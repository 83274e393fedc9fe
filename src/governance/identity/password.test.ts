import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeHash,
  defaultScryptParams,
  hashPassword,
  needsRehash,
  verifyPassword,
  verifyUnknownUser,
} from './password.ts';
import { passwordProblems } from './password-policy.ts';

describe('password hashing (scrypt)', () => {
  it('hashes with the production parameters, a per-user salt, and the parameters in the string', async () => {
    assert.deepEqual(defaultScryptParams, { ln: 15, r: 8, p: 1 });
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.match(a, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    assert.notEqual(a, b, 'a fresh salt each time');
    const decoded = decodeHash(a);
    assert.equal(decoded?.salt.length, 16);
    assert.equal(decoded?.key.length, 32);
    assert.equal(await verifyPassword('correct horse battery staple', a), true);
    assert.equal(await verifyPassword('correct horse battery stapl', a), false);
    assert.equal(await verifyPassword('', a), false);
  });

  it('verifies hashes made with other parameters and says when to rehash', async () => {
    const cheap = await hashPassword('another long passphrase', { ln: 11, r: 8, p: 1 });
    assert.equal(await verifyPassword('another long passphrase', cheap), true);
    assert.equal(needsRehash(cheap), true);
    assert.equal(needsRehash(await hashPassword('another long passphrase')), false);
  });

  it('never matches a malformed or out-of-bounds hash', async () => {
    const good = await hashPassword('yet another passphrase', { ln: 10, r: 8, p: 1 });
    for (const bad of ['', 'plain', good.replace('ln=10', 'ln=30'), good.replace('r=8', 'r=0'), good.slice(0, -20)]) {
      assert.equal(decodeHash(bad), undefined, bad);
      assert.equal(await verifyPassword('yet another passphrase', bad), false, bad);
    }
  });

  it('spends a verification on unknown users and always refuses', async () => {
    assert.equal(await verifyUnknownUser('anything at all', { ln: 10, r: 8, p: 1 }), false);
  });
});

describe('password policy', () => {
  it('wants 12 characters or more', () => {
    assert.deepEqual(passwordProblems('short1!'), ['must be at least 12 characters']);
    assert.deepEqual(passwordProblems('Tr0ub4dor&3x!'), []);
    assert.deepEqual(passwordProblems('correct horse battery staple'), []);
  });

  it('refuses the passwords people try first', () => {
    for (const weak of [
      'password1234',
      'Password123!',
      'P@ssw0rd2024!',
      'passwordpassword',
      'aaaaaaaaaaaaaaaa',
      'abababababababab',
      '123456789012',
      'qwertyuiopasdf',
      'administrator1',
      'letmein!letmein!',
      'vigil2024vigil',
    ]) {
      assert.ok(passwordProblems(weak).length > 0, weak);
    }
  });

  it('refuses low-entropy passwords: only digits, sequences, repeats, few different characters (issue 12)', () => {
    for (const weak of [
      '1234567890ab',
      '0987654321ab',
      'abcdef123456',
      '739184620573',
      'ab12ab12ab12',
      'aabbccddaabb',
      '111111111112',
      'qwerty123456',
      'zaq1xsw2cde3vfr4',
      'summer2024!!',
      'iloveyou2024',
    ]) {
      assert.ok(passwordProblems(weak).length > 0, weak);
    }
    assert.deepEqual(passwordProblems('1234567890ab'), [
      'is too predictable: mostly repeated characters or keyboard and counting sequences',
    ]);
    assert.deepEqual(passwordProblems('739184620573'), ['must not be only digits']);
    for (const fine of ['a different long passphrase', 'amber-kestrel-lantern-91', 'Tr0ub4dor&3x-plus']) {
      assert.deepEqual(passwordProblems(fine), [], fine);
    }
  });

  it('refuses a password containing the username, and overlong ones', () => {
    assert.ok(passwordProblems('alice-is-the-best-42', 'alice').includes('must not contain the username'));
    assert.ok(passwordProblems('x'.repeat(100) + 'Yz1!'.repeat(50)).includes('must be at most 256 characters'));
  });
});
