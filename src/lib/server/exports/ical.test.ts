import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, vtimezone, wallClock, type CalendarSession } from './ical';

const NOW = new Date('2026-11-25T15:00:00.000Z');
const PARK = {
  name: 'Parque Biblioteca España',
  address: 'Carrera 33B # 107A-100',
  timeZone: 'America/Bogota'
};

const session = (over: Partial<CalendarSession> = {}): CalendarSession => ({
  sessionId: 'ses-1',
  workshopId: 'ws-ingles',
  title: 'Inglés para todos; nivel 1',
  summary: 'Conversación básica.',
  description: 'Traiga cuaderno, lápiz y ganas.',
  facilitator: 'Marta Lucía Henao',
  startsAt: '2026-11-26T14:00:00.000Z',
  endsAt: '2026-11-26T16:00:00.000Z',
  room: 'Sala de cómputo',
  status: 'scheduled',
  version: 41,
  ...over
});

function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const zone = cal.getFirstSubcomponent('vtimezone');
  if (zone) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return cal;
}

const build = (sessions: CalendarSession[], locale: 'es' | 'en' = 'es') =>
  buildCalendar({
    name: 'Talleres en Parque Biblioteca España',
    park: PARK,
    sessions,
    origin: 'https://parque.example',
    locale,
    now: NOW
  });

describe('the iCalendar feed', () => {
  it('parses back with ical.js, field by field', () => {
    const cal = parse(build([session()]));
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Talleres en Parque Biblioteca España');
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    const [vevent, ...more] = cal.getAllSubcomponents('vevent');
    expect(more).toEqual([]);
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe('ses-1@parque');
    expect(event.sequence).toBe(41);
    expect(event.summary).toBe('Inglés para todos; nivel 1');
    expect(event.location).toBe(
      'Sala de cómputo, Parque Biblioteca España, Carrera 33B # 107A-100'
    );
    expect(event.description).toContain('Conversación básica.');
    expect(event.description).toContain('Traiga cuaderno, lápiz y ganas.');
    expect(event.description).toContain('Con Marta Lucía Henao');
    expect(event.description).toContain('https://parque.example/workshops/ws-ingles');
    expect(vevent!.getFirstPropertyValue('url')).toBe('https://parque.example/workshops/ws-ingles');
    expect(vevent!.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('writes the start and end in America/Bogota with its VTIMEZONE, at the right instant', () => {
    const text = build([session()]);
    // 14:00 UTC is 09:00 in Bogotá (UTC−5, no daylight saving).
    expect(text).toContain('DTSTART;TZID=America/Bogota:20261126T090000');
    expect(text).toContain('DTEND;TZID=America/Bogota:20261126T110000');
    const cal = parse(text);
    const zone = cal.getFirstSubcomponent('vtimezone')!;
    expect(zone.getFirstPropertyValue('tzid')).toBe('America/Bogota');
    const vevent = cal.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('America/Bogota');
    const event = new ICAL.Event(vevent);
    expect(event.startDate.zone.tzid).toBe('America/Bogota');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-11-26T14:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-11-26T16:00:00.000Z');
  });

  it('keeps a cancelled session, with STATUS:CANCELLED and the title saying so', () => {
    const cal = parse(build([session(), session({ sessionId: 'ses-2', status: 'cancelled' })]));
    const events = cal.getAllSubcomponents('vevent');
    expect(events.map((e) => e.getFirstPropertyValue('uid'))).toEqual([
      'ses-1@parque',
      'ses-2@parque'
    ]);
    expect(events[1]!.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events[1]!.getFirstPropertyValue('summary')).toBe(
      'Cancelado: Inglés para todos; nivel 1'
    );
    const english = parse(build([session({ status: 'cancelled' })], 'en'));
    expect(english.getFirstSubcomponent('vevent')!.getFirstPropertyValue('summary')).toBe(
      'Cancelled: Inglés para todos; nivel 1'
    );
  });

  it('gives a session the same UID in every copy, whatever changed', () => {
    const uid = (s: CalendarSession) =>
      parse(build([s]))
        .getFirstSubcomponent('vevent')!
        .getFirstPropertyValue('uid');
    expect(uid(session())).toBe(
      uid(session({ startsAt: '2026-11-27T14:00:00.000Z', version: 90 }))
    );
  });

  it('converts to wall time and refuses a zone with daylight saving', () => {
    expect(wallClock(new Date('2026-11-26T14:00:00.000Z'), 'America/Bogota').toISOString()).toBe(
      '2026-11-26T09:00:00.000Z'
    );
    expect(vtimezone('America/Bogota')).toContain('TZOFFSETTO:-0500');
    expect(() => vtimezone('Europe/Madrid')).toThrow(/daylight saving/);
  });
});
