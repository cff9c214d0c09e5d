import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_PARAMS, generatePassword, hashPassword, needsRehash, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time and its parameters stored', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct');
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
    expect(needsRehash(first)).toBe(false);
  });

  it('treats composed and decomposed Unicode as the same password', async () => {
    const hash = await hashPassword('caf\u00e9-au-lait!');
    expect(await verifyPassword('cafe\u0301-au-lait!', hash)).toBe(true);
  });

  it('still verifies weaker old hashes and asks for a rehash; refuses malformed or absurd ones', async () => {
    const weak = await hashPassword('old password here', { ...DEFAULT_SCRYPT_PARAMS, log2N: 12 });
    expect(await verifyPassword('old password here', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('x', weak.replace(/^scrypt\$12/, 'scrypt$30'))).toBe(false);
    expect(needsRehash('plain')).toBe(true);
  });

  it('generates distinct readable passwords', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
  });
});
