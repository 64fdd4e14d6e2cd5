/**
 * The console's home for a park (issue 9 §1): today's sessions with their counts, the day's
 * totals, and the park's kiosks and desks that need someone to look at them. Counts only.
 */
import type { Db } from '../db/index';
import { deviceWarnings, lastSyncAt, type DeviceSyncState } from '../../domain/device-health';
import { consoleSessions, type ConsoleSession } from './sessions';

export type Attention = 'never_synced' | 'silent' | 'pending';

export interface DeviceAttention {
  id: string;
  kind: string;
  label: string | null;
  lastSyncAt: string | null;
  pendingCount: number;
  problems: Attention[];
}

/**
 * Why a device needs a look, if it does: the devices page's warnings (domain/device-health:
 * no sync for a day, changes waiting for over an hour), and, on the home, a device that has
 * never synced at all (just enrolled and not yet working, or set up and switched off).
 */
export function attentionOf(d: DeviceSyncState, now: Date): Attention[] {
  const problems: Attention[] = [];
  if (lastSyncAt(d) === null) problems.push('never_synced');
  for (const w of deviceWarnings(d, now)) {
    if (w === 'no_sync' && !problems.includes('never_synced')) problems.push('silent');
    if (w === 'pending_too_long') problems.push('pending');
  }
  return problems;
}

export interface Today {
  sessions: ConsoleSession[];
  totals: {
    sessions: number;
    cancelled: number;
    confirmed: number;
    waitlisted: number;
    checkedIn: number;
  };
  devices: DeviceAttention[];
}

export async function today(
  db: Db,
  branchId: string,
  timeZone: string,
  now = new Date()
): Promise<Today> {
  const sessions = await consoleSessions(db, branchId, timeZone, now, 1);
  const live = sessions.filter((s) => s.status === 'scheduled');
  const rows = await db
    .selectFrom('devices')
    .leftJoin('clients', 'clients.client_id', 'devices.id')
    .select([
      'devices.id',
      'devices.kind',
      'devices.label',
      'devices.status',
      'devices.created_at',
      'clients.pending_count',
      'clients.pending_since',
      'clients.last_push_at',
      'clients.last_pull_at'
    ])
    .where('devices.branch_id', '=', branchId)
    .where('devices.status', '=', 'active')
    .where('devices.kind', '!=', 'phone')
    .orderBy('devices.created_at')
    .execute();
  const devices = rows
    .map((r) => {
      const d: DeviceSyncState = {
        status: r.status,
        createdAt: r.created_at,
        lastPushAt: r.last_push_at ?? null,
        lastPullAt: r.last_pull_at ?? null,
        pendingCount: Number(r.pending_count ?? 0),
        pendingSince: r.pending_since ?? null
      };
      return {
        id: r.id,
        kind: r.kind,
        label: r.label,
        lastSyncAt: lastSyncAt(d),
        pendingCount: d.pendingCount ?? 0,
        problems: attentionOf(d, now)
      };
    })
    .filter((d) => d.problems.length > 0);
  return {
    sessions,
    totals: {
      sessions: live.length,
      cancelled: sessions.length - live.length,
      confirmed: live.reduce((n, s) => n + s.seatsTaken, 0),
      waitlisted: live.reduce((n, s) => n + s.waitlisted, 0),
      checkedIn: live.reduce((n, s) => n + s.checkedIn, 0)
    },
    devices
  };
}
