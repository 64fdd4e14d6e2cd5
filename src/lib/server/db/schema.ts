/**
 * Table shapes as Kysely sees them. Column names are snake_case in SQL; rows are mapped
 * to the camelCase domain types at the edge (see ../catalogue.ts).
 */
import type { Generated } from 'kysely';

export interface SyncStateTable {
  id: number;
  /** Bumped once inside every write transaction; rows written carry the new value. */
  version: number;
  /** Names this database; a cursor from another epoch triggers a full resync. */
  epoch: string;
}

export interface BranchTable {
  id: string;
  slug: string;
  name: string;
  neighbourhood: string;
  comuna: string;
  address: string;
  time_zone: string;
  version: number;
}

export interface CategoryTable {
  id: string;
  slug: string;
  name_es: string;
  name_en: string;
  sort: number;
  version: number;
}

export type AudienceTable = CategoryTable;

export interface WorkshopTable {
  id: string;
  branch_id: string;
  category_id: string;
  /** JSON array of audience ids. */
  audience_ids: string;
  title: string;
  summary: string;
  description: string;
  facilitator: string;
  version: number;
}

export interface SessionTable {
  id: string;
  workshop_id: string;
  branch_id: string;
  starts_at: string;
  ends_at: string;
  room: string;
  capacity: number;
  seats_taken: Generated<number>;
  status: string;
  version: number;
}

export interface TombstoneTable {
  /** `${entity}:${id}`: one tombstone per deleted row, rewritten if deleted again. */
  key: string;
  entity: string;
  row_id: string;
  /** Scope of the deleted row; null for rows every device holds (branches, categories). */
  branch_id: string | null;
  version: number;
}

export interface Database {
  sync_state: SyncStateTable;
  branches: BranchTable;
  categories: CategoryTable;
  audiences: AudienceTable;
  workshops: WorkshopTable;
  sessions: SessionTable;
  tombstones: TombstoneTable;
}
