/**
 * Applies one pull page to the device: rows, deletions and the new cursor in one Dexie
 * transaction, so the cursor never moves past data that was not written (DESIGN §4).
 * In the same transaction it drops the outbox entries the server has applied and
 * replays the ones still pending on top of the server's rows.
 */
import type { Lease } from '../../domain/lease';
import type { PullResponse } from '../../domain/sync';
import { CATALOGUE_TABLES, forgetRoster, getMeta, META, type ParqueDb } from '../db';

/** Re-applies pending outbox entries; see mutators.ts (loaded only when there are some). */
export type Replay = (db: ParqueDb, afterId: number) => Promise<void>;

/**
 * What the device looked like when the page was asked for: its park, its role and the
 * cursor sent. A page is written only if they still hold inside the write transaction;
 * otherwise the scope moved under the pull (a new park chosen, a kiosk enrolled, a refused
 * credential) or another tab already wrote this page, and writing it would put the old
 * park's rows and cursor over the new scope (issue 11, 2c and 2g).
 */
export interface PageBasis {
  branchId: string | undefined;
  kind: string | undefined;
  cursor: string;
}

/** The page was not written because its basis no longer holds; pull again. */
export class PageSuperseded extends Error {
  constructor() {
    super('the device changed while this page was on its way; pulling again');
  }
}

export async function applyPullPage(
  db: ParqueDb,
  page: PullResponse,
  replay?: Replay,
  basis?: PageBasis
): Promise<void> {
  const tables = [
    ...CATALOGUE_TABLES.map((t) => db[t]),
    db.meta,
    db.registrations,
    db.outbox,
    db.outcomes,
    db.leases,
    db.roster
  ];
  await db.transaction('rw', tables, async () => {
    if (basis) {
      const [branchId, kind, cursor] = await Promise.all([
        getMeta<string>(db, META.branchId),
        getMeta<string>(db, META.deviceKind),
        getMeta<string>(db, META.cursor)
      ]);
      if (branchId !== basis.branchId || kind !== basis.kind || (cursor ?? '') !== basis.cursor) {
        throw new PageSuperseded();
      }
    }
    if (page.reset) {
      // The server's database is not the one this copy came from: start from nothing
      // (pending changes in the outbox are kept and replayed below).
      // Leases, roster and outcomes too: spending a lease of a database that is gone would
      // confirm seats nobody holds (issue 11, 2b).
      await Promise.all([
        ...CATALOGUE_TABLES.map((t) => db[t].clear()),
        db.registrations.clear(),
        db.leases.clear(),
        forgetRoster(db),
        db.outcomes.clear()
      ]);
    }
    await db.branches.bulkPut(page.changes.branches);
    await db.categories.bulkPut(page.changes.categories);
    await db.audiences.bulkPut(page.changes.audiences);
    await db.workshops.bulkPut(page.changes.workshops);
    await db.sessions.bulkPut(page.changes.sessions);
    await db.registrations.bulkPut(page.changes.registrations);
    await db.outcomes.bulkPut(page.changes.outcomes);
    await db.leases.bulkPut(await keepLocalSpends(db, page.changes.leases));
    if (page.roster) {
      // A snapshot replaces the whole copy: yesterday's tickets leave with it.
      await db.roster.clear();
      await db.roster.bulkPut(page.roster.entries);
      await db.meta.put({ key: META.rosterDigest, value: page.roster.digest });
    }
    for (const table of CATALOGUE_TABLES) {
      const ids = page.deletes.filter((d) => d.entity === table).map((d) => d.id);
      if (ids.length > 0) await db[table].bulkDelete(ids);
    }
    await db.meta.put({ key: META.cursor, value: page.cursor });
    if (!page.more) await db.meta.put({ key: META.lastSyncAt, value: page.serverTime });

    const known = (await getMeta<number>(db, META.lastMutationId)) ?? 0;
    const confirmed = Math.max(known, page.lastMutationId);
    if (confirmed > known) await db.meta.put({ key: META.lastMutationId, value: confirmed });
    await db.outbox.where('id').belowOrEqual(confirmed).delete();
    const touched =
      page.changes.registrations.length > 0 || page.roster !== undefined || page.reset;
    if (replay && touched) {
      await replay(db, confirmed);
    }
  });
}

/**
 * A lease row of the same version as the device's copy cannot know about spends the device
 * counted since (a push confirmed after the page was read, maybe by another tab): keep the
 * higher count, so a pull never lowers it and no seat is promised twice. A newer version is
 * the server's word and wins, also when it is lower (a spend it refused, issue 11 2f).
 */
async function keepLocalSpends(db: ParqueDb, leases: Lease[]): Promise<Lease[]> {
  if (leases.length === 0) return leases;
  const held = await db.leases.bulkGet(leases.map((l) => l.id));
  return leases.map((l, i) => {
    const mine = held[i];
    return mine && l.version <= mine.version && mine.used > l.used ? { ...l, used: mine.used } : l;
  });
}
