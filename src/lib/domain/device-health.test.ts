import { describe, expect, it } from 'vitest';
import {
  deviceWarnings,
  lastSyncAt,
  NO_SYNC_MS,
  PENDING_TOO_LONG_MS,
  type DeviceSyncState
} from './device-health';

const NOW = new Date('2026-12-03T15:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const HOUR = 3_600_000;

/** A healthy kiosk that synced a minute ago with nothing waiting, unless overridden. */
const device = (over: Partial<DeviceSyncState> = {}): DeviceSyncState => ({
  status: 'active',
  createdAt: ago(30 * 24 * HOUR),
  lastPushAt: ago(60_000),
  lastPullAt: ago(60_000),
  pendingCount: 0,
  pendingSince: null,
  ...over
});

describe('device warnings', () => {
  it('a device that synced lately with nothing waiting needs nothing', () => {
    expect(deviceWarnings(device(), NOW)).toEqual([]);
  });

  it('no sync in 24 h: counted from its latest push or pull, just past the limit', () => {
    const stale = { lastPushAt: ago(NO_SYNC_MS + 1), lastPullAt: ago(NO_SYNC_MS + 1) };
    expect(deviceWarnings(device(stale), NOW)).toEqual(['no_sync']);
    expect(deviceWarnings(device({ ...stale, lastPullAt: ago(NO_SYNC_MS) }), NOW)).toEqual([]);
    // A recent push alone is a sync too.
    expect(deviceWarnings(device({ ...stale, lastPushAt: ago(HOUR) }), NOW)).toEqual([]);
  });

  it('a device that never synced counts from its enrolment', () => {
    const never = { lastPushAt: null, lastPullAt: null };
    expect(deviceWarnings(device({ ...never, createdAt: ago(HOUR) }), NOW)).toEqual([]);
    expect(deviceWarnings(device({ ...never, createdAt: ago(NO_SYNC_MS + 1) }), NOW)).toEqual([
      'no_sync'
    ]);
  });

  it('changes pending for over an hour, by when they began to wait', () => {
    const waiting = (since: number, count = 3) =>
      deviceWarnings(device({ pendingCount: count, pendingSince: ago(since) }), NOW);
    expect(waiting(PENDING_TOO_LONG_MS + 1)).toEqual(['pending_too_long']);
    expect(waiting(PENDING_TOO_LONG_MS)).toEqual([]);
    expect(waiting(10 * 60_000)).toEqual([]);
    // Nothing waiting now: no warning, whatever the stale stamp says.
    expect(waiting(5 * HOUR, 0)).toEqual([]);
    // An older build that does not say since when: no guess.
    expect(deviceWarnings(device({ pendingCount: 4, pendingSince: null }), NOW)).toEqual([]);
  });

  it('both at once, and none for a revoked device', () => {
    const bad = device({
      lastPushAt: ago(2 * NO_SYNC_MS),
      lastPullAt: null,
      pendingCount: 2,
      pendingSince: ago(2 * NO_SYNC_MS)
    });
    expect(deviceWarnings(bad, NOW)).toEqual(['no_sync', 'pending_too_long']);
    expect(deviceWarnings({ ...bad, status: 'revoked' }, NOW)).toEqual([]);
  });

  it('the last sync is the later of push and pull', () => {
    expect(lastSyncAt({ lastPushAt: ago(5), lastPullAt: ago(10) })).toBe(ago(5));
    expect(lastSyncAt({ lastPushAt: ago(10), lastPullAt: ago(5) })).toBe(ago(5));
    expect(lastSyncAt({ lastPushAt: null, lastPullAt: ago(5) })).toBe(ago(5));
    expect(lastSyncAt({ lastPushAt: null, lastPullAt: null })).toBeNull();
  });
});
