/**
 * Catalogue rows in and out of SQL: mapping between snake_case columns and the domain
 * types, and the writes (always inside writeTransaction, which supplies the version).
 */
import type { Selectable } from 'kysely';
import type {
  Audience,
  Branch,
  Category,
  Entity,
  EntityRow,
  Session,
  Workshop
} from '../domain/catalogue';
import type { Tx } from './db/index';
import type { OutcomeRow } from '../domain/mutation';
import type { Registration } from '../domain/registration';
import type {
  BranchTable,
  CategoryTable,
  MutationOutcomeTable,
  RegistrationTable,
  SessionTable,
  WorkshopTable
} from './db/schema';

type Row<T> = Omit<T, 'version'>;

export const toBranch = (r: Selectable<BranchTable>): Branch => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  neighbourhood: r.neighbourhood,
  comuna: r.comuna,
  address: r.address,
  timeZone: r.time_zone,
  version: Number(r.version)
});

export const toCategory = (r: Selectable<CategoryTable>): Category & Audience => ({
  id: r.id,
  slug: r.slug,
  nameEs: r.name_es,
  nameEn: r.name_en,
  sort: r.sort,
  version: Number(r.version)
});

export const toWorkshop = (r: Selectable<WorkshopTable>): Workshop => ({
  id: r.id,
  branchId: r.branch_id,
  categoryId: r.category_id,
  audienceIds: JSON.parse(r.audience_ids) as string[],
  title: r.title,
  summary: r.summary,
  description: r.description,
  facilitator: r.facilitator,
  room: r.room,
  accessibility: r.accessibility,
  bring: r.bring,
  status: r.status === 'archived' ? 'archived' : 'active',
  version: Number(r.version)
});

export const toSession = (r: Selectable<SessionTable>): Session => ({
  id: r.id,
  workshopId: r.workshop_id,
  branchId: r.branch_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  room: r.room,
  capacity: r.capacity,
  seatsTaken: r.seats_taken,
  leased: r.leased,
  status: r.status === 'cancelled' ? 'cancelled' : 'scheduled',
  seriesId: r.series_id,
  cancelReason: r.cancel_reason,
  walkIns: Number(r.walk_ins ?? 0),
  releasedAt: r.released_at ?? null,
  version: Number(r.version)
});

export const toRegistration = (r: Selectable<RegistrationTable>): Registration => ({
  id: r.id,
  sessionId: r.session_id,
  workshopId: r.workshop_id,
  branchId: r.branch_id,
  code: r.code,
  name: r.name,
  status: r.status as Registration['status'],
  position: r.position,
  reason: r.reason,
  stamp: r.stamp,
  checkedIn: r.checked_in_stamp,
  version: Number(r.version)
});

export const toOutcome = (r: Selectable<MutationOutcomeTable>): OutcomeRow => ({
  id: r.id,
  mutationId: r.mutation_id,
  name: r.name,
  status: r.status === 'rejected' ? 'rejected' : 'applied',
  reason: r.reason,
  version: Number(r.version)
});

export const rowMappers: { [E in Entity]: (r: never) => EntityRow[E] } = {
  branches: toBranch,
  categories: toCategory,
  audiences: toCategory,
  workshops: toWorkshop,
  sessions: toSession
};

/** SQLite caps bound parameters per statement; 500 rows × ≤10 columns stays well inside. */
const CHUNK = 500;

async function upsert<T extends Record<string, unknown>>(
  trx: Tx,
  table: 'branches' | 'categories' | 'audiences' | 'workshops' | 'sessions',
  rows: T[]
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const first = chunk[0];
    if (!first) continue;
    const columns = Object.keys(first).filter((k) => k !== 'id');
    await trx
      .insertInto(table)
      .values(chunk as never)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => {
          const set: Record<string, unknown> = {};
          for (const c of columns) set[c] = eb.ref(`excluded.${c}` as never);
          return set as never;
        })
      )
      .execute();
    // A row that comes back after being deleted is no longer a tombstone.
    await trx
      .deleteFrom('tombstones')
      .where(
        'key',
        'in',
        chunk.map((r) => `${table}:${String(r.id)}`)
      )
      .execute();
  }
}

