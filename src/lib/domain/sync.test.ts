import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  CursorError,
  decodeCursor,
  encodeCursor,
  PULL_TABLES,
  PullQuerySchema,
  RETIRED_PULL_SLOTS,
  type Cursor
} from './sync';

describe('cursor encoding', () => {
  it('round-trips a cursor between passes', () => {
    const c: Cursor = { epoch: 'abc123', base: 42 };
    expect(encodeCursor(c)).toBe('abc123.42');
    expect(decodeCursor('abc123.42')).toEqual(c);
  });

  it('round-trips a cursor mid-pass, with any key', () => {
    const c: Cursor = {
      epoch: 'e1',
      base: 3,
      pass: { target: 9, table: 4, afterKey: 'ses-ñ/+.x' }
    };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it.each([
    ['', 'form'],
    ['abc', 'form'],
    ['abc.', 'whole number'],
    ['abc.-1', 'whole number'],
    ['abc.1.2', 'form'],
    ['ab c.1', 'form'],
    ['abc.01', 'whole number'],
    ['abc.1.x.0.a', 'position'],
    ['abc.1.5.99.a', 'unknown table'],
    ['abc.5.1.0.a', 'behind'],
    ['abc.1.5.0.***', 'base64url'],
    ['x'.repeat(500), 'too long']
  ])('refuses %j with a plain reason', (raw, reason) => {
    expect(() => decodeCursor(raw)).toThrow(CursorError);
    expect(() => decodeCursor(raw)).toThrow(reason);
  });
});

describe('walking order (indices are saved in devices’ cursors)', () => {
  it('keeps every table at its index', () => {
    expect([...PULL_TABLES]).toEqual([
      'branches',
      'categories',
      'audiences',
      'workshops',
      'sessions',
      'tombstones',
      'registrations',
      'outcomes',
      'leases'
    ]);
    expect(RETIRED_PULL_SLOTS).toBe(1);
  });

  it('a cursor saved inside the retired roster slot (9) has finished its pass', () => {
    const saved = encodeCursor({
      epoch: 'e1',
      base: 3,
      pass: { target: 9, table: 9, afterKey: 'r' }
    });
    expect(decodeCursor(saved)).toEqual({ epoch: 'e1', base: 9 });
    expect(() => decodeCursor('e1.3.9.10.cg')).toThrow('unknown table');
  });
});

describe('PullQuerySchema', () => {
  it('keeps the client id and refuses one that is not a UUID', () => {
    const ok = v.safeParse(PullQuerySchema, {
      branch: 'br-a',
      client: '6f1c2a9e-3b1d-4c5e-9f00-0a1b2c3d4e5f',
      limit: '50'
    });
    expect(ok.success && ok.output).toEqual({
      branch: 'br-a',
      client: '6f1c2a9e-3b1d-4c5e-9f00-0a1b2c3d4e5f',
      limit: 50
    });
    expect(v.safeParse(PullQuerySchema, { branch: 'br-a', client: 'x' }).success).toBe(false);
    expect(v.safeParse(PullQuerySchema, { branch: '' }).success).toBe(false);
  });
});
