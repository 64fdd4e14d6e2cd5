/**
 * Calendar arithmetic in a library park's own time zone. Devices may be set to any zone
 * (or the wrong one); "today" at a kiosk in Santo Domingo Savio is today in Bogotá.
 */

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD, which is the key format we want.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit'
    });
    dateFormatters.set(timeZone, f);
  }
  return f;
}

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** The local calendar date of an instant, as "YYYY-MM-DD". */
export function localDateKey(instant: string | Date, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return dateFormatter(timeZone).format(date);
}

/** Offset of the zone from UTC at that instant, in minutes (Bogotá: -300). */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0
  );
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/** Adds whole days to a "YYYY-MM-DD" key. */
export function addDays(dateKey: string, days: number): string {
  const [y, m, d] = dateKey.split('-').map(Number);
  const t = Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days);
  return new Date(t).toISOString().slice(0, 10);
}

/** The instant local midnight begins on that date, as an ISO UTC string. */
export function startOfLocalDay(dateKey: string, timeZone: string): string {
  const [y, m, d] = dateKey.split('-').map(Number);
  const guess = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  // Two passes settle the offset even on a day when it changes (DST elsewhere).
  let t = guess.getTime() - zoneOffsetMinutes(guess, timeZone) * 60_000;
  t = guess.getTime() - zoneOffsetMinutes(new Date(t), timeZone) * 60_000;
  return new Date(t).toISOString();
}

/**
 * The instant a park-local wall time begins ("2026-12-03" at "14:30" in Bogotá), as an ISO
 * UTC string; null for a date or time that is not one.
 */
export function localInstant(dateKey: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateKey);
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!d || !t) return null;
  const day = new Date(`${dateKey}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== dateKey) return null;
  const guess = Date.parse(`${dateKey}T${time}:00Z`);
  // Two passes settle the offset even on a day when it changes (DST elsewhere).
  let at = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  at = guess - zoneOffsetMinutes(new Date(at), timeZone) * 60_000;
  return new Date(at).toISOString();
}

/** The park-local wall time of an instant, "HH:MM". */
export function localTime(instant: string, timeZone: string): string {
  const parts = partsFormatter(timeZone).formatToParts(new Date(instant));
  const part = (type: string) =>
    (parts.find((p) => p.type === type)?.value ?? '0').padStart(2, '0');
  return `${part('hour') === '24' ? '00' : part('hour')}:${part('minute')}`;
}

/** ISO weekday of a date key: 1 = Monday … 7 = Sunday. */
export function isoWeekday(dateKey: string): number {
  const day = new Date(`${dateKey}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export interface Timed {
  startsAt: string;
  endsAt: string;
}

/** How many days "this week" spans on the home screen: today and the six after it. */
export const WEEK_DAYS = 7;

export interface HomeSchedule<T extends Timed> {
  /** Today's sessions that have not ended yet, by start time. */
  today: T[];
  /** The next six days, each with its sessions by start time; days without any are left out. */
  week: { date: string; sessions: T[] }[];
}

/** Splits sessions into "today" and "this week" as seen at `now` in the park's zone. */
export function groupSchedule<T extends Timed>(
  sessions: readonly T[],
  now: Date,
  timeZone: string
): HomeSchedule<T> {
  const todayKey = localDateKey(now, timeZone);
  const lastKey = addDays(todayKey, WEEK_DAYS - 1);
  const nowIso = now.toISOString();
  const today: T[] = [];
  const byDay = new Map<string, T[]>();
  const sorted = [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  for (const s of sorted) {
    const key = localDateKey(s.startsAt, timeZone);
    if (key === todayKey) {
      if (s.endsAt > nowIso) today.push(s);
    } else if (key > todayKey && key <= lastKey) {
      const list = byDay.get(key) ?? [];
      list.push(s);
      byDay.set(key, list);
    }
  }
  const week = [...byDay.entries()].map(([date, list]) => ({ date, sessions: list }));
  return { today, week };
}

export const DAY_FILTERS = ['any', 'today', 'tomorrow', 'week', 'weekend'] as const;
export type DayFilter = (typeof DAY_FILTERS)[number];

/** Whether a session's local date falls in the chosen day filter. */
export function inDayFilter(
  startsAt: string,
  filter: DayFilter,
  now: Date,
  timeZone: string
): boolean {
  if (filter === 'any') return true;
  const todayKey = localDateKey(now, timeZone);
  const key = localDateKey(startsAt, timeZone);
  switch (filter) {
    case 'today':
      return key === todayKey;
    case 'tomorrow':
      return key === addDays(todayKey, 1);
    case 'week':
      return key >= todayKey && key <= addDays(todayKey, WEEK_DAYS - 1);
    case 'weekend': {
      // The coming Saturday and Sunday (or this one, when it is already the weekend).
      const wd = isoWeekday(todayKey);
      const saturday = wd === 7 ? addDays(todayKey, -1) : addDays(todayKey, 6 - wd);
      return key >= todayKey && key >= saturday && key <= addDays(saturday, 1);
    }
  }
}
