/** Sizes for the course pages (kept apart from format.ts, which the home page loads). */
import type { Locale } from '../paraglide/runtime';

const NUMBER_LOCALE: Record<Locale, string> = { es: 'es-CO', en: 'en-US' };

/** "128 KB", "1,2 MB": sizes as a person with prepaid data reads them. */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 0 : 1;
  const n = new Intl.NumberFormat(NUMBER_LOCALE[locale], { maximumFractionDigits: digits });
  return `${n.format(value)} ${units[unit]}`;
}
