/**
 * Public iCalendar (RFC 5545) feeds of what is on (issue 9 §5), built with ical-generator.
 * Only what the public catalogue already shows goes in: workshop, times, room, park; never
 * a registration, a name or a count of people.
 *
 * - UIDs are `<session id>@parque`: the same session is the same event in every feed and
 *   every download, so a calendar that subscribed to a park and also imported a workshop
 *   keeps one copy, and a moved session moves instead of doubling.
 * - SEQUENCE is the session's row version, which grows with every write to it (a move, a
 *   cancellation), so clients take the newer copy.
 * - A cancelled session stays in the feed with STATUS:CANCELLED (and "Cancelado:" in the
 *   title, for the clients that ignore STATUS), so subscribers see it struck out instead of
 *   silently gone.
 * - Times carry TZID=<the park's zone> (America/Bogota) with its VTIMEZONE, so a phone set
 *   to another zone shows the right hour.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { zoneOffsetMinutes } from '../../domain/schedule';
import { m } from '../../paraglide/messages';

export type CalendarLocale = 'es' | 'en';

/** One session as the feed shows it: catalogue data only. */
export interface CalendarSession {
  sessionId: string;
  workshopId: string;
  title: string;
  summary: string;
  description: string;
  facilitator: string;
  startsAt: string;
  endsAt: string;
  room: string;
  status: 'scheduled' | 'cancelled';
  /** The session row's version: grows with every change. */
  version: number;
}

export interface CalendarPark {
  name: string;
  address: string;
  timeZone: string;
}

export interface CalendarInput {
  /** The calendar's display name (X-WR-CALNAME). */
  name: string;
  park: CalendarPark;
  sessions: readonly CalendarSession[];
  /** Where the workshop pages are, for each event's URL. */
  origin: string;
  locale: CalendarLocale;
  /** DTSTAMP: when this copy was made. */
  now: Date;
}

/** How often a subscribed calendar should ask again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const REFRESH_SECONDS = 60 * 60;

export const uidOf = (sessionId: string): string => `${sessionId}@parque`;

export function buildCalendar(input: CalendarInput): string {
  const { park, locale } = input;
  const cal = ical({
    name: input.name,
    prodId: { company: 'Parque', product: 'Parque', language: locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    ttl: REFRESH_SECONDS,
    timezone: { name: park.timeZone, generator: vtimezone }
  });
  for (const s of input.sessions) {
    const url = `${input.origin}/workshops/${encodeURIComponent(s.workshopId)}`;
    const cancelled = s.status === 'cancelled';
    cal.createEvent({
      id: uidOf(s.sessionId),
      sequence: s.version,
      stamp: input.now,
      timezone: park.timeZone,
      // ical-generator writes a Date's UTC fields as the wall time in `timezone`.
      start: wallClock(new Date(s.startsAt), park.timeZone),
      end: wallClock(new Date(s.endsAt), park.timeZone),
      summary: cancelled ? m.calendar_cancelled({ title: s.title }, { locale }) : s.title,
      description: [
        s.summary,
        s.description,
        s.facilitator ? m.workshop_facilitator({ name: s.facilitator }, { locale }) : '',
        m.calendar_more({ url }, { locale })
      ]
        .filter((line) => line.trim() !== '')
        .join('\n\n'),
      location: `${s.room}, ${park.name}, ${park.address}`,
      url,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
    });
  }
  return cal.toString();
}

/**
 * The instant as a Date whose UTC fields read the wall time in `timeZone` (what
 * ical-generator formats for a TZID'd date), with no date library.
 */
export function wallClock(instant: Date, timeZone: string): Date {
  return new Date(instant.getTime() + zoneOffsetMinutes(instant, timeZone) * 60_000);
}

/**
 * A VTIMEZONE for a zone with one offset all year (Colombia has had no daylight saving
 * since 1993). A zone whose offset changes needs its transition rules, which this does not
 * write: refusing is better than a feed an hour off for half the year.
 */
export function vtimezone(timeZone: string): string {
  const year = new Date().getUTCFullYear();
  const jan = zoneOffsetMinutes(new Date(Date.UTC(year, 0, 1)), timeZone);
  const jul = zoneOffsetMinutes(new Date(Date.UTC(year, 6, 1)), timeZone);
  if (jan !== jul) throw new Error(`${timeZone} has daylight saving; its VTIMEZONE needs rules`);
  const sign = jan < 0 ? '-' : '+';
  const abs = Math.abs(jan);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${timeZone}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offset}`,
    `TZOFFSETTO:${offset}`,
    `TZNAME:${offset.slice(0, 3)}`,
    'END:STANDARD',
    'END:VTIMEZONE'
  ].join('\r\n');
}
