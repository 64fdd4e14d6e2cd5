import { calendarFeed, feedResponse } from '$lib/server/exports/calendar';
import { getDb } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

/** One category's feed at a park: `/api/calendar/parks/<park>/<category slug>.ics`. */
export const GET = (async ({ params, request, url }) => {
  const locale = url.searchParams.get('lang') === 'en' ? 'en' : 'es';
  const feed = await calendarFeed(
    await getDb(),
    { park: params.park, category: params.category },
    { origin: url.origin, locale }
  );
  return feedResponse(feed, request);
}) satisfies RequestHandler;
