/**
 * What goes into a public calendar feed (ical.ts builds the file): a park's sessions, one
 * category's at a park, or one workshop's, from a week ago to 60 days ahead, cancelled ones
 * included. The past week stays so that a subscribed calendar, which replaces its copy with
 * each fetch, does not lose this week's workshops the moment they end. A workshop's own
 * file ("Añadir a mi calendario") is a one-off import: its upcoming sessions only.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/index';
import { buildCalendar, type CalendarLocale, type CalendarSession } from './ical';
import { m } from '../../paraglide/messages';

export const FEED_PAST_DAYS = 7;
export const FEED_HORIZON_DAYS = 60;
const DAY_MS = 86_400_000;

export type FeedScope =
  { park: string } | { park: string; category: string } | { workshop: string };

export interface Feed {
  body: string;
  /** A weak validator over everything the body says except its DTSTAMPs. */
  etag: string;
}

/** The feed, or null when the park, category or workshop does not exist. */
export async function calendarFeed(
  db: Db,
  scope: FeedScope,
  options: { origin: string; locale: CalendarLocale; now?: Date }
): Promise<Feed | null> {
  const now = options.now ?? new Date();
  const { locale } = options;
  let q = db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .innerJoin('branches', 'branches.id', 'sessions.branch_id')
    .select([
      'sessions.id as sessionId',
      'sessions.workshop_id as workshopId',
      'sessions.starts_at as startsAt',
      'sessions.ends_at as endsAt',
      'sessions.room',
      'sessions.status',
      'sessions.version',
      'workshops.title',
      'workshops.summary',
      'workshops.description',
      'workshops.facilitator'
    ])
    .where('sessions.ends_at', '>', new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS).toISOString())
    .where(
      'sessions.starts_at',
      '<',
      new Date(now.getTime() + FEED_HORIZON_DAYS * DAY_MS).toISOString()
    )
    .orderBy('sessions.starts_at')
    .orderBy('sessions.id');

  let name: string;
  let parkId: string;
  if ('workshop' in scope) {
    const w = await db
      .selectFrom('workshops')
      .select(['id', 'title', 'branch_id'])
      .where('id', '=', scope.workshop)
      .executeTakeFirst();
    if (!w) return null;
    parkId = w.branch_id;
    // A one-off download to import: what is still to come, nothing cancelled (an imported
    // file never updates, so a struck-out copy would only clutter).
    q = q
      .where('sessions.workshop_id', '=', w.id)
      .where('sessions.ends_at', '>', now.toISOString())
      .where('sessions.status', '!=', 'cancelled');
    name = w.title;
  } else {
    const b = await db
      .selectFrom('branches')
      .select(['id'])
      .where('slug', '=', scope.park)
      .executeTakeFirst();
    if (!b) return null;
    parkId = b.id;
    q = q.where('sessions.branch_id', '=', b.id);
    name = '';
  }
  const park = await db
    .selectFrom('branches')
    .select(['name', 'address', 'time_zone', 'version'])
    .where('id', '=', parkId)
    .executeTakeFirstOrThrow();

  if ('workshop' in scope) {
    name = m.calendar_name_workshop({ workshop: name, park: park.name }, { locale });
  } else if ('category' in scope) {
    const c = await db
      .selectFrom('categories')
      .select(['id', 'name_es', 'name_en'])
      .where('slug', '=', scope.category)
      .executeTakeFirst();
    if (!c) return null;
    q = q.where('workshops.category_id', '=', c.id);
    const category = locale === 'es' ? c.name_es : c.name_en;
    name = m.calendar_name_category({ category, park: park.name }, { locale });
  } else {
    name = m.calendar_name_park({ park: park.name }, { locale });
  }

  const sessions: CalendarSession[] = (await q.execute()).map((r) => ({
    ...r,
    status: r.status === 'cancelled' ? 'cancelled' : 'scheduled',
    version: Number(r.version)
  }));
  const input = {
    name,
    park: { name: park.name, address: park.address, timeZone: park.time_zone },
    sessions,
    origin: options.origin,
    locale
  };
  const etag = `W/"${createHash('sha256').update(JSON.stringify(input)).digest('base64url').slice(0, 27)}"`;
  return { body: buildCalendar({ ...input, now }), etag };
}

/** The feed as an HTTP answer: cacheable for a few minutes, revalidated with its ETag. */
export function feedResponse(feed: Feed | null, request: Request, filename?: string): Response {
  if (!feed) {
    return new Response('Not found\n', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
    });
  }
  const headers: Record<string, string> = {
    etag: feed.etag,
    // Five minutes: a cancellation reaches a subscriber's next fetch soon, and a crowd
    // opening the same feed costs the server one query per five minutes per cache.
    'cache-control': 'public, max-age=300'
  };
  if (request.headers.get('if-none-match') === feed.etag) {
    return new Response(null, { status: 304, headers });
  }
  headers['content-type'] = 'text/calendar; charset=utf-8';
  if (filename) headers['content-disposition'] = `attachment; filename="${filename}"`;
  return new Response(feed.body, { headers });
}
