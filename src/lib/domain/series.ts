/**
 * A recurring series of sessions (issue 9 §3): "every Tuesday at 15:00 until June", "every
 * two weeks", "the second Tuesday of each month", "the last Friday". The librarian's
 * definition is an RFC 5545 RRULE plus the first session's park-local date and time; the
 * sessions are its occurrences minus the dates skipped (holidays, proposed from
 * `holidays.ts`, and any others the librarian chose).
 *
 * Recurrence is computed on park-local wall times, never on the device's or server's zone:
 * the rule is expanded "floating" (rrule's dates carry the wall time in their UTC fields),
 * and only each occurrence's local date and time is turned into an instant, in the park's
 * zone. A server in Madrid and a kiosk in Bogotá get the same 15:00 sessions.
 */
import * as rruleModule from 'rrule';
import * as v from 'valibot';
import { holidaysOn, type HolidayKey } from './holidays';
import { addDays, isoWeekday, zoneOffsetMinutes } from './schedule';

// rrule ships CommonJS to Node (no "exports" map) and ES modules to bundlers: take either.
const { RRule } =
  (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;

/**
 * The hard caps, so a typo ("COUNT=2000", "UNTIL=2036") cannot flood a park's programme:
 * two years is the furthest ahead a park plans (its yearly programme, plus the next one
 * being prepared), and 200 sessions is a twice-weekly workshop for those two years.
 */
export const SERIES_MAX_OCCURRENCES = 200;
export const SERIES_MAX_DAYS = 731;

/** A session is at least a quarter of an hour and at most a working day. */
export const SESSION_MIN_MINUTES = 15;
export const SESSION_MAX_MINUTES = 720;
/** The largest room of a library park (the auditorium) seats about 300. */
export const SESSION_MAX_CAPACITY = 300;
export const ROOM_MAX = 80;

export type SeriesProblem =
  'bad_rrule' | 'bad_start' | 'no_end' | 'until_before_start' | 'too_many' | 'too_long' | 'empty';

/** Why a definition does not expand; `code` is stable, `message` says what to change. */
export class SeriesError extends Error {
  constructor(
    readonly code: SeriesProblem,
    message: string
  ) {
    super(message);
  }
}

const LOCAL_START = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** The parts of RFC 5545 §3.3.10 a library needs, each with its value's grammar. */
const RULE_PARTS: Record<string, RegExp> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY)$/,
  INTERVAL: /^([1-9]|1[0-2])$/,
  COUNT: /^[1-9]\d{0,3}$/,
  UNTIL: /^\d{8}(T\d{6}Z?)?$/,
  BYDAY: /^([+-]?[1-5]?(MO|TU|WE|TH|FR|SA|SU))(,[+-]?[1-5]?(MO|TU|WE|TH|FR|SA|SU))*$/,
  WKST: /^(MO|TU|WE|TH|FR|SA|SU)$/
};

