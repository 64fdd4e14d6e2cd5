import { describe, expect, it } from 'vitest';
import { readDefinition, readValues, type FormValues } from './series-form.server';

const TODAY = '2026-12-03';

/** The form as a librarian fills it in, valid unless overridden. */
const fields = (over: Partial<FormValues> = {}): FormValues => ({
  park: 'br-a',
  workshop: 'w1',
  date: '2026-12-08',
  time: '15:00',
  duration: '90',
  room: 'Sala 2',
  capacity: '20',
  repeat: 'weekly',
  end: 'count',
  count: '4',
  until: '',
  ...over
});

const problemOf = (over: Partial<FormValues>) => {
  const read = readDefinition(fields(over), TODAY);
  return read.ok ? null : read.problem;
};

describe('the new-series form', () => {
  it('reads each repeat choice into a rule and its dates', () => {
    const weekly = readDefinition(fields(), TODAY);
    expect(weekly).toEqual({
      ok: true,
      def: {
        rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=4',
        startsLocal: '2026-12-08T15:00',
        durationMinutes: 90,
        room: 'Sala 2',
        capacity: 20,
        dates: ['2026-12-08', '2026-12-15', '2026-12-22', '2026-12-29']
      }
    });
    const once = readDefinition(fields({ repeat: 'once', end: '', count: '' }), TODAY);
    expect(once.ok && once.def.dates).toEqual(['2026-12-08']);
    const until = readDefinition(fields({ end: 'until', until: '2026-12-22' }), TODAY);
    expect(until.ok && until.def.dates).toEqual(['2026-12-08', '2026-12-15', '2026-12-22']);
    const monthly = readDefinition(fields({ repeat: 'monthly', count: '2' }), TODAY);
    expect(monthly.ok && monthly.def.dates).toEqual(['2026-12-08', '2027-01-12']);
    const last = readDefinition(fields({ repeat: 'monthly_last', date: '2026-12-29' }), TODAY);
    expect(last.ok && last.def.rrule).toBe('FREQ=MONTHLY;BYDAY=-1TU;COUNT=4');
  });

  it('names the first thing to fix', () => {
    expect(problemOf({ date: '2026-02-30' })).toBe('date');
    expect(problemOf({ date: '2026-12-02' })).toBe('past');
    expect(problemOf({ time: '25:00' })).toBe('time');
    expect(problemOf({ duration: '5' })).toBe('duration');
    expect(problemOf({ duration: '1.5' })).toBe('duration');
    expect(problemOf({ room: '' })).toBe('room');
    expect(problemOf({ capacity: '0' })).toBe('capacity');
    expect(problemOf({ capacity: '301' })).toBe('capacity');
    expect(problemOf({ repeat: 'daily' })).toBe('repeat');
    expect(problemOf({ end: '' })).toBe('repeat');
    expect(problemOf({ count: '201' })).toBe('count');
    expect(problemOf({ end: 'until', until: '' })).toBe('until');
    expect(problemOf({ end: 'until', until: '2026-12-01' })).toBe('until');
    expect(problemOf({ end: 'until', until: '2029-01-01' })).toBe('too_long');
    expect(problemOf({ repeat: 'monthly', count: '30' })).toBe('too_long');
    // 8 December 2026 is the second Tuesday, not the last.
    expect(problemOf({ repeat: 'monthly_last' })).toBe('last');
  });

  it('reads a field that is too long or not text as empty', () => {
    const data = new FormData();
    data.set('room', 'x'.repeat(81));
    data.set('workshop', new Blob(['w1']));
    data.set('date', ' 2026-12-08 ');
    const values = readValues(data);
    expect(values).toMatchObject({ room: '', workshop: '', date: '2026-12-08', park: '' });
  });
});
