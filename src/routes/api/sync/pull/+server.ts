import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { PullQuerySchema } from '$lib/domain/sync';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import { pull, PullError, recordPull } from '$lib/server/sync/pull';
import type { RequestHandler } from './$types';

export const GET = (async ({ url }) => {
  const query = v.safeParse(PullQuerySchema, Object.fromEntries(url.searchParams));
  if (!query.success) {
    const issue = query.issues[0];
    const key = issue.path?.map((p) => String(p.key)).join('.');
    return jsonError(400, 'bad_request', key ? `${key}: ${issue.message}` : issue.message);
  }
  try {
    const db = await getDb();
    const page = await pull(db, query.output);
    if (query.output.client && !page.more) {
      await recordPull(db, query.output.client, query.output.branch, new Date());
    }
    return json(page, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (e instanceof PullError) return jsonError(e.status, e.code, e.message);
    throw e;
  }
}) satisfies RequestHandler;
