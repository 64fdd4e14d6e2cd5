/**
 * The "new series" form: its fields as the browser sends them (strings), checked and
 * turned into a series definition. Both steps (preview, then create) post the same fields,
 * so the definition is read here twice and never trusted from a hidden field as is.
 */
import * as v from 'valibot';
import {
  buildRrule,
  isDateKey,
  isLastWeekdayOfMonth,
  occurrenceDates,
  REPEATS,
  ROOM_MAX,
  SERIES_MAX_OCCURRENCES,
  SeriesError,
  SESSION_MAX_CAPACITY,
  SESSION_MAX_MINUTES,
  SESSION_MIN_MINUTES
} from '$lib/domain/series';
import type { FormProblem } from './problems';

/** What the page shows back in the form: the fields exactly as typed. */
export interface FormValues {
  park: string;
  workshop: string;
  date: string;
  time: string;
  duration: string;
  room: string;
  capacity: string;
  repeat: string;
  end: string;
  count: string;
  until: string;
}

/** A field too long or not text (a file) reads as empty, and is then refused as such. */
const text = (max: number) => v.fallback(v.pipe(v.string(), v.trim(), v.maxLength(max)), '');

const FieldsSchema = v.object({
  park: text(100),
  workshop: text(100),
  date: text(10),
  time: text(5),
  duration: text(4),
  room: text(ROOM_MAX),
  capacity: text(4),
  repeat: text(20),
  end: text(10),
  count: text(4),
  until: text(10)
});

export function readValues(data: FormData): FormValues {
  const raw = Object.fromEntries(Object.keys(FieldsSchema.entries).map((k) => [k, data.get(k)]));
  return v.parse(FieldsSchema, raw);
}

export interface Definition {
  rrule: string;
  startsLocal: string;
  durationMinutes: number;
  room: string;
  capacity: number;
  /** Every date of the series before any is skipped. */
  dates: string[];
}

const int = (s: string, min: number, max: number): number | null => {
  if (!/^\d{1,4}$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
};

/** The definition, or the first thing to fix. `today` is the park's local date. */
export function readDefinition(
  f: FormValues,
  today: string
): { ok: true; def: Definition } | { ok: false; problem: FormProblem } {
  if (!isDateKey(f.date)) return { ok: false, problem: 'date' };
  if (f.date < today) return { ok: false, problem: 'past' };
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(f.time)) return { ok: false, problem: 'time' };
  const durationMinutes = int(f.duration, SESSION_MIN_MINUTES, SESSION_MAX_MINUTES);
  if (durationMinutes === null) return { ok: false, problem: 'duration' };
  if (!f.room) return { ok: false, problem: 'room' };
  const capacity = int(f.capacity, 1, SESSION_MAX_CAPACITY);
  if (capacity === null) return { ok: false, problem: 'capacity' };
  const repeat = REPEATS.find((r) => r === f.repeat);
  if (!repeat) return { ok: false, problem: 'repeat' };
  if (repeat === 'monthly_last' && !isLastWeekdayOfMonth(f.date)) {
    return { ok: false, problem: 'last' };
  }
  let rrule: string;
  if (repeat === 'once') {
    rrule = buildRrule('once', f.date, { count: 1 });
  } else if (f.end === 'until') {
    if (!isDateKey(f.until) || f.until < f.date) return { ok: false, problem: 'until' };
    rrule = buildRrule(repeat, f.date, { until: f.until });
  } else if (f.end === 'count') {
    const count = int(f.count, 1, SERIES_MAX_OCCURRENCES);
    if (count === null) return { ok: false, problem: 'count' };
    rrule = buildRrule(repeat, f.date, { count });
  } else {
    return { ok: false, problem: 'repeat' };
  }
  const startsLocal = `${f.date}T${f.time}`;
  try {
    const dates = occurrenceDates(rrule, startsLocal);
    return {
      ok: true,
      def: { rrule, startsLocal, durationMinutes, room: f.room, capacity, dates }
    };
  } catch (e) {
    if (e instanceof SeriesError) return { ok: false, problem: e.code };
    throw e;
  }
}
