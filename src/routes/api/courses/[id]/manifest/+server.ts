import { json } from '@sveltejs/kit';
import { getManifest } from '$lib/server/content/courses';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The course's current manifest; its ETag is the version, so an unchanged course costs a 304. */
export const GET = (async ({ params, request }) => {
  const manifest = await getManifest(await getDb(), params.id);
  if (!manifest) return jsonError(404, 'not_found', `no course called "${params.id}"`);
  const etag = `"${manifest.id}-v${manifest.version}"`;
  const headers = { etag, 'cache-control': 'no-cache' };
  if (request.headers.get('if-none-match') === etag) {
    return new Response(null, { status: 304, headers });
  }
  return json(manifest, { headers });
}) satisfies RequestHandler;
