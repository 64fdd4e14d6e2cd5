/**
 * Staff passwords (DESIGN §9): argon2id hashes in PHC strings, and what a new password must
 * be. The parameters travel inside each hash (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), so
 * raising them later only needs `needsRehash` at the next sign-in, not a migration.
 */
import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * OWASP Password Storage Cheat Sheet (2023): argon2id with m=19456 KiB (19 MiB), t=2, p=1
 * is its baseline; its other lines (m=46 MiB t=1, m=12 MiB t=3, …) trade memory for
 * passes at the same strength. We take this line because the app runs on small shared
 * machines (two cores), where each concurrent sign-in holds its memory: 19 MiB keeps a
 * burst of sign-ins at opening time within a few hundred MiB, and one hash takes about
 * 30-40 ms there. Guessing online is further held back by the lockout (staff.ts) and the
 * per-address limits; offline, by the memory cost. `@node-rs/argon2` draws a 16-byte salt.
 */
export const ARGON2_PARAMS = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1
} as const;

/** `Algorithm.Argon2id` (an ambient const enum, which isolated modules cannot read). */
const ARGON2ID = 2 as Algorithm;

const OPTIONS: Options = { ...ARGON2_PARAMS, algorithm: ARGON2ID };

/**
 * NIST SP 800-63B §3.1.1.2 asks for at least 8 characters and at least 64 allowed; we ask
 * for 10 (staff accounts reach every park's roster) and allow up to 256 so a passphrase
 * manager's output always fits, while a megabyte "password" is refused before hashing.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The commonest passwords of 10 characters or more in public breach lists (top of the
 * SecLists "10k most common" that pass the length rule), Spanish ones people here would
 * reach for, and this app's own words. NIST asks to refuse "commonly-used, expected, or
 * compromised values"; a short list catches the ones a guesser tries first.
 */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '0123456789',
  '0987654321',
  '12345678910',
  '123456789a',
  'a123456789',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'asdfghjkl;',
  'zxcvbnm123',
  'qwerty1234',
  'qwerty12345',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou12',
  'administrator',
  'administrador',
  'contrasena',
  'contraseña',
  'contrasena123',
  'contraseña123',
  'teamo12345',
  'colombia123',
  'colombia2024',
  'colombia2025',
  'colombia2026',
  'medellin123',
  'medellin2024',
  'medellin2025',
  'medellin2026',
  'biblioteca',
  'biblioteca123',
  'bibliotecario',
  'bibliotecaria',
  'parquebiblioteca',
  'parque1234',
  'parque12345',
  'parque2024',
  'parque2025',
  'parque2026'
]);

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

/**
 * Why a new password is refused, or null if it is fine. `context` holds words of this
 * account (its email) that must not be the password either.
 */
export function passwordProblem(password: string, context: string[] = []): PasswordProblem | null {
  // Count characters as people see them, not UTF-16 units (an emoji is one character).
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'too_common';
  // One symbol repeated ("aaaaaaaaaa") or a run of the keyboard's digits.
  if (new Set(lower).size <= 2) return 'too_common';
  const words = context
    .flatMap((c) => [c.toLowerCase(), c.toLowerCase().split('@')[0] ?? ''])
    .filter((w) => w.length >= 4);
  if (words.some((w) => lower === w || lower.replace(/[\d\W_]+$/u, '') === w)) {
    return 'too_common';
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True if `password` matches the PHC string; false for a mismatch or a damaged hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with other parameters than today's (rehash it). */
export function needsRehash(phc: string): boolean {
  try {
    const p = parseOptions(phc);
    return (
      p.algorithm !== ARGON2ID ||
      p.memoryCost !== ARGON2_PARAMS.memoryCost ||
      p.timeCost !== ARGON2_PARAMS.timeCost ||
      p.parallelism !== ARGON2_PARAMS.parallelism
    );
  } catch {
    return true;
  }
}

/**
 * A password for someone to type once and then change (reset, CLI `--generate`, the demo):
 * 16 symbols of the readable code alphabet plus digits, about 80 bits, in groups of four.
 */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  let out = '';
  // 248 = 8 × 31: rejection sampling keeps each symbol equally likely.
  while (out.length < 16) {
    for (const b of randomBytes(32)) if (b < 248 && out.length < 16) out += alphabet[b % 31];
  }
  return out.match(/.{4}/g)!.join('-');
}
