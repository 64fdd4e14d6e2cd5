import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clampStamp,
  decodeHlc,
  floorStamp,
  encodeHlc,
  isHlcStamp,
  MAX_CLOCK_LEAD_MS,
  receive,
  tick,
  type Hlc
} from './hlc';

const start: Hlc = { wall: 0, counter: 0, node: 'kiosk-a' };

describe('hybrid logical clock', () => {
  it('round-trips and sorts as strings in clock order', () => {
    const a = encodeHlc({ wall: 1_795_000_000_000, counter: 3, node: 'a' });
    expect(decodeHlc(a)).toEqual({ wall: 1_795_000_000_000, counter: 3, node: 'a' });
    const later = encodeHlc({ wall: 1_795_000_000_000, counter: 10, node: 'a' });
    const muchLater = encodeHlc({ wall: 1_795_000_000_001, counter: 0, node: 'a' });
    expect([muchLater, later, a].sort()).toEqual([a, later, muchLater]);
    expect(isHlcStamp('nonsense')).toBe(false);
  });

  it('never goes back when the wall clock jumps back (restart with a wrong clock)', () => {
    expect(() =>
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 2_000_000_000_000 }), { maxLength: 200 }),
          (clock) => {
            let h = start;
            let prev = encodeHlc(h);
            for (const now of clock) {
              h = tick(h, now);
              const stamp = encodeHlc(h);
              if (!(stamp > prev)) return false;
              // A restart reads the persisted stamp back: decode(encode) must be lossless.
              h = decodeHlc(stamp);
              prev = stamp;
            }
            return true;
          }
        )
      )
    ).not.toThrow();
  });

  it('after receiving a stamp, local stamps sort after it', () => {
    expect(() =>
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2_000_000_000_000 }),
          fc.integer({ min: 0, max: 2_000_000_000_000 }),
          fc.integer({ min: 0, max: 1000 }),
          fc.integer({ min: 0, max: 2_000_000_000_000 }),
          (localWall, remoteWall, remoteCounter, now) => {
            const local: Hlc = { wall: localWall, counter: 0, node: 'a' };
            const remote: Hlc = { wall: remoteWall, counter: remoteCounter, node: 'b' };
            const next = tick(receive(local, remote, now), now);
            return (
              next.wall > remote.wall ||
              (next.wall === remote.wall && next.counter > remote.counter)
            );
          }
        )
      )
    ).not.toThrow();
  });

  it('the server pulls a stamp from a fast clock back to now + the allowed lead', () => {
    const serverNow = 1_795_000_000_000;
    const dayAhead = encodeHlc({ wall: serverNow + 86_400_000, counter: 2, node: 'k' });
    expect(decodeHlc(clampStamp(dayAhead, serverNow))).toEqual({
      wall: serverNow + MAX_CLOCK_LEAD_MS,
      counter: 2,
      node: 'k'
    });
    const honest = encodeHlc({ wall: serverNow - 1000, counter: 0, node: 'k' });
    expect(clampStamp(honest, serverNow)).toBe(honest);
  });
});

describe('floorStamp', () => {
  const T = Date.parse('2026-12-01T15:00:00.000Z');
  it('lifts a stamp older than the floor to the floor', () => {
    const old = encodeHlc({ wall: T - 86_400_000, counter: 3, node: 'p' });
    expect(decodeHlc(floorStamp(old, T, null))).toEqual({ wall: T, counter: 3, node: 'p' });
  });
  it('keeps a stamp after the floor and after the last accepted one', () => {
    const s = encodeHlc({ wall: T + 10, counter: 0, node: 'p' });
    expect(floorStamp(s, T, encodeHlc({ wall: T + 5, counter: 0, node: 'p' }))).toBe(s);
  });
  it('puts a stamp before the last accepted one just after it', () => {
    const last = encodeHlc({ wall: T + 50, counter: 7, node: 'p' });
    const earlier = encodeHlc({ wall: T + 10, counter: 0, node: 'p' });
    const floored = floorStamp(earlier, T, last);
    expect(floored > last).toBe(true);
    expect(decodeHlc(floored)).toEqual({ wall: T + 50, counter: 8, node: 'p' });
    expect(floorStamp(last, T, last)).toBe(last);
  });
});
