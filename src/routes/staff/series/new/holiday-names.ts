/** Each public holiday's name in the message catalogue (the domain names them by key). */
import type { HolidayKey } from '$lib/domain/holidays';
import { m } from '$lib/paraglide/messages';

export const HOLIDAY_NAME: Record<HolidayKey, () => string> = {
  new_year: m.series_holiday_new_year,
  epiphany: m.series_holiday_epiphany,
  saint_joseph: m.series_holiday_saint_joseph,
  holy_thursday: m.series_holiday_holy_thursday,
  good_friday: m.series_holiday_good_friday,
  labour_day: m.series_holiday_labour_day,
  ascension: m.series_holiday_ascension,
  corpus_christi: m.series_holiday_corpus_christi,
  sacred_heart: m.series_holiday_sacred_heart,
  saints_peter_paul: m.series_holiday_saints_peter_paul,
  independence: m.series_holiday_independence,
  boyaca: m.series_holiday_boyaca,
  assumption: m.series_holiday_assumption,
  columbus_day: m.series_holiday_columbus_day,
  all_saints: m.series_holiday_all_saints,
  cartagena: m.series_holiday_cartagena,
  immaculate_conception: m.series_holiday_immaculate_conception,
  christmas: m.series_holiday_christmas
};

/** "Festivo: Día de la Independencia"; two holidays on one date are both named. */
export function holidayLabel(keys: readonly string[]): string {
  const names = keys.map((k) => HOLIDAY_NAME[k as HolidayKey]?.() ?? k);
  return m.series_holiday({ name: names.join(' · ') });
}
