import { describe, expect, it } from 'vitest';
import { colombianHolidays, easterSunday, holidaysOn, nextMonday } from './holidays';
import { isoWeekday } from './schedule';

/** The dates as the government's published calendars list them. */
const PUBLISHED: Record<number, string[]> = {
  // Two holidays on 30 June (San Pedro y San Pablo, Sagrado Corazón): 17 dates.
  2025: [
    '01-01',
    '01-06',
    '03-24',
    '04-17',
    '04-18',
    '05-01',
    '06-02',
    '06-23',
    '06-30',
    '07-20',
    '08-07',
    '08-18',
    '10-13',
    '11-03',
    '11-17',
    '12-08',
    '12-25'
  ],
  2026: [
    '01-01',
    '01-12',
    '03-23',
    '04-02',
    '04-03',
    '05-01',
    '05-18',
    '06-08',
    '06-15',
    '06-29',
    '07-20',
    '08-07',
    '08-17',
    '10-12',
    '11-02',
    '11-16',
    '12-08',
    '12-25'
  ],
  2027: [
    '01-01',
    '01-11',
    '03-22',
    '03-25',
    '03-26',
    '05-01',
    '05-10',
    '05-31',
    '06-07',
    '07-05',
    '07-20',
    '08-07',
    '08-16',
    '10-18',
    '11-01',
    '11-15',
    '12-08',
    '12-25'
  ]
};

describe('Colombian public holidays', () => {
  for (const [year, dates] of Object.entries(PUBLISHED)) {
    it(`match the published calendar of ${year}`, () => {
      const computed = [...new Set(colombianHolidays(Number(year)).map((h) => h.date))];
      expect(computed).toEqual(dates.map((d) => `${year}-${d}`));
    });
  }

  it('are eighteen a year, every moved one on a Monday', () => {
    for (let year = 1990; year <= 2060; year++) {
      const list = colombianHolidays(year);
      expect(list).toHaveLength(18);
      for (const h of list) {
        if (
          ['epiphany', 'ascension', 'corpus_christi', 'sacred_heart', 'cartagena'].includes(h.key)
        )
          expect(isoWeekday(h.date), `${h.key} ${h.date}`).toBe(1);
      }
    }
  });

  it('name a date with two holidays twice', () => {
    expect(holidaysOn('2025-06-30')).toEqual(['saints_peter_paul', 'sacred_heart']);
    expect(holidaysOn('2026-07-20')).toEqual(['independence']);
    expect(holidaysOn('2026-07-21')).toEqual([]);
  });

  it('find Easter Sunday', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2285)).toBe('2285-03-22');
  });

  it('move to Monday only when not already one', () => {
    expect(nextMonday('2026-06-29')).toBe('2026-06-29');
    expect(nextMonday('2026-06-30')).toBe('2026-07-06');
    expect(nextMonday('2026-11-01')).toBe('2026-11-02');
  });

  it('refuse years before the law', () => {
    expect(() => colombianHolidays(1983)).toThrow(/1984/);
    expect(holidaysOn('1983-12-25')).toEqual([]);
  });
});
