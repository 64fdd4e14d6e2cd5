/** Dates and times as a visitor reads them, in the park's zone and the chosen language. */
import type { Locale } from '../paraglide/runtime';

const INTL_LOCALE: Record<Locale, string> = { es: 'es-CO', en: 'en-US' };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string, opts: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${timeZone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone, ...opts });
    cache.set(key, f);
  }
  return f;
}

/** "2:00 p. m." / "2:00 PM" */
export function formatTime(iso: string, locale: Locale, timeZone: string): string {
  return formatter(locale, timeZone, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** "jueves 26 de noviembre" / "Thursday, November 26" */
export function formatDay(iso: string, locale: Locale, timeZone: string): string {
  return formatter(locale, timeZone, { weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(iso)
  );
}

/** A day key ("2026-11-26") as a heading; noon UTC is the same date in every zone we use. */
export function formatDayKey(dateKey: string, locale: Locale): string {
  return capitalise(formatDay(`${dateKey}T12:00:00.000Z`, locale, 'UTC'));
}

/** First letter only: CSS `capitalize` would also give "26 De Noviembre". */
export function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** "jue 26 nov, 2:00 p. m." */
export function formatShortDateTime(iso: string, locale: Locale, timeZone: string): string {
  return formatter(locale, timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit'
  }).format(new Date(iso));
}
