/**
 * GET /api/sync/pull: the rows in a device's scope that changed after its cursor, read in
 * one snapshot and paged (the cursor scheme is described in domain/sync.ts).
 */
import { sql } from 'kysely';
import type { DeviceReport } from '../../domain/device-report';
import { ENTITIES, type Entity } from '../../domain/catalogue';
import {
  CursorError,
  decodeCursor,
  emptyChanges,
  encodeCursor,
  PULL_LIMIT_DEFAULT,
  PULL_TABLES,
  type Cursor,
  type PullResponse,
  type Tombstone
} from '../../domain/sync';
import { rowMappers, toOutcome, toRegistration } from '../catalogue';
import { readTransaction, type Db, type Tx } from '../db/index';
import { toLease } from '../leases';
import { rosterSnapshot } from './roster';

export class PullError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

export interface PullRequest {
  branch: string;
  client?: string;
  /** The caller is an enrolled kiosk or desk of this park: it also gets the park's roster. */
  roster?: boolean;
  /** …with whole names (a desk's). */
  rosterNames?: boolean;
  /** The digest of the roster the device holds (it gets a new one only when it differs). */
  rosterDigest?: string;
  /** The server's clock (tests run the server at a fixed time). */
  now?: Date;
  cursor?: string;
  limit?: number;
}

/** Entities every device holds; the rest are scoped to the device's library park. */
const GLOBAL: ReadonlySet<string> = new Set(['branches', 'categories', 'audiences']);

