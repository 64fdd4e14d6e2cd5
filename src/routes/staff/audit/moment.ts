import type { Locale } from '$lib/paraglide/runtime';

const INTL_LOCALE: Record<Locale, string> = { es: 'es-CO', en: 'en-US' };
const cache = new Map<string, Intl.DateTimeFormat>();

/**
 * An event's instant in its park's zone, with the year and seconds: "3 dic 2026, 10:05:12
 * a. m.". An audit trail is read long after, and two events a second apart must differ.
 */
export function formatMoment(iso: string, locale: Locale, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'medium'
    });
    cache.set(key, f);
  }
  return f.format(new Date(iso));
}
