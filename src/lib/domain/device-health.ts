/**
 * When a kiosk or desk needs a librarian's attention (issue 9, item 6). Pure: the caller
 * says what time it is.
 */

/** A device that has not synced for a day is off, offline or broken. */
export const NO_SYNC_MS = 24 * 60 * 60_000;
/**
 * Changes that wait more than an hour are not a blip: a device syncs every few minutes
 * while it has a network, so an hour means it has none, or the server keeps refusing it.
 */
export const PENDING_TOO_LONG_MS = 60 * 60_000;

export type DeviceWarning = 'no_sync' | 'pending_too_long';

export interface DeviceSyncState {
  status: string;
  /** When it was enrolled: a device that never synced counts from then. */
  createdAt: string;
  lastPushAt: string | null;
  lastPullAt: string | null;
  pendingCount: number | null;
  /** Since when it has reported changes waiting (null: none, or a build that does not say). */
  pendingSince: string | null;
}

const time = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** The device's last contact that synced anything: its latest push or pull. */
export function lastSyncAt(d: Pick<DeviceSyncState, 'lastPushAt' | 'lastPullAt'>): string | null {
  const push = time(d.lastPushAt);
  const pull = time(d.lastPullAt);
  if (push === null) return d.lastPullAt;
  if (pull === null) return d.lastPushAt;
  return push >= pull ? d.lastPushAt : d.lastPullAt;
}

export function deviceWarnings(d: DeviceSyncState, now: Date): DeviceWarning[] {
  if (d.status !== 'active') return [];
  const out: DeviceWarning[] = [];
  const since = time(lastSyncAt(d)) ?? time(d.createdAt) ?? now.getTime();
  if (now.getTime() - since > NO_SYNC_MS) out.push('no_sync');
  const pendingSince = time(d.pendingSince);
  if ((d.pendingCount ?? 0) > 0 && pendingSince !== null) {
    if (now.getTime() - pendingSince > PENDING_TOO_LONG_MS) out.push('pending_too_long');
  }
  return out;
}
