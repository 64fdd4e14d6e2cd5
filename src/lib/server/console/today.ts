/**
 * The console's home for a park (issue 9 §1): today's sessions with their counts, the day's
 * totals, and the park's kiosks and desks that need someone to look at them. Counts only.
 */
import type { Db } from '../db/index';
import { consoleSessions, type ConsoleSession } from './sessions';

/** A kiosk silent this long has lost its network, its power or its credential. */
export const SILENT_AFTER_MS = 24 * 3_600_000;
/** Changes waiting this long on a device are changes the server does not have. */
export const STUCK_AFTER_MS = 3_600_000;

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
 * Why a device needs a look, if it does: it never synced, it has not synced in 24 hours,
 * or it has held changes for over an hour (its last successful push is that old).
 */
export function attentionOf(
  d: { lastPushAt: string | null; lastPullAt: string | null; pendingCount: number },
  now: Date
): Attention[] {
  const last = [d.lastPushAt, d.lastPullAt]
    .filter((x): x is string => x !== null)
    .sort()
    .at(-1);
  const problems: Attention[] = [];
  if (!last) problems.push('never_synced');
  else if (now.getTime() - Date.parse(last) > SILENT_AFTER_MS) problems.push('silent');
  const lastPush = d.lastPushAt ? Date.parse(d.lastPushAt) : null;
  if (d.pendingCount > 0 && (lastPush === null || now.getTime() - lastPush > STUCK_AFTER_MS)) {
    problems.push('pending');
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
      'clients.pending_count',
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
      const d = {
        lastPushAt: r.last_push_at ?? null,
        lastPullAt: r.last_pull_at ?? null,
        pendingCount: Number(r.pending_count ?? 0)
      };
      return {
        id: r.id,
        kind: r.kind,
        label: r.label,
        lastSyncAt:
          [d.lastPushAt, d.lastPullAt]
            .filter((x) => x !== null)
            .sort()
            .at(-1) ?? null,
        pendingCount: d.pendingCount,
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
