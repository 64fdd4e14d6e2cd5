import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { stampAt } from '../test/factories';
import {
  CSV_BOM,
  localDateTime,
  neutraliseFormula,
  rosterCsv,
  type RosterExportRow
} from './roster-csv';

const TZ = 'America/Bogota';

const ticket = (over: Partial<RosterExportRow> = {}): RosterExportRow => ({
  code: 'ACDEFGHJ',
  name: 'Rosa Peña',
  status: 'confirmed',
  position: null,
  checkedInStamp: null,
  registeredAt: '2026-11-24T20:30:00.000Z',
  ...over
});

/** Parses the file as a spreadsheet importer would: papaparse, delimiter detected. */
function parse(csv: string): string[][] {
  const result = Papa.parse<string[]>(csv.slice(CSV_BOM.length), { skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  expect(result.meta.delimiter).toBe(';');
  return result.data;
}

describe('the roster CSV', () => {
  it('starts with a UTF-8 byte-order mark and uses ; and CRLF, as Excel in Spanish wants', () => {
    const csv = rosterCsv([ticket()], TZ);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv).toContain('\r\n');
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFCódigo;Nombre;Estado;Puesto en la lista de espera;Llegada;Inscripción'
    );
  });

  it('has the documented columns, field by field, in the park’s time zone', () => {
    const csv = rosterCsv(
      [
        ticket({
          code: 'KMNPQRST',
          name: 'Ana María Úsuga',
          checkedInStamp: stampAt(Date.parse('2026-11-26T14:07:30.000Z'))
        }),
        ticket({
          code: 'WXYZ2345',
          name: 'Luis',
          status: 'waitlisted',
          position: 2,
          registeredAt: '2026-11-25T03:10:00.000Z'
        }),
        ticket({ code: 'ACDE2345', name: 'Beto', status: 'waitlisted', position: 1 }),
        ticket({ code: 'FGHJ6789', name: 'Carla', status: 'cancelled' })
      ],
      TZ
    );
    const [header, ...rows] = parse(csv);
    expect(header).toEqual([
      'Código',
      'Nombre',
      'Estado',
      'Puesto en la lista de espera',
      'Llegada',
      'Inscripción'
    ]);
    expect(rows).toEqual([
      // 14:07 UTC is 09:07 in Bogotá; 03:10 UTC on the 25th is 22:10 on the 24th.
      ['KMNPQRST', 'Ana María Úsuga', 'Confirmado', '', '2026-11-26 09:07', '2026-11-24 15:30'],
      ['ACDE2345', 'Beto', 'En lista de espera', '1', '', '2026-11-24 15:30'],
      ['WXYZ2345', 'Luis', 'En lista de espera', '2', '', '2026-11-24 22:10'],
      ['FGHJ6789', 'Carla', 'Cancelado', '', '', '2026-11-24 15:30']
    ]);
  });

  it('orders confirmed people by name, the Spanish way', () => {
    const rows = parse(
      rosterCsv(
        [ticket({ name: 'Zoe' }), ticket({ name: 'álvaro' }), ticket({ name: 'Ñusta' })],
        TZ
      )
    ).slice(1);
    expect(rows.map((r) => r[1])).toEqual(['álvaro', 'Ñusta', 'Zoe']);
  });

  it('never holds contact, age band or comuna (the notice counts those without names)', () => {
    const csv = rosterCsv([ticket()], TZ);
    const header = parse(csv)[0]!;
    expect(header).toHaveLength(6);
    expect(csv).not.toMatch(/contact|edad|comuna|age/i);
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(neutraliseFormula(`${start}HYPERLINK("http://x")`)).toBe(
        `'${start}HYPERLINK("http://x")`
      );
    }
    expect(neutraliseFormula('Rosa = 1')).toBe('Rosa = 1');
    const names = ['=cmd|"/C calc"!A0', '+57 300', '-2+3', '@SUM(A1)', 'Rosa; "la" Peña'];
    const rows = parse(
      rosterCsv(
        names.map((name) => ticket({ name })),
        TZ
      )
    ).slice(1);
    const cells = rows.map((r) => r[1]!).sort();
    expect(cells).toEqual(
      ["'+57 300", "'-2+3", '\'=cmd|"/C calc"!A0', "'@SUM(A1)", 'Rosa; "la" Peña'].sort()
    );
    // A delimiter or quote inside a name is quoted, not a new column.
    for (const r of rows) expect(r).toHaveLength(6);
  });

  it('writes English headers and states when asked', () => {
    const [header, row] = parse(rosterCsv([ticket()], TZ, 'en'));
    expect(header).toEqual([
      'Code',
      'Name',
      'Status',
      'Waitlist position',
      'Checked in',
      'Registered'
    ]);
    expect(row![2]).toBe('Confirmed');
  });

  it('writes local date and time as YYYY-MM-DD HH:mm, midnight as 00', () => {
    expect(localDateTime(new Date('2026-11-27T05:00:00.000Z'), TZ)).toBe('2026-11-27 00:00');
    expect(localDateTime(new Date('2026-11-27T04:59:00.000Z'), TZ)).toBe('2026-11-26 23:59');
  });
});