export function isDateKey(s: string): boolean {
  if (!DATE_KEY.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** "2026-12-08T15:00" → its parts, or null when it is no real date and time. */
function parseLocal(startsLocal: string) {
  const m = LOCAL_START.exec(startsLocal);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  // Before 2000 is a typo, not a plan (and Date.UTC reads years 0–99 as 1900–1999).
  if (!isDateKey(startsLocal.slice(0, 10)) || y < 2000 || h > 23 || mi > 59) return null;
  return { y, mo, d, h, mi };
}

/** Checks the rule's text part by part, so a typo is named rather than half-understood. */
function checkRule(rrule: string): void {
  const text = rrule.trim().replace(/^RRULE:/i, '');
  if (!text) throw new SeriesError('bad_rrule', 'the repeat rule is empty');
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const [name = '', value = '', extra] = part.split('=');
    const grammar = RULE_PARTS[name.toUpperCase()];
    if (!grammar || extra !== undefined) {
      throw new SeriesError('bad_rrule', `the repeat rule has an unknown part "${part}"`);
    }
    if (!grammar.test(value.toUpperCase())) {
      throw new SeriesError('bad_rrule', `the repeat rule's ${name} "${value}" is not valid`);
    }
    if (seen.has(name.toUpperCase())) {
      throw new SeriesError('bad_rrule', `the repeat rule gives ${name} twice`);
    }
    seen.add(name.toUpperCase());
  }
  if (!seen.has('FREQ')) throw new SeriesError('bad_rrule', 'the repeat rule needs a FREQ');
  if (seen.has('COUNT') === seen.has('UNTIL')) {
    throw new SeriesError('no_end', 'the series must end after a number of sessions or on a date');
  }
}

/**
 * The local dates of a series' sessions, before any is skipped. Throws SeriesError on a
 * rule that is malformed, never ends, ends before it starts, or passes the caps.
 */
export function occurrenceDates(rrule: string, startsLocal: string): string[] {
  const start = parseLocal(startsLocal);
  if (!start) throw new SeriesError('bad_start', `"${startsLocal}" is not a date and time`);
  checkRule(rrule);
  let options;
  try {
    options = RRule.parseString(
      rrule
        .trim()
        .replace(/^RRULE:/i, '')
        .toUpperCase()
    );
  } catch (e) {
    throw new SeriesError('bad_rrule', `the repeat rule is not valid: ${(e as Error).message}`);
  }
  const firstDate = startsLocal.slice(0, 10);
  const lastAllowed = addDays(firstDate, SERIES_MAX_DAYS);
  if (options.count && options.count > SERIES_MAX_OCCURRENCES) {
    throw new SeriesError(
      'too_many',
      `a series has at most ${SERIES_MAX_OCCURRENCES} sessions, not ${options.count}`
    );
  }
  if (options.until) {
    // UNTIL names a local date, inclusive: the whole of that day counts, whatever the hour.
    const untilDate = options.until.toISOString().slice(0, 10);
    if (untilDate < firstDate) {
      throw new SeriesError('until_before_start', `the end date ${untilDate} is before the start`);
    }
    if (untilDate > lastAllowed) {
      throw new SeriesError('too_long', `a series spans at most two years (until ${lastAllowed})`);
    }
    options.until = new Date(`${untilDate}T23:59:59Z`);
  }
  const rule = new RRule({
    ...options,
    // Floating time: the wall time in the UTC fields, no zone anywhere.
    dtstart: new Date(Date.UTC(start.y, start.mo - 1, start.d, start.h, start.mi)),
    tzid: null
  });
  // One more than allowed is enough to know there are too many.
  const dates = rule
    .all((_, i) => i <= SERIES_MAX_OCCURRENCES)
    .map((d) => d.toISOString().slice(0, 10));
  if (dates.length > SERIES_MAX_OCCURRENCES) {
    throw new SeriesError('too_many', `a series has at most ${SERIES_MAX_OCCURRENCES} sessions`);
  }
  const last = dates.at(-1);
  if (last && last > lastAllowed) {
    throw new SeriesError('too_long', `a series spans at most two years (until ${lastAllowed})`);
  }
  if (dates.length === 0) throw new SeriesError('empty', 'the repeat rule gives no sessions');
  return dates;
}

/** The instant a park-local date and "HH:MM" happen in a zone, as an ISO UTC string. */
export function localInstant(dateKey: string, time: string, timeZone: string): string {
  const [y, mo, d] = dateKey.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // As startOfLocalDay does: two passes settle the offset on a day it changes.
  let t = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  t = wall - zoneOffsetMinutes(new Date(t), timeZone) * 60_000;
  return new Date(t).toISOString();
}

export interface SeriesDefinition {
  rrule: string;
  /** The first session, park-local "YYYY-MM-DDTHH:MM". */
  startsLocal: string;
  durationMinutes: number;
  timeZone: string;
}

export interface Occurrence {
  /** Park-local date, "YYYY-MM-DD". */
  date: string;
  startsAt: string;
  endsAt: string;
}

export interface SkippedDate {
  date: string;
  /** A public holiday, or a date the librarian took out for another reason. */
  reason: 'holiday' | 'exception';
  holidays: HolidayKey[];
}

export interface Expansion {
  occurrences: Occurrence[];
  skipped: SkippedDate[];
}

/** The series' sessions, with the dates in `exdates` left out and said why. */
export function expandSeries(def: SeriesDefinition, exdates: readonly string[]): Expansion {
  const time = def.startsLocal.slice(11, 16);
  const skip = new Set(exdates);
  const occurrences: Occurrence[] = [];
  const skipped: SkippedDate[] = [];
  for (const date of occurrenceDates(def.rrule, def.startsLocal)) {
    if (skip.has(date)) {
      const holidays = holidaysOn(date);
      skipped.push({ date, reason: holidays.length ? 'holiday' : 'exception', holidays });
      continue;
    }
    const startsAt = localInstant(date, time, def.timeZone);
    const endsAt = new Date(Date.parse(startsAt) + def.durationMinutes * 60_000).toISOString();
    occurrences.push({ date, startsAt, endsAt });
  }
  return { occurrences, skipped };
}

/** The dates of a series that fall on a public holiday: skipped unless the librarian keeps them. */
export function proposedExdates(dates: readonly string[]): string[] {
  return dates.filter((d) => holidaysOn(d).length > 0);
}

/** A session of a series has an id made of the series' and its date's, so a re-sent series makes no second copy. */
export const seriesSessionId = (seriesId: string, date: string): string =>
  `${seriesId}-${date.replaceAll('-', '')}`;

export const REPEATS = ['once', 'weekly', 'biweekly', 'monthly', 'monthly_last'] as const;
export type Repeat = (typeof REPEATS)[number];

const RRULE_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** Which of its month's weekdays a date is: 1 for the first Tuesday … 5 for a fifth. */
export const weekdayOrdinal = (dateKey: string): number =>
  Math.ceil(Number(dateKey.slice(8, 10)) / 7);

/** Whether a date is its month's last of its weekday (so "the last Friday" can be offered). */
export const isLastWeekdayOfMonth = (dateKey: string): boolean =>
  addDays(dateKey, 7).slice(5, 7) !== dateKey.slice(5, 7);

export type SeriesEnd = { count: number } | { until: string };

/** The RRULE for the console's choices, repeating on the first date's weekday. */
export function buildRrule(repeat: Repeat, firstDate: string, end: SeriesEnd): string {
  const day = RRULE_DAYS[isoWeekday(firstDate) - 1] ?? 'MO';
  const ending =
    'count' in end ? `COUNT=${end.count}` : `UNTIL=${end.until.replaceAll('-', '')}T235959Z`;
  switch (repeat) {
    case 'once':
      return 'FREQ=DAILY;COUNT=1';
    case 'weekly':
      return `FREQ=WEEKLY;INTERVAL=1;BYDAY=${day};${ending}`;
    case 'biweekly':
      return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day};${ending}`;
    case 'monthly': {
      // A fifth weekday exists only some months; "the last" is what people mean by it.
      const n = weekdayOrdinal(firstDate);
      return `FREQ=MONTHLY;BYDAY=${n === 5 ? -1 : n}${day};${ending}`;
    }
    case 'monthly_last':
      return `FREQ=MONTHLY;BYDAY=-1${day};${ending}`;
  }
}

const uuid = v.pipe(v.string(), v.uuid('must be a UUID'));
const dateKey = v.pipe(v.string(), v.check(isDateKey, 'must be a date YYYY-MM-DD'));

/** createSeries: a single session is a series of one (FREQ=DAILY;COUNT=1). */
export const CreateSeriesArgsSchema = v.pipe(
  v.object({
    seriesId: uuid,
    workshopId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    rrule: v.pipe(v.string(), v.maxLength(200)),
    startsLocal: v.pipe(v.string(), v.regex(LOCAL_START, 'must be YYYY-MM-DDTHH:MM')),
    durationMinutes: v.pipe(
      v.number(),
      v.integer(),
      v.minValue(SESSION_MIN_MINUTES),
      v.maxValue(SESSION_MAX_MINUTES)
    ),
    room: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(ROOM_MAX)),
    capacity: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(SESSION_MAX_CAPACITY)),
    exdates: v.pipe(v.array(dateKey), v.maxLength(SERIES_MAX_OCCURRENCES))
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    try {
      occurrenceDates(dataset.value.rrule, dataset.value.startsLocal);
    } catch (e) {
      if (!(e instanceof SeriesError)) throw e;
      addIssue({ message: e.message });
    }
  })
);
export type CreateSeriesArgs = v.InferOutput<typeof CreateSeriesArgsSchema>;
