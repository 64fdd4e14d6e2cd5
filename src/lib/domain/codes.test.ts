import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, formatCode, normaliseCode, randomCode } from './codes';

describe('codes', () => {
  it('use 25 symbols a person will not confuse (no 0/O, 1/I/L, 2/Z, 5/S, 8/B)', () => {
    expect(CODE_ALPHABET).toHaveLength(25);
    for (const c of '0O1IL2Z5S8B') expect(CODE_ALPHABET).not.toContain(c);
  });

  it('draw every symbol about equally often (rejection sampling, no modulo bias)', () => {
    // 500,000 symbols: each is expected 20,000 times (σ ≈ 139, so the ratio below varies by
    // about 0.3 %). A modulo without rejection would give the first six symbols 10 % more
    // (11 of 256 byte values instead of 10: 250…255 fold onto them).
    const counts = new Map<string, number>();
    const bytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));
    for (let i = 0; i < 20_000; i++) {
      for (const c of randomCode(25, bytes)) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(25);
    const n = (c: string) => counts.get(c) ?? 0;
    const firstSix = [...CODE_ALPHABET.slice(0, 6)].reduce((t, c) => t + n(c), 0) / 6;
    const rest = [...CODE_ALPHABET.slice(6)].reduce((t, c) => t + n(c), 0) / 19;
    expect(Math.abs(firstSix / rest - 1)).toBeLessThan(0.05);
  });

  it('skip bytes that would bias the draw (250…255) and still fill the code', () => {
    let call = 0;
    const bytes = (n: number) => new Uint8Array(n).fill(call++ === 0 ? 255 : 26);
    expect(randomCode(4, bytes)).toBe(CODE_ALPHABET[1]!.repeat(4));
  });

  it('read what a person typed: any case, spaces and dashes, only the alphabet', () => {
    expect(normaliseCode('acde-fghj', 8)).toBe('ACDEFGHJ');
    expect(normaliseCode(' AC DE FG HJ ', 8)).toBe('ACDEFGHJ');
    expect(normaliseCode('ACDEFGH', 8)).toBeNull();
    expect(normaliseCode('ACDEFGH0', 8)).toBeNull();
    expect(normaliseCode('ACDEFGHJK', 8)).toBeNull();
  });

  it('are shown in groups of four', () => {
    expect(formatCode('ACDEFGHJ')).toBe('ACDE-FGHJ');
    expect(formatCode('ACDEFGHJKMNP')).toBe('ACDE-FGHJ-KMNP');
  });
});
