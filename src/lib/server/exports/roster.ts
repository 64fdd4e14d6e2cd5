/**
 * Exporting one session's roster (issue 9 §5): who may, what is read, and the audit row.
 * The route's policy row (auth/policy.ts) lets librarians and admins through; the park is
 * checked here, because it comes from the session, not from the caller: a librarian of
 * another park gets the same 404 as for a session that does not exist, so trying ids
 * tells them nothing. Facilitators see sessions on the console but do not take names away
 * in a file (issue 9: "a facilitator cannot reach … exports").
 */
import type { RegistrationStatus } from '../../domain/registration';
import { audit } from '../auth/audit';
import { staffInPark, type StaffIdentity } from '../auth/types';
import type { Db } from '../db/index';
import type { StaffRole } from '../db/schema';
import { rosterCsv, type CsvLocale, type RosterExportRow } from './roster-csv';

/** Who may download a roster; the same list as the route's row in ROUTE_POLICY. */
export const ROSTER_EXPORTERS: readonly StaffRole[] = ['admin', 'librarian'];

/** Tickets that belong on the sheet: a refused registration never held a place. */
const EXPORTED_STATUSES: RegistrationStatus[] = ['confirmed', 'pending', 'waitlisted', 'cancelled'];

export type RosterExport =
  { ok: true; csv: string; filename: string; rows: number } | { ok: false; status: 403 | 404 };

export async function exportRoster(
  db: Db,
  staff: StaffIdentity,
  sessionId: string,
  locale: CsvLocale = 'es',
  now = new Date()
): Promise<RosterExport> {
  if (!ROSTER_EXPORTERS.includes(staff.role)) return { ok: false, status: 403 };
  const session = await db
    .selectFrom('sessions')
    .innerJoin('branches', 'branches.id', 'sessions.branch_id')
    .select(['sessions.id', 'sessions.branch_id', 'sessions.starts_at', 'branches.time_zone'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!session || !staffInPark(staff, session.branch_id)) return { ok: false, status: 404 };

  const rows = await db
    .selectFrom('registrations')
    .select(['code', 'name', 'status', 'position', 'checked_in_stamp', 'received_at', 'created_at'])
    .where('session_id', '=', sessionId)
    .where('status', 'in', EXPORTED_STATUSES)
    .execute();
  const tickets: RosterExportRow[] = rows.map((r) => ({
    code: r.code,
    name: r.name,
    status: r.status as RegistrationStatus,
    position: r.position === null ? null : Number(r.position),
    checkedInStamp: r.checked_in_stamp,
    // received_at is the server's clock; rows from before it existed have created_at.
    registeredAt: r.received_at ?? r.created_at
  }));
  // Counts only: the audit trail never holds a name (auth/audit.ts).
  await audit(
    db,
    {
      kind: 'roster_exported',
      staffId: staff.id,
      branchId: session.branch_id,
      subject: session.id,
      detail: {
        rows: tickets.length,
        confirmed: tickets.filter((t) => t.status === 'confirmed').length,
        checkedIn: tickets.filter((t) => t.checkedInStamp !== null).length
      }
    },
    now
  );
  return {
    ok: true,
    csv: rosterCsv(tickets, session.time_zone, locale),
    filename: `lista-${session.id.replace(/[^A-Za-z0-9._-]/g, '-')}.csv`,
    rows: tickets.length
  };
}
