import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PullQuerySchema } from './sync';
import { reportParams } from './device-report';

const parse = (extra: Record<string, string>) =>
  v.safeParse(PullQuerySchema, { branch: 'br-a', ...extra });

describe("a device's report in the pull query", () => {
  it('is optional: an older build that sends none still pulls', () => {
    const r = parse({});
    expect(r.success).toBe(true);
    expect(r.output).not.toHaveProperty('appVersion');
  });

  it('round-trips what a device sends', () => {
    const params = Object.fromEntries(
      reportParams({ appVersion: '1764756000000', storageUsed: 12_345_678, pending: 2 })
    );
    const r = parse(params);
    expect(r.success && r.output).toMatchObject({
      appVersion: '1764756000000',
      storageUsed: 12_345_678,
      pending: 2
    });
  });

  it('refuses what is not a small plain value, naming the field', () => {
    for (const [extra, key] of [
      [{ appVersion: 'x'.repeat(65) }, 'appVersion'],
      [{ appVersion: '<script>' }, 'appVersion'],
      [{ storageUsed: '-1' }, 'storageUsed'],
      [{ storageUsed: '1.5' }, 'storageUsed'],
      [{ storageUsed: '9'.repeat(16) }, 'storageUsed'],
      [{ pending: 'many' }, 'pending'],
      [{ pending: '1e3' }, 'pending']
    ] as [Record<string, string>, string][]) {
      const r = parse(extra);
      expect(r.success, JSON.stringify(extra)).toBe(false);
      expect(r.issues?.[0]?.path?.[0]?.key).toBe(key);
    }
  });

  it('leaves out what the device does not know', () => {
    expect(reportParams({ appVersion: 'v1' })).toEqual([['appVersion', 'v1']]);
    expect(reportParams({ storageUsed: Number.NaN, pending: 0 })).toEqual([['pending', '0']]);
  });
});
