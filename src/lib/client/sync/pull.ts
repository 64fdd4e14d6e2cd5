/**
 * Pulls every waiting page for this device's library park and applies each one.
 */
import { PULL_LIMIT_MAX } from '../../domain/limits';
import { reportParams, type DeviceReport } from '../../domain/device-report';
import type { PullResponse } from '../../domain/sync';
import { getMeta, META, type ParqueDb } from '../db';
import { credentialOf, withCredential } from '../credential';
import { clientIdOf } from '../identity';
import { applyPullPage, type Replay } from './apply';

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

/**
 * The write-side code (mutators, clock) loads only on devices that have written something:
 * a kiosk that only shows the catalogue never downloads it.
 */
async function replayFor(db: ParqueDb): Promise<Replay | undefined> {
  if ((await db.outbox.count()) === 0) return undefined;
  return (await import('../mutators')).replayPending;
}

export interface PullOptions {
  limit?: number;
  /** Rows applied so far in this run, after each page (for a progress display). */
  onProgress?: (rows: number) => void;
  /** What a kiosk or desk says of itself, sent with each page (report.ts). */
  report?: DeviceReport;
}

export async function pullAll(
  db: ParqueDb,
  branchId: string,
  fetchFn: typeof fetch = fetch,
  options: PullOptions = {}
): Promise<{ pages: number; rows: number }> {
  await credentialOf(db, fetchFn);
  const clientId = await clientIdOf(db);
  const send = withCredential(db, fetchFn);
  // The biggest page the server allows: an initial sync of a large park is a handful of
  // round trips, not dozens.
  const limit = options.limit ?? PULL_LIMIT_MAX;
  const fetchPage = async (cursor: string): Promise<PullResponse> => {
    const params = new URLSearchParams({ branch: branchId, client: clientId });
    if (cursor) params.set('cursor', cursor);
    const rosterDigest = await getMeta<string>(db, META.rosterDigest);
    if (rosterDigest) params.set('rosterDigest', rosterDigest);
    params.set('limit', String(limit));
    for (const [key, value] of reportParams(options.report ?? {})) params.set(key, value);
    const res = await send(`/api/sync/pull?${params.toString()}`, {
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
    return (await res.json()) as PullResponse;
  };

  let pages = 0;
  let rows = 0;
  // The scope this pull began in: a page is written only while it still holds (apply.ts).
  const scope = {
    branchId: await getMeta<string>(db, META.branchId),
    kind: await getMeta<string>(db, META.deviceKind)
  };
  let cursor = (await getMeta<string>(db, META.cursor)) ?? '';
  let next = fetchPage(cursor);
  for (;;) {
    const page = await next;
    pages++;
    const more = page.more && pages < MAX_PAGES;
    // Fetch the next page while this one is written: the network and IndexedDB overlap.
    if (more) {
      next = fetchPage(page.cursor);
      next.catch(() => {}); // if applying fails first, this request is simply dropped
    }
    await applyPullPage(db, page, await replayFor(db), { ...scope, cursor });
    cursor = page.cursor;
    if (await db.meta.get(META.hlc)) {
      const { observeServerTime } = await import('../mutate');
      await observeServerTime(db, page.serverTime);
    }
    rows +=
      page.deletes.length +
      Object.values(page.changes).reduce((n, list: unknown[]) => n + list.length, 0);
    options.onProgress?.(rows);
    if (!more) return { pages, rows };
  }
}
