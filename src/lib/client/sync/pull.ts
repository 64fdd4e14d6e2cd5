/**
 * Pulls every waiting page for this device's library park and applies each one.
 */
import type { PullResponse } from '../../domain/sync';
import { getMeta, META, type ParqueDb } from '../db';
import { clientIdOf, observeServerTime } from '../mutate';
import { applyPullPage } from './apply';

export class PullFailed extends Error {
  constructor(
    message: string,
    /** 4xx: asking again will not help until something changes (e.g. the park is gone). */
    readonly permanent: boolean
  ) {
    super(message);
  }
}

/** Pages per run: a bound so one run cannot spin forever against a misbehaving server. */
const MAX_PAGES = 200;

export async function pullAll(
  db: ParqueDb,
  branchId: string,
  fetchFn: typeof fetch = fetch,
  limit?: number
): Promise<{ pages: number; rows: number }> {
  let pages = 0;
  let rows = 0;
  for (;;) {
    const cursor = (await getMeta<string>(db, META.cursor)) ?? '';
    const params = new URLSearchParams({ branch: branchId, client: await clientIdOf(db) });
    if (cursor) params.set('cursor', cursor);
    if (limit) params.set('limit', String(limit));
    const res = await fetchFn(`/api/sync/pull?${params.toString()}`, {
      headers: { accept: 'application/json' },
      cache: 'no-store'
    });
    if (!res.ok) {
      let message = `pull failed with HTTP ${res.status}`;
      try {
        const body = (await res.json()) as { message?: string };
        if (body.message) message = body.message;
      } catch {
        // not JSON: keep the status line
      }
      throw new PullFailed(message, res.status >= 400 && res.status < 500);
    }
    const page = (await res.json()) as PullResponse;
    await applyPullPage(db, page);
    await observeServerTime(db, page.serverTime);
    pages++;
    rows +=
      page.deletes.length +
      Object.values(page.changes).reduce((n, list: unknown[]) => n + list.length, 0);
    if (!page.more || pages >= MAX_PAGES) return { pages, rows };
  }
}
