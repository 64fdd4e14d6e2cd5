import { describe, expect, it } from 'vitest';
import {
  addDays,
  localInstant,
  localTime,
  groupSchedule,
  inDayFilter,
  isoWeekday,
  localDateKey,
  startOfLocalDay,
  zoneOffsetMinutes
} from './schedule';

const BOG = 'America/Bogota';

function session(id: string, startsAt: string, hours = 2) {
  const endsAt = new Date(new Date(startsAt).getTime() + hours * 3_600_000).toISOString();
  return { id, startsAt, endsAt };
}

describe('local dates in Bogotá', () => {
  it('uses the park zone, not UTC', () => {
    // 02:00 UTC on the 26th is 21:00 on the 25th in Bogotá.
    expect(localDateKey('2026-11-26T02:00:00.000Z', BOG)).toBe('2026-11-25');
    expect(localDateKey('2026-11-26T05:00:00.000Z', BOG)).toBe('2026-11-26');
  });

  it('knows the offset and local midnight', () => {
    expect(zoneOffsetMinutes(new Date('2026-11-25T12:00:00Z'), BOG)).toBe(-300);
    expect(startOfLocalDay('2026-11-25', BOG)).toBe('2026-11-25T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-29', 'Europe/Madrid')).toBe('2026-03-28T23:00:00.000Z');
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('2026-11-23')).toBe(1);
  });
});

describe('groupSchedule', () => {
  // Wednesday 25 November 2026, 15:00 in Bogotá.
  const now = new Date('2026-11-25T20:00:00.000Z');
  const sessions = [
    session('past-today', '2026-11-25T13:00:00.000Z'), // 08:00–10:00, ended
    session('running', '2026-11-25T19:00:00.000Z'), // 14:00–16:00, on now
    session('late', '2026-11-26T01:00:00.000Z'), // 20:00 on the 25th locally
    session('tomorrow', '2026-11-26T14:00:00.000Z'),
    session('day6', '2026-12-01T14:00:00.000Z'),
    session('day7', '2026-12-02T14:00:00.000Z'), // outside the week
    session('yesterday', '2026-11-24T14:00:00.000Z')
  ];

  it('puts unfinished sessions of the local day in today, in order', () => {
    const { today } = groupSchedule(sessions, now, BOG);
    expect(today.map((s) => s.id)).toEqual(['running', 'late']);
  });

  it('groups the next six days by local date and leaves out the rest', () => {
    const { week } = groupSchedule(sessions, now, BOG);
    expect(week.map((d) => d.date)).toEqual(['2026-11-26', '2026-12-01']);
    expect(week.flatMap((d) => d.sessions.map((s) => s.id))).toEqual(['tomorrow', 'day6']);
  });

  it('rolls over at local midnight, not UTC midnight', () => {
    // 23:30 in Bogotá is 04:30 UTC the next day.
    const lateNight = new Date('2026-11-26T04:30:00.000Z');
    const { today, week } = groupSchedule(sessions, lateNight, BOG);
    expect(today).toEqual([]);
    expect(week[0]?.date).toBe('2026-11-26');
  });
});

describe('inDayFilter', () => {
  const now = new Date('2026-11-25T20:00:00.000Z'); // Wednesday
  it('filters by local day', () => {
    expect(inDayFilter('2026-11-26T01:00:00.000Z', 'today', now, BOG)).toBe(true);
    expect(inDayFilter('2026-11-26T14:00:00.000Z', 'tomorrow', now, BOG)).toBe(true);
    expect(inDayFilter('2026-12-02T14:00:00.000Z', 'week', now, BOG)).toBe(false);
    expect(inDayFilter('2026-11-28T14:00:00.000Z', 'weekend', now, BOG)).toBe(true);
    expect(inDayFilter('2026-11-29T14:00:00.000Z', 'weekend', now, BOG)).toBe(true);
    expect(inDayFilter('2026-11-27T14:00:00.000Z', 'weekend', now, BOG)).toBe(false);
    expect(inDayFilter('2026-12-20T14:00:00.000Z', 'any', now, BOG)).toBe(true);
  });
});

describe('park-local wall times', () => {
  it('reads a Bogotá date and time as the instant, whatever zone the device is in', () => {
    expect(localInstant('2026-12-03', '14:30', 'America/Bogota')).toBe('2026-12-03T19:30:00.000Z');
    expect(localInstant('2026-12-03', '00:00', 'America/Bogota')).toBe('2026-12-03T05:00:00.000Z');
    // Madrid changes offset in March: the wall time is kept on either side of the change.
    expect(localInstant('2026-03-28', '10:00', 'Europe/Madrid')).toBe('2026-03-28T09:00:00.000Z');
    expect(localInstant('2026-03-30', '10:00', 'Europe/Madrid')).toBe('2026-03-30T08:00:00.000Z');
    expect(localTime('2026-12-03T19:30:00.000Z', 'America/Bogota')).toBe('14:30');
    expect(localTime('2026-12-03T14:05:00.000Z', 'America/Bogota')).toBe('09:05');
  });

  it('refuses what is not a date or a time', () => {
    for (const [d, t] of [
      ['2026-02-30', '10:00'],
      ['2026-12-03', '24:00'],
      ['2026-12-03', '9:00'],
      ['03/12/2026', '10:00'],
      ['', '']
    ]) {
      expect(localInstant(d!, t!, 'America/Bogota'), `${d} ${t}`).toBeNull();
    }
  });
});