export function saveBranches(trx: Tx, version: number, rows: Row<Branch>[]) {
  return upsert(
    trx,
    'branches',
    rows.map((b) => ({
      id: b.id,
      slug: b.slug,
      name: b.name,
      neighbourhood: b.neighbourhood,
      comuna: b.comuna,
      address: b.address,
      time_zone: b.timeZone,
      version
    }))
  );
}

export function saveCategories(
  trx: Tx,
  table: 'categories' | 'audiences',
  version: number,
  rows: Row<Category>[]
) {
  return upsert(
    trx,
    table,
    rows.map((c) => ({
      id: c.id,
      slug: c.slug,
      name_es: c.nameEs,
      name_en: c.nameEn,
      sort: c.sort,
      version
    }))
  );
}

export function saveWorkshops(trx: Tx, version: number, rows: Row<Workshop>[]) {
  return upsert(
    trx,
    'workshops',
    rows.map((w) => ({
      id: w.id,
      branch_id: w.branchId,
      category_id: w.categoryId,
      audience_ids: JSON.stringify(w.audienceIds),
      title: w.title,
      summary: w.summary,
      description: w.description,
      facilitator: w.facilitator,
      room: w.room ?? '',
      accessibility: w.accessibility ?? '',
      bring: w.bring ?? '',
      status: w.status ?? 'active',
      version
    }))
  );
}

export function saveSessions(trx: Tx, version: number, rows: Row<Session>[]) {
  return upsert(
    trx,
    'sessions',
    rows.map((s) => ({
      id: s.id,
      workshop_id: s.workshopId,
      branch_id: s.branchId,
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      room: s.room,
      capacity: s.capacity,
      seats_taken: s.seatsTaken,
      status: s.status,
      series_id: s.seriesId ?? null,
      cancel_reason: s.cancelReason ?? null,
      version
    }))
  );
}

async function tombstone(
  trx: Tx,
  version: number,
  entity: Entity,
  ids: string[],
  branchId: string | null
) {
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    if (chunk.length === 0) continue;
    await trx
      .insertInto('tombstones')
      .values(
        chunk.map((id) => ({
          key: `${entity}:${id}`,
          entity,
          row_id: id,
          branch_id: branchId,
          version
        }))
      )
      .onConflict((oc) => oc.column('key').doUpdateSet({ version, branch_id: branchId }))
      .execute();
  }
}

/** Deletes sessions and leaves tombstones so devices drop them on their next pull. */
export async function deleteSessions(trx: Tx, version: number, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await trx
    .selectFrom('sessions')
    .select(['id', 'branch_id'])
    .where('id', 'in', ids)
    .execute();
  for (const r of rows) await tombstone(trx, version, 'sessions', [r.id], r.branch_id);
  await trx.deleteFrom('sessions').where('id', 'in', ids).execute();
}

/** Deletes a workshop with its sessions, leaving tombstones for both. */
export async function deleteWorkshop(trx: Tx, version: number, id: string): Promise<boolean> {
  const ws = await trx
    .selectFrom('workshops')
    .select(['id', 'branch_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!ws) return false;
  const sessions = await trx
    .selectFrom('sessions')
    .select('id')
    .where('workshop_id', '=', id)
    .execute();
  await deleteSessions(
    trx,
    version,
    sessions.map((s) => s.id)
  );
  await tombstone(trx, version, 'workshops', [id], ws.branch_id);
  await trx.deleteFrom('workshops').where('id', '=', id).execute();
  return true;
}

export interface WorkshopPatch {
  title?: string;
  summary?: string;
  description?: string;
  facilitator?: string;
}

/** Edits a workshop's texts; the pull carries the change to every device in its scope. */
export async function updateWorkshop(
  trx: Tx,
  version: number,
  id: string,
  patch: WorkshopPatch
): Promise<boolean> {
  const result = await trx
    .updateTable('workshops')
    .set({ ...patch, version })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
