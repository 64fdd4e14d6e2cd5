/**
 * A session's roster as a CSV file for a spreadsheet (issue 9 §5). What it holds is decided
 * by the privacy notice the person accepted (messages: `privacy_text`): the name is "for
 * the attendance list", so it is here; contact is for telling people about changes, and age
 * band and comuna "are counted without names", so none of the three is in a file that has
 * names. The columns are documented in the README.
 *
 * The file is written for Excel as librarians in Medellín have it:
 * - UTF-8 with a byte-order mark: without it Excel reads the file as Windows-1252 and
 *   "Peña" comes out as "PeÃ±a".
 * - `;` between fields: Excel splits a double-clicked CSV on the list separator of the
 *   regional settings, which is `;` wherever the decimal separator is a comma (Spanish
 *   settings, Colombia's included). LibreOffice and Google Sheets detect it.
 * - CRLF line ends (RFC 4180).
 * - Text a visitor typed (a name at a kiosk) is attacker-controlled: a cell that starts
 *   with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to a spreadsheet
 *   (CSV injection, OWASP), so it gets a leading `'`, which shows as text.
 */
import { stringify } from 'csv-stringify/sync';
import { decodeHlc, isHlcStamp } from '../../domain/hlc';
import type { RegistrationStatus } from '../../domain/registration';
import { m } from '../../paraglide/messages';

export const CSV_BOM = '\uFEFF';
export const CSV_DELIMITER = ';';

/** One ticket of the session, as the export reads it from the database. */
export interface RosterExportRow {
  code: string;
  name: string;
  status: RegistrationStatus;
  /** 1-based place on the waitlist, when waitlisted. */
  position: number | null;
  /** HLC stamp of the earliest check-in, if any. */
  checkedInStamp: string | null;
  /** When the server received the registration (its own clock), ISO. */
  registeredAt: string;
}

export type CsvLocale = 'es' | 'en';

/** The columns, in order: the header text and how a row fills the cell. */
const COLUMNS: {
  header: (locale: CsvLocale) => string;
  cell: (r: RosterExportRow, timeZone: string, locale: CsvLocale) => string;
}[] = [
  { header: (locale) => m.csv_roster_code({}, { locale }), cell: (r) => r.code },
  { header: (locale) => m.csv_roster_name({}, { locale }), cell: (r) => r.name },
  {
    header: (locale) => m.csv_roster_status({}, { locale }),
    cell: (r, _tz, locale) => STATUS_WORD[r.status](locale)
  },
  {
    header: (locale) => m.csv_roster_position({}, { locale }),
    cell: (r) => (r.status === 'waitlisted' && r.position !== null ? String(r.position) : '')
  },
  {
    header: (locale) => m.csv_roster_checked_in({}, { locale }),
    cell: (r, tz) => (r.checkedInStamp ? stampTime(r.checkedInStamp, tz) : '')
  },
  {
    header: (locale) => m.csv_roster_registered({}, { locale }),
    cell: (r, tz) => localDateTime(new Date(r.registeredAt), tz)
  }
];

const STATUS_WORD: Record<RegistrationStatus, (locale: CsvLocale) => string> = {
  confirmed: (locale) => m.csv_roster_status_confirmed({}, { locale }),
  waitlisted: (locale) => m.csv_roster_status_waitlisted({}, { locale }),
  pending: (locale) => m.csv_roster_status_pending({}, { locale }),
  cancelled: (locale) => m.csv_roster_status_cancelled({}, { locale }),
  rejected: (locale) => m.csv_roster_status_rejected({}, { locale })
};

/** The characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet shows as the text it is, never evaluates. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Sorting for the sheet: confirmed by name, then the waitlist in order, then the rest. */
const STATUS_ORDER: Record<RegistrationStatus, number> = {
  confirmed: 0,
  pending: 1,
  waitlisted: 2,
  cancelled: 3,
  rejected: 4
};

export function sortRoster(rows: readonly RosterExportRow[]): RosterExportRow[] {
  const byName = new Intl.Collator('es', { sensitivity: 'base' });
  return [...rows].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.position ?? 0) - (b.position ?? 0) ||
      byName.compare(a.name, b.name) ||
      a.code.localeCompare(b.code)
  );
}

/** The whole file: BOM, header row, one row per ticket, every cell formula-safe. */
export function rosterCsv(
  rows: readonly RosterExportRow[],
  timeZone: string,
  locale: CsvLocale = 'es'
): string {
  const records = [
    COLUMNS.map((c) => c.header(locale)),
    ...sortRoster(rows).map((r) => COLUMNS.map((c) => c.cell(r, timeZone, locale)))
  ].map((record) => record.map(neutraliseFormula));
  return (
    CSV_BOM +
    stringify(records, {
      delimiter: CSV_DELIMITER,
      record_delimiter: 'windows',
      quoted_string: false
    })
  );
}

/** "2026-11-26 09:05": a form every spreadsheet reads as a date and time, in the park's zone. */
export function localDateTime(date: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of dateTimeFormatter(timeZone).formatToParts(date)) parts[p.type] = p.value;
  const hour = parts.hour === '24' ? '00' : parts.hour;
  return `${parts.year}-${parts.month}-${parts.day} ${hour}:${parts.minute}`;
}

/** The wall time of a check-in's stamp (the device's clock, HLC-corrected), as above. */
function stampTime(stamp: string, timeZone: string): string {
  return isHlcStamp(stamp) ? localDateTime(new Date(decodeHlc(stamp).wall), timeZone) : '';
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23'
    });
    formatters.set(timeZone, f);
  }
  return f;
}
