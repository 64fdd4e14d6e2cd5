/**
 * The roster snapshot an enrolled kiosk or desk receives with its pull (domain/roster.ts):
 * the tickets of its park's sessions today and tomorrow, with codes, states and first
 * names, keyed without registration ids.
 */
import { createHash } from 'node:crypto';
import { firstNameOf, rosterEntryId, rosterWindow, ROSTER_STATUSES } from '../../domain/roster';
import type { RosterEntry } from '../../domain/registration';
import type { RosterSnapshot } from '../../domain/sync';
import type { Tx } from '../db/index';

export async function rosterSnapshot(
  trx: Tx,
  branchId: string,
  timeZone: string,
  now: Date,
  /** A desk's roster carries whole names, to find people by name at the door. */
  names = false
): Promise<RosterSnapshot> {
  const { from, to } = rosterWindow(now, timeZone);
  const rows = await trx
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .select([
      'registrations.session_id',
      'registrations.workshop_id',
      'registrations.code',
      'registrations.name',
      'registrations.status',
      'registrations.checked_in_stamp'
    ])
    .where('registrations.branch_id', '=', branchId)
    .where('registrations.status', 'in', [...ROSTER_STATUSES])
    .where('sessions.starts_at', '>=', from)
    .where('sessions.starts_at', '<', to)
    .execute();
  const entries: RosterEntry[] = rows
    .map((r) => ({
      id: rosterEntryId(r.session_id, r.code),
      sessionId: r.session_id,
      workshopId: r.workshop_id,
      code: r.code,
      firstName: firstNameOf(r.name),
      ...(names ? { name: r.name } : {}),
      status: r.status as RosterEntry['status'],
      checkedIn: r.checked_in_stamp
    }))
    // One order for the digest; ids are unique (two tickets of a session never share a code).
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const digest = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 32);
  return { digest, entries };
}
