import { error } from '@sveltejs/kit';
import { exportRoster } from '$lib/server/exports/roster';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * A session's roster as CSV, for librarians and admins of its park (ROUTE_POLICY lets the
 * roles through; exportRoster checks the park and writes the audit row). Personal data:
 * never cached, anywhere.
 */
export const GET = (async ({ params, locals, url }) => {
  const staff = locals.caller.staff;
  // The policy table already refused anyone without a staff session.
  if (!staff) error(401);
  const locale = url.searchParams.get('lang') === 'en' ? 'en' : 'es';
  const result = await exportRoster(await getDb(), staff, params.id, locale);
  if (!result.ok) {
    return result.status === 403
      ? jsonError(403, 'forbidden', 'rosters are exported by librarians and admins only')
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
