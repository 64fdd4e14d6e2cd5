import { json } from '@sveltejs/kit';
import { courseFigures } from '$lib/server/content/learners';
import { getDb } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

/** Per course: learners started and completed, average best quiz score. Aggregates only. */
export const GET = (async () =>
  json(await courseFigures(await getDb()), {
    headers: { 'cache-control': 'no-store' }
  })) satisfies RequestHandler;
