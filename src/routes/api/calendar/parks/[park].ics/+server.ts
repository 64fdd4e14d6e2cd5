import { calendarFeed, feedResponse } from '$lib/server/exports/calendar';
import { getDb } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

/** A park's public calendar feed: `/api/calendar/parks/<park slug>.ics` (README). */
export const GET = (async ({ params, request, url }) => {
  const locale = url.searchParams.get('lang') === 'en' ? 'en' : 'es';
  const feed = await calendarFeed(
    await getDb(),
    { park: params.park },
    { origin: url.origin, locale }
  );
  return feedResponse(feed, request);
}) satisfies RequestHandler;
