/**
 * Codes people read and type (tickets, recovery codes): symbols from an alphabet without
 * look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), shown in groups of four.
 */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

export function randomCode(length: number, randomBytes: (n: number) => Uint8Array): string {
  let code = '';
  while (code.length < length) {
    for (const b of randomBytes(length * 2)) {
      // Rejection sampling keeps every symbol equally likely: 250 = 10 × 25.
      if (b < 250 && code.length < length) code += CODE_ALPHABET[b % 25];
    }
  }
  return code;
}

/** What a person typed (any case, with spaces or dashes) as a code of `length`, or null. */
export function normaliseCode(input: string, length: number): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== length) return null;
  for (const c of code) if (!CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** ABCD-EFGH-JKMN */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