export async function pull(db: Db, req: PullRequest): Promise<PullResponse> {
  let requested: Cursor | undefined;
  if (req.cursor !== undefined && req.cursor !== '') {
    try {
      requested = decodeCursor(req.cursor);
    } catch (e) {
      if (e instanceof CursorError) throw new PullError(400, 'bad_cursor', e.message);
      throw e;
    }
  }
  const limit = req.limit ?? PULL_LIMIT_DEFAULT;

  return readTransaction(db, async (trx) => {
    const state = await trx
      .selectFrom('sync_state')
      .select(['version', 'epoch'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const now = Number(state.version);
    const branch = await trx
      .selectFrom('branches')
      .select(['id', 'time_zone'])
      .where('id', '=', req.branch)
      .executeTakeFirst();
    if (!branch) {
      throw new PullError(
        404,
        'unknown_branch',
        `there is no library park with id "${req.branch}"`
      );
    }

    let cursor: Cursor = requested ?? { epoch: state.epoch, base: 0 };
    let reset = false;
    if (cursor.epoch !== state.epoch) {
      // The device synced with another database (recreated or restored): start over.
      cursor = { epoch: state.epoch, base: 0 };
      reset = true;
    } else if (cursor.base > now || (cursor.pass && cursor.pass.target > now)) {
      // A version this database never reached under its epoch: history went back (a
      // restore that kept the epoch, commits lost on power loss). This device starts over.
      // The epoch is not rotated for everyone here: any device can send any cursor, and
      // one must not be able to make every device of the city resync (npm run restore
      // rotates it).
      cursor = { epoch: state.epoch, base: 0 };
      reset = true;
    }

    // The roster goes with the last page of a pull, when the device's copy is not this one.
    const finish = async (page: PullResponse): Promise<PullResponse> => {
      if (req.roster !== true || page.more) return page;
      const roster = await rosterSnapshot(
        trx,
        branch.id,
        branch.time_zone,
        req.now ?? new Date(),
        req.rosterNames === true
      );
      if (roster.digest !== req.rosterDigest) page.roster = roster;
      return page;
    };

    // The device's row once: how far its pushes got.
    const device = req.client
      ? await trx
          .selectFrom('clients')
          .select(['last_mutation_id'])
          .where('client_id', '=', req.client)
          .executeTakeFirst()
      : undefined;
    const response: PullResponse = {
      cursor: encodeCursor(cursor),
      more: false,
      reset,
      serverTime: (req.now ?? new Date()).toISOString(),
      changes: emptyChanges(),
      deletes: [],
      lastMutationId: device?.last_mutation_id ?? 0
    };
    const pass = cursor.pass ?? { target: now, table: 0, afterKey: '' };
    if (!cursor.pass && cursor.base === now) return finish(response);

    let room = limit;
    for (let t = pass.table; t < PULL_TABLES.length; t++) {
      const table = PULL_TABLES[t] ?? 'tombstones';
      const after = t === pass.table ? pass.afterKey : '';
      const { keys, full } = await readTable(trx, table, {
        branch: req.branch,
        client: req.client,
        base: cursor.base,
        target: pass.target,
        after,
        limit: room,
        response
      });
      room -= keys;
      if (full) {
        response.cursor = encodeCursor({
          epoch: state.epoch,
          base: cursor.base,
          pass: { target: pass.target, table: t, afterKey: full }
        });
        response.more = true;
        return response;
      }
    }
    response.cursor = encodeCursor({ epoch: state.epoch, base: pass.target });
    // Writes that committed after this pass began are waiting for the next one.
    response.more = pass.target < now;
    return finish(response);
  });
}

interface ReadArgs {
  branch: string;
  client: string | undefined;
  base: number;
  target: number;
  after: string;
  limit: number;
  response: PullResponse;
}

/**
 * Reads one table's changed rows into the response. Returns how many it read and, when the
 * page filled up, the key of the last row (where the next page resumes).
 */
async function readTable(
  trx: Tx,
  table: (typeof PULL_TABLES)[number],
  a: ReadArgs
): Promise<{ keys: number; full: string | false }> {
  if (table === 'tombstones') {
    const rows = await trx
      .selectFrom('tombstones')
      .select(['key', 'entity', 'row_id'])
      .where('version', '>', a.base)
      .where('version', '<=', a.target)
      .where('key', '>', a.after)
      .where((eb) => eb.or([eb('branch_id', 'is', null), eb('branch_id', '=', a.branch)]))
      .orderBy('key')
      .limit(a.limit)
      .execute();
    for (const r of rows) {
      if ((ENTITIES as readonly string[]).includes(r.entity)) {
        a.response.deletes.push({ entity: r.entity as Tombstone['entity'], id: r.row_id });
      }
    }
    const last = rows.at(-1);
    return { keys: rows.length, full: rows.length === a.limit && last ? last.key : false };
  }
  if (table === 'registrations' || table === 'outcomes' || table === 'leases') {
    return readDeviceTable(trx, table, a);
  }
  const entity: Entity = table;
  let q = trx
    .selectFrom(entity)
    .selectAll()
    .where('version', '>', a.base)
    .where('version', '<=', a.target)
    .where('id', '>', a.after);
  if (!GLOBAL.has(entity)) q = q.where('branch_id' as never, '=', a.branch as never);
  const rows = await q.orderBy('id').limit(a.limit).execute();
  const map = rowMappers[entity] as (r: unknown) => never;
  const out = a.response.changes[entity] as unknown[];
  for (const r of rows) out.push(map(r));
  const last = rows.at(-1) as { id: string } | undefined;
  return { keys: rows.length, full: rows.length === a.limit && last ? last.id : false };
}

type DeviceTable = 'registrations' | 'outcomes' | 'leases';

/** Rows only their own device gets: its registrations, outcomes and seat leases. */
async function readDeviceTable(
  trx: Tx,
  table: DeviceTable,
  a: ReadArgs
): Promise<{ keys: number; full: string | false }> {
  if (!a.client) return { keys: 0, full: false };
  const source = table === 'outcomes' ? 'mutation_outcomes' : table;
  const rows = await trx
    .selectFrom(source)
    .selectAll()
    .where('client_id', '=', a.client)
    .where('version', '>', a.base)
    .where('version', '<=', a.target)
    .where('id', '>', a.after)
    .orderBy('id')
    .limit(a.limit)
    .execute();
  const changes = a.response.changes;
  for (const r of rows) {
    if (table === 'registrations') changes.registrations.push(toRegistration(r as never));
    else if (table === 'outcomes') changes.outcomes.push(toOutcome(r as never));
    else changes.leases.push(toLease(r as never));
  }
  const last = rows.at(-1);
  return { keys: rows.length, full: rows.length === a.limit && last ? last.id : false };
}

/**
 * Notes when a device last pulled, for the librarians' device list (DESIGN §4), with what
 * it said of itself (its app build, storage used, changes waiting: absent from older
 * builds, and then left as they were). Outside the pull's read snapshot, and no version
 * bump: it is not synced to anyone.
 */
export async function recordPull(
  db: Db,
  clientId: string,
  branchId: string,
  at: Date,
  report: DeviceReport = {}
): Promise<void> {
  const iso = at.toISOString();
  const pending = report.pending;
  const reported = {
    ...(report.appVersion !== undefined ? { app_version: report.appVersion } : {}),
    ...(report.storageUsed !== undefined ? { storage_used: report.storageUsed } : {}),
    ...(pending !== undefined ? { pending_count: pending } : {})
  };
  await db
    .insertInto('clients')
    .values({
      client_id: clientId,
      branch_id: branchId,
      last_mutation_id: 0,
      pending_count: 0,
      last_push_at: null,
      last_pull_at: iso,
      kind: null,
      ...reported,
      pending_since: pending ? iso : null
    })
    .onConflict((oc) =>
      oc.column('client_id').doUpdateSet({
        last_pull_at: iso,
        branch_id: branchId,
        ...reported,
        // Waiting since the first report that had changes waiting, until one that has none.
        ...(pending === undefined
          ? {}
          : {
              pending_since:
                pending === 0 ? null : sql<string>`coalesce(clients.pending_since, ${iso})`
            })
      })
    )
    .execute();
}
