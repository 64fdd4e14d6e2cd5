import { json } from '@sveltejs/kit';
import { toBranch } from '$lib/server/catalogue';
import { getDb } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

/** The library parks a new kiosk can choose from on first run. */
export const GET = (async () => {
  const db = await getDb();
  const rows = await db.selectFrom('branches').selectAll().orderBy('name').execute();
  return json(rows.map(toBranch), { headers: { 'cache-control': 'no-store' } });
}) satisfies RequestHandler;
