import { describe, expect, it } from 'vitest';
import { safeNext } from './guard.server';

const ORIGIN = 'https://parque.example';

describe('where sign-in goes next', () => {
  it('follows paths of the staff console', () => {
    expect(safeNext('/staff/devices', ORIGIN)).toBe('/staff/devices');
    expect(safeNext('/staff/devices?park=br-a', ORIGIN)).toBe('/staff/devices?park=br-a');
    expect(safeNext('/staff', ORIGIN)).toBe('/staff');
  });

  it.each([
    null,
    '',
    'https://evil.example/staff',
    '//evil.example/staff',
    '/\\evil.example/staff',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/staffing',
    '/tickets',
    '/staff/../tickets',
    '/staff/%2e%2e/tickets',
    '/staff/sign-in',
    '/staff/sign-out'
  ])('ignores %s', (next) => {
    expect(safeNext(next, ORIGIN)).toBe('/staff');
  });
});
