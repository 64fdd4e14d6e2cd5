import { serveContent } from '$lib/server/content/serve';
import { getContentStore } from '$lib/server/content/store';
import { getDb } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

export const GET = (async ({ params, request }) =>
  serveContent(
    await getDb(),
    getContentStore(),
    params.hash,
    request.headers
  )) satisfies RequestHandler;
