/**
 * Colombia's public holidays ("festivos"), computed for any year: 18 a year, on 17 or 18
 * dates. Three kinds, as the law sets them:
 *
 * - fixed dates (Ley 51 de 1983 art. 1, and the Constitution for 20 July and 7 August);
 * - saints' days moved to the following Monday when they fall on another weekday (Ley 51
 *   de 1983, "Ley Emiliani");
 * - days counted from Easter Sunday: Holy Thursday and Good Friday stay where they fall;
 *   Ascension (+39), Corpus Christi (+60) and the Sacred Heart (+68) are Thursdays and
 *   Fridays moved to the next Monday by the same law, i.e. Easter +43, +64 and +71.
 *
 * Two can share a date (in 2025, Saint Peter and Saint Paul and the Sacred Heart are both
 * Monday 30 June), so a date maps to a list. Names are message keys
 * (`series_holiday_<key>` in the catalogue), so the domain stays free of language.
 */
import { addDays, isoWeekday } from './schedule';

export const HOLIDAY_KEYS = [
  'new_year',
  'epiphany',
  'saint_joseph',
  'holy_thursday',
  'good_friday',
  'labour_day',
  'ascension',
  'corpus_christi',
  'sacred_heart',
  'saints_peter_paul',
  'independence',
  'boyaca',
  'assumption',
  'columbus_day',
  'all_saints',
  'cartagena',
  'immaculate_conception',
  'christmas'
] as const;
export type HolidayKey = (typeof HOLIDAY_KEYS)[number];

export interface Holiday {
  /** Local date, "YYYY-MM-DD". */
  date: string;
  key: HolidayKey;
}

const FIXED: readonly [string, HolidayKey][] = [
  ['01-01', 'new_year'],
  ['05-01', 'labour_day'],
  ['07-20', 'independence'],
  ['08-07', 'boyaca'],
  ['12-08', 'immaculate_conception'],
  ['12-25', 'christmas']
];

/** Ley 51 de 1983: these move to the following Monday unless they fall on one. */
const EMILIANI: readonly [string, HolidayKey][] = [
  ['01-06', 'epiphany'],
  ['03-19', 'saint_joseph'],
  ['06-29', 'saints_peter_paul'],
  ['08-15', 'assumption'],
  ['10-12', 'columbus_day'],
  ['11-01', 'all_saints'],
  ['11-11', 'cartagena']
];

/** Days after Easter Sunday; the last three already include the move to Monday. */
const FROM_EASTER: readonly [number, HolidayKey][] = [
  [-3, 'holy_thursday'],
  [-2, 'good_friday'],
  [43, 'ascension'],
  [64, 'corpus_christi'],
  [71, 'sacred_heart']
];

/** Easter Sunday of a Gregorian year (the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The date itself if it is a Monday, else the Monday after it. */
export function nextMonday(dateKey: string): string {
  const wd = isoWeekday(dateKey);
  return wd === 1 ? dateKey : addDays(dateKey, 8 - wd);
}

/** The first year under Ley 51 de 1983 (it took effect in 1984). */
const FIRST_YEAR = 1984;

const byYear = new Map<number, readonly Holiday[]>();

/** The year's holidays in date order. */
export function colombianHolidays(year: number): readonly Holiday[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > 9999) {
    // Ley Emiliani took effect in 1984; before it the dates were different.
    throw new RangeError(`holidays are computed for years 1984 to 9999, not ${year}`);
  }
  const cached = byYear.get(year);
  if (cached) return cached;
  const y = String(year).padStart(4, '0');
  const easter = easterSunday(year);
  const list: Holiday[] = [
    ...FIXED.map(([md, key]) => ({ date: `${y}-${md}`, key })),
    ...EMILIANI.map(([md, key]) => ({ date: nextMonday(`${y}-${md}`), key })),
    ...FROM_EASTER.map(([days, key]) => ({ date: addDays(easter, days), key }))
  ];
  list.sort((a, b) => a.date.localeCompare(b.date));
  byYear.set(year, list);
  return list;
}

/**
 * The holidays on a local date ("YYYY-MM-DD"): usually none, sometimes two. A date outside
 * the years the law covers has none (it never throws: a desk's series must not fail a push).
 */
export function holidaysOn(dateKey: string): HolidayKey[] {
  const year = Number(dateKey.slice(0, 4));
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > 9999) return [];
  return colombianHolidays(year)
    .filter((h) => h.date === dateKey)
    .map((h) => h.key);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
