import { describe, expect, it } from 'vitest';
import {
  ARGON2_PARAMS,
  generatePassword,
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyPassword
} from './passwords';

describe('password hashing', () => {
  it('makes argon2id PHC strings that carry the OWASP parameters', async () => {
    const phc = await hashPassword('a long enough passphrase');
    expect(phc).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/
    );
    expect(ARGON2_PARAMS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    // At least OWASP's baseline (m ≥ 19 MiB with t ≥ 2).
    expect(ARGON2_PARAMS.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(ARGON2_PARAMS.timeCost).toBeGreaterThanOrEqual(2);
  });

  it('salts every hash, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(b, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(a, 'correct horse batterY')).toBe(false);
  });

  it('answers false, without throwing, for a damaged hash', async () => {
    expect(await verifyPassword('not a hash', 'whatever it is')).toBe(false);
    expect(await verifyPassword('', '')).toBe(false);
  });

  it('asks for a rehash when the parameters differ from today’s', async () => {
    expect(needsRehash(await hashPassword('one passphrase here'))).toBe(false);
    expect(
      needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHRzYWx0$ZmFrZWhhc2hmYWtlaGFzaGZha2VoYXNo')
    ).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('password policy', () => {
  it('needs at least 10 characters, counted as people see them', () => {
    expect(passwordProblem('short1234')).toBe('too_short');
    expect(passwordProblem('ten chars!')).toBeNull();
    // Four emoji are four characters (eight UTF-16 units): still too short.
    expect(passwordProblem('🙂🙂🙂🙂ab')).toBe('too_short');
  });

  it('refuses huge inputs before hashing', () => {
    expect(passwordProblem('x'.repeat(257) + 'yz')).toBe('too_long');
  });

  it('refuses common passwords, repeated symbols and the account’s own name', () => {
    for (const p of ['1234567890', 'Password123', 'contraseña123', 'QWERTYUIOP', 'aaaaaaaaaaaa']) {
      expect(passwordProblem(p), p).toBe('too_common');
    }
    expect(passwordProblem('ana.perez2024!', ['ana.perez@parque.example'])).toBe('too_common');
    expect(passwordProblem('ana.perez@parque.example', ['ana.perez@parque.example'])).toBe(
      'too_common'
    );
    expect(passwordProblem('tres tristes tigres', ['ana.perez@parque.example'])).toBeNull();
  });

  it('generates passwords that pass the policy and differ each time', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(passwordProblem(a)).toBeNull();
    expect(generatePassword()).not.toBe(a);
  });
});
