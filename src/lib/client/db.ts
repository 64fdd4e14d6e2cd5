/**
 * The device's copy of everything it needs offline. One Dexie class, one exported `db`;
 * each schema change is a new version with a tested upgrade.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Audience, Branch, Category, Session, Workshop } from '../domain/catalogue';

/** Small facts about this device: its library park, the sync cursor, the last sync time. */
export interface MetaRow {
  key: string;
  value: unknown;
}

export const META = {
  branchId: 'branchId',
  cursor: 'cursor',
  lastSyncAt: 'lastSyncAt'
} as const;

export class ParqueDb extends Dexie {
  branches!: EntityTable<Branch, 'id'>;
  categories!: EntityTable<Category, 'id'>;
  audiences!: EntityTable<Audience, 'id'>;
  workshops!: EntityTable<Workshop, 'id'>;
  sessions!: EntityTable<Session, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;

  constructor(name = 'parque', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      branches: 'id',
      categories: 'id',
      audiences: 'id',
      workshops: 'id, branchId',
      // Home asks "this park, between two instants"; detail asks "this workshop".
      sessions: 'id, [branchId+startsAt], workshopId',
      meta: 'key'
    });
  }
}

export const CATALOGUE_TABLES = [
  'branches',
  'categories',
  'audiences',
  'workshops',
  'sessions'
] as const;

let instance: ParqueDb | undefined;

/** The app's database, opened on first use (never during server rendering). */
export function getLocalDb(): ParqueDb {
  instance ??= new ParqueDb();
  return instance;
}

export async function getMeta<T>(db: ParqueDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}
