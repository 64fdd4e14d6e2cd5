/**
 * The printed sign-in sheet of a session (issue 9 §4) and the paper ticks entered from it
 * afterwards. The sheet carries names, so it is a roster export: librarians and admins of
 * the session's park, audited like the CSV.
 */
import { audit } from '../auth/audit';
import { staffInPark, type StaffIdentity } from '../auth/types';
import type { Db } from '../db/index';
import { ROSTER_EXPORTERS } from '../exports/roster';

export interface SheetRow {
  code: string;
  name: string;
  checkedIn: boolean;
}

/** Blank lines for walk-ins: a fifth of the room, at least five. */
export const blankLines = (capacity: number) => Math.max(5, Math.ceil(capacity / 5));

export async function sheetRows(
  db: Db,
  staff: StaffIdentity,
  sessionId: string,
  now = new Date()
): Promise<SheetRow[] | null> {
  if (!ROSTER_EXPORTERS.includes(staff.role)) return null;
  const session = await db
    .selectFrom('sessions')
    .select(['id', 'branch_id'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session || !staffInPark(staff, session.branch_id)) return null;
  const rows = await db
    .selectFrom('registrations')
    .select(['code', 'name', 'checked_in_stamp'])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'confirmed')
    .execute();
  const byName = new Intl.Collator('es', { sensitivity: 'base' });
  await audit(
    db,
    {
      kind: 'roster_exported',
      staffId: staff.id,
      branchId: session.branch_id,
      subject: session.id,
      detail: { format: 'sheet', rows: rows.length }
    },
    now
  );
  return rows
    .map((r) => ({ code: r.code, name: r.name, checkedIn: r.checked_in_stamp !== null }))
    .sort((a, b) => byName.compare(a.name, b.name) || a.code.localeCompare(b.code));
}
