/**
 * The contacts of a session's ticket holders, to tell them the session changed or was
 * cancelled (issue 9 §3): the one use the privacy notice gives a contact ("para avisarte de
 * cambios"). Only people who left one, only tickets the change concerns (live, or cancelled
 * by the library), for librarians and admins of the session's park, audited with counts.
 * Same file conventions as the roster (roster-csv.ts: BOM, `;`, CRLF, formula-safe cells).
 */
import { stringify } from 'csv-stringify/sync';
import { m } from '../../paraglide/messages';
import { audit } from '../auth/audit';
import { staffInPark, type StaffIdentity } from '../auth/types';
import { reachable } from '../console/session-detail';
import type { Db } from '../db/index';
import { ROSTER_EXPORTERS } from './roster';
import { CSV_BOM, CSV_DELIMITER, neutraliseFormula, type CsvLocale } from './roster-csv';

export type ContactsExport =
  { ok: true; csv: string; filename: string } | { ok: false; status: 403 | 404 };

export async function exportContacts(
  db: Db,
  staff: StaffIdentity,
  sessionId: string,
  locale: CsvLocale = 'es',
  now = new Date()
): Promise<ContactsExport> {
  if (!ROSTER_EXPORTERS.includes(staff.role)) return { ok: false, status: 403 };
  const session = await db
    .selectFrom('sessions')
    .select(['id', 'branch_id'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session || !staffInPark(staff, session.branch_id)) return { ok: false, status: 404 };
  const rows = (
    await db
      .selectFrom('registrations')
      .select(['name', 'contact', 'code', 'status', 'reason'])
      .where('session_id', '=', sessionId)
      .where('contact', 'is not', null)
      .execute()
  ).filter((r) => r.contact && reachable(r));
  const byName = new Intl.Collator('es', { sensitivity: 'base' });
  rows.sort((a, b) => byName.compare(a.name, b.name) || a.code.localeCompare(b.code));
  const records = [
    [
      m.csv_contacts_name({}, { locale }),
      m.csv_contacts_contact({}, { locale }),
      m.csv_contacts_code({}, { locale })
    ],
    ...rows.map((r) => [r.name, r.contact ?? '', r.code])
  ].map((record) => record.map(neutraliseFormula));
  await audit(
    db,
    {
      kind: 'contacts_exported',
      staffId: staff.id,
      branchId: session.branch_id,
      subject: session.id,
      detail: { rows: rows.length }
    },
    now
  );
  return {
    ok: true,
    csv:
      CSV_BOM +
      stringify(records, {
        delimiter: CSV_DELIMITER,
        record_delimiter: 'windows',
        quoted_string: false
      }),
    filename: `contactos-${session.id.replace(/[^A-Za-z0-9._-]/g, '-')}.csv`
  };
}
