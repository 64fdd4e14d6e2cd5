import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildRrule,
  CreateSeriesArgsSchema,
  expandSeries,
  isLastWeekdayOfMonth,
  localInstant,
  occurrenceDates,
  proposedExdates,
  SERIES_MAX_OCCURRENCES,
  SeriesError,
  seriesSessionId,
  type SeriesDefinition
} from './series';

const BOGOTA = 'America/Bogota';

/** A definition in Bogotá, valid unless overridden. */
const def = (over: Partial<SeriesDefinition> = {}): SeriesDefinition => ({
  rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=4',
  startsLocal: '2026-07-06T15:00',
  durationMinutes: 90,
  timeZone: BOGOTA,
  ...over
});

/** The SeriesError code a definition throws, or null when it expands. */
function problem(rrule: string, startsLocal = '2026-07-06T15:00'): string | null {
  try {
    occurrenceDates(rrule, startsLocal);
    return null;
  } catch (e) {
    if (e instanceof SeriesError) return e.code;
    throw e;
  }
}

describe('series expansion', () => {
  it('skips a holiday of a weekly series and says which', () => {
    const dates = occurrenceDates(def().rrule, def().startsLocal);
    expect(dates).toEqual(['2026-07-06', '2026-07-13', '2026-07-20', '2026-07-27']);
    const holidays = proposedExdates(dates);
    expect(holidays).toEqual(['2026-07-20']);

    const { occurrences, skipped } = expandSeries(def(), holidays);
    expect(occurrences.map((o) => o.date)).toEqual(['2026-07-06', '2026-07-13', '2026-07-27']);
    expect(skipped).toEqual([
      { date: '2026-07-20', reason: 'holiday', holidays: ['independence'] }
    ]);
    // 15:00 in Bogotá (UTC-5) is 20:00 UTC; 90 minutes later is 21:30.
    expect(occurrences[0]).toEqual({
      date: '2026-07-06',
      startsAt: '2026-07-06T20:00:00.000Z',
      endsAt: '2026-07-06T21:30:00.000Z'
    });
  });

  it('keeps a holiday the librarian un-skipped, and skips any other date asked', () => {
    const { occurrences, skipped } = expandSeries(def(), ['2026-07-13', '2026-08-31']);
    expect(occurrences.map((o) => o.date)).toEqual(['2026-07-06', '2026-07-20', '2026-07-27']);
    expect(skipped).toEqual([{ date: '2026-07-13', reason: 'exception', holidays: [] }]);
  });

  it('repeats every two weeks, until a date inclusive', () => {
    const rrule = buildRrule('biweekly', '2026-12-09', { until: '2027-02-03' });
    expect(rrule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20270203T235959Z');
    expect(occurrenceDates(rrule, '2026-12-09T17:30')).toEqual([
      '2026-12-09',
      '2026-12-23',
      '2027-01-06',
      '2027-01-20',
      '2027-02-03'
    ]);
  });

  it('repeats monthly on the second Tuesday', () => {
    const rrule = buildRrule('monthly', '2026-12-08', { count: 4 });
    expect(rrule).toBe('FREQ=MONTHLY;BYDAY=2TU;COUNT=4');
    expect(occurrenceDates(rrule, '2026-12-08T10:00')).toEqual([
      '2026-12-08',
      '2027-01-12',
      '2027-02-09',
      '2027-03-09'
    ]);
  });

  it('repeats monthly on the last Friday, and proposes Christmas as a holiday', () => {
    expect(isLastWeekdayOfMonth('2026-11-27')).toBe(true);
    expect(isLastWeekdayOfMonth('2026-11-20')).toBe(false);
    const rrule = buildRrule('monthly_last', '2026-11-27', { count: 4 });
    expect(rrule).toBe('FREQ=MONTHLY;BYDAY=-1FR;COUNT=4');
    const dates = occurrenceDates(rrule, '2026-11-27T16:00');
    expect(dates).toEqual(['2026-11-27', '2026-12-25', '2027-01-29', '2027-02-26']);
    expect(proposedExdates(dates)).toEqual(['2026-12-25']);
    // A fifth weekday is "the last" too: 29 December 2026 is the fifth Tuesday.
    expect(buildRrule('monthly', '2026-12-29', { count: 2 })).toBe(
      'FREQ=MONTHLY;BYDAY=-1TU;COUNT=2'
    );
  });

  it('ends by count or by date alike', () => {
    const byCount = occurrenceDates('FREQ=WEEKLY;BYDAY=MO;COUNT=3', '2026-07-06T15:00');
    const byDate = occurrenceDates('FREQ=WEEKLY;BYDAY=MO;UNTIL=20260720', '2026-07-06T15:00');
    expect(byDate).toEqual(byCount);
    expect(byCount).toHaveLength(3);
    expect(occurrenceDates('FREQ=WEEKLY;BYDAY=MO;UNTIL=20260719', '2026-07-06T15:00')).toEqual(
      byCount.slice(0, 2)
    );
    expect(
      occurrenceDates(buildRrule('once', '2026-07-09', { count: 9 }), '2026-07-09T09:00')
    ).toEqual(['2026-07-09']);
  });

  it('gives a series of sessions ids from the series and the date', () => {
    const id = '0b6e4f00-0000-4000-8000-000000000001';
    expect(seriesSessionId(id, '2026-07-06')).toBe(`${id}-20260706`);
    expect(seriesSessionId(id, '2026-07-06').length).toBeLessThanOrEqual(64);
  });
});

describe('series and time zones', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it('expands to the same Bogotá wall times on a device in any zone', () => {
    const reference = expandSeries(
      def({ rrule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=30', startsLocal: '2026-10-04T23:30' }),
      []
    );
    // Around both of Europe's and North America's clock changes, at a time near midnight.
    const januaryOffsets = {
      'Europe/Madrid': -60,
      'America/Los_Angeles': 480,
      'Pacific/Kiritimati': -840,
      UTC: 0
    };
    for (const [zone, offset] of Object.entries(januaryOffsets)) {
      process.env.TZ = zone;
      // The process really is in that zone now (Node re-reads TZ when it is set).
      expect(new Date(2026, 0, 1).getTimezoneOffset(), zone).toBe(offset);
      const there = expandSeries(
        def({ rrule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=30', startsLocal: '2026-10-04T23:30' }),
        []
      );
      expect(there, zone).toEqual(reference);
    }
    // Every one on a Sunday, at 23:30 in Bogotá: 04:30 UTC the next day.
    for (const o of reference.occurrences) expect(o.startsAt.slice(11, 16)).toBe('04:30');
  });

  it('keeps a park-local wall time across a daylight-saving change in the park', () => {
    // Madrid leaves summer time on 25 October 2026: 15:00 is 13:00 UTC, then 14:00 UTC.
    const { occurrences } = expandSeries(
      def({
        rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=2',
        startsLocal: '2026-10-22T15:00',
        timeZone: 'Europe/Madrid'
      }),
      []
    );
    expect(occurrences.map((o) => o.startsAt)).toEqual([
      '2026-10-22T13:00:00.000Z',
      '2026-10-29T14:00:00.000Z'
    ]);
    expect(localInstant('2026-03-29', '12:00', 'Europe/Madrid')).toBe('2026-03-29T10:00:00.000Z');
  });
});

describe('bad series definitions', () => {
  it('name what is wrong', () => {
    expect(problem('FREQ=WEEKLY;BYDAY=XX;COUNT=2')).toBe('bad_rrule');
    expect(problem('FREQ=HOURLY;COUNT=2')).toBe('bad_rrule');
    expect(problem('FREQ=WEEKLY;BYHOUR=9;COUNT=2')).toBe('bad_rrule');
    expect(problem('FREQ=WEEKLY;COUNT=2;COUNT=3')).toBe('bad_rrule');
    expect(problem('nonsense')).toBe('bad_rrule');
    expect(problem('')).toBe('bad_rrule');
    expect(problem('BYDAY=MO;COUNT=2')).toBe('bad_rrule');
    expect(problem('FREQ=WEEKLY;BYDAY=MO')).toBe('no_end');
    expect(problem('FREQ=WEEKLY;COUNT=2;UNTIL=20270101')).toBe('no_end');
    expect(problem('FREQ=WEEKLY;UNTIL=20260705')).toBe('until_before_start');
    expect(problem('FREQ=WEEKLY;COUNT=2', '2026-02-30T10:00')).toBe('bad_start');
    expect(problem('FREQ=WEEKLY;COUNT=2', '2026-07-06 10:00')).toBe('bad_start');
    expect(problem('FREQ=WEEKLY;COUNT=2', '2026-07-06T24:00')).toBe('bad_start');
    expect(problem('FREQ=WEEKLY;COUNT=2', '0099-07-06T10:00')).toBe('bad_start');
    expect(problem('FREQ=MONTHLY;BYDAY=5FR;UNTIL=20260720')).toBe('empty');
  });

  it('refuse too many sessions or too long a series', () => {
    const twiceWeekly = 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=';
    expect(problem(`${twiceWeekly}${SERIES_MAX_OCCURRENCES}`)).toBeNull();
    expect(problem(`${twiceWeekly}${SERIES_MAX_OCCURRENCES + 1}`)).toBe('too_many');
    // A weekly series of 200 is under the count but nearly four years long.
    expect(problem(`FREQ=WEEKLY;COUNT=${SERIES_MAX_OCCURRENCES}`)).toBe('too_long');
    // Every day for a year is 365 sessions, counted without a COUNT.
    expect(problem('FREQ=DAILY;UNTIL=20270705')).toBe('too_many');
    expect(problem('FREQ=MONTHLY;UNTIL=20290101')).toBe('too_long');
    // 30 months by count is past two years too.
    expect(problem('FREQ=MONTHLY;COUNT=30')).toBe('too_long');
  });

  it('fail the mutator schema with the reason', () => {
    const args = {
      seriesId: crypto.randomUUID(),
      workshopId: 'w1',
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
      startsLocal: '2026-07-06T15:00',
      durationMinutes: 90,
      room: ' Sala 2 ',
      capacity: 20,
      exdates: ['2026-07-20']
    };
    const ok = v.safeParse(CreateSeriesArgsSchema, args);
    expect(ok.success && ok.output.room).toBe('Sala 2');
    const bad = v.safeParse(CreateSeriesArgsSchema, { ...args, rrule: 'FREQ=WEEKLY;COUNT=900' });
    expect(bad.success).toBe(false);
    expect(bad.issues?.[0]?.message).toMatch(/at most 200 sessions/);
    const badDate = v.safeParse(CreateSeriesArgsSchema, { ...args, exdates: ['2026-13-01'] });
    expect(badDate.success).toBe(false);
  });
});
