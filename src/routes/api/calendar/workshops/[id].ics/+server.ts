import { calendarFeed, feedResponse } from '$lib/server/exports/calendar';
import { getDb } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

/** "Añadir a mi calendario": a workshop's upcoming sessions as a file to import. */
export const GET = (async ({ params, request, url }) => {
  const locale = url.searchParams.get('lang') === 'en' ? 'en' : 'es';
  const feed = await calendarFeed(
    await getDb(),
    { workshop: params.id },
    { origin: url.origin, locale }
  );
  return feedResponse(feed, request, `${params.id.replace(/[^A-Za-z0-9._-]/g, '-')}.ics`);
}) satisfies RequestHandler;
