import { describe, expect, it } from 'vitest';
import { RateLimit } from './rate-limit';

describe('RateLimit', () => {
  it('allows `limit` tries per window and key, then refuses until the window ends', () => {
    const limit = new RateLimit(3, 1000);
    expect([1, 2, 3, 4].map(() => limit.take('a', 0))).toEqual([true, true, true, false]);
    expect(limit.take('b', 10)).toBe(true);
    expect(limit.take('a', 999)).toBe(false);
    expect(limit.take('a', 1000)).toBe(true);
  });
});
