import { error } from '@sveltejs/kit';
import { exportContacts } from '$lib/server/exports/contacts';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * The phones and e-mails people left on a session's tickets, to tell them of a change
 * (librarians and admins of its park; exportContacts checks the park and audits).
 * Personal data: never cached, anywhere.
 */
export const GET = (async ({ params, locals, url }) => {
  const staff = locals.caller.staff;
  if (!staff) error(401);
  const locale = url.searchParams.get('lang') === 'en' ? 'en' : 'es';
  const result = await exportContacts(await getDb(), staff, params.id, locale);
  if (!result.ok) {
    return result.status === 403
      ? jsonError(403, 'forbidden', 'contacts are exported by librarians and admins only')
      : jsonError(404, 'not_found', 'no such session in your parks');
  }
  return new Response(result.csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${result.filename}"`,
      'cache-control': 'no-store'
    }
  });
}) satisfies RequestHandler;
