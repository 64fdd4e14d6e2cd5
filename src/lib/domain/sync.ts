/**
 * The pull side of the sync protocol (DESIGN §4), shared by client and server.
 *
 * Every write transaction on the server bumps one global version and stamps the rows it
 * writes with it. A cursor says "I hold every row with version ≤ base". Many rows share a
 * version (a seed writes thousands in one transaction), so a pull that does not fit in one
 * page walks the entities in a fixed order by id up to a target version fixed when the
 * pass began, and the cursor remembers where it stopped. Writes that commit during a pass
 * carry versions above the target and are picked up by the next pass.
 *
 * The epoch names one database: a cursor from a database that was recreated does not
 * apply, and the server answers it with a full resync (`reset`).
 */
import * as v from 'valibot';
import { DeviceReportQuery } from './device-report-schema';
import { LeaseSchema } from './lease';
import { PULL_LIMIT_MAX } from './limits';
import { OutcomeRowSchema } from './mutation';
import { RegistrationSchema, RosterEntrySchema } from './registration';
import { ROSTER_DIGEST } from './roster';
import {
  AudienceSchema,
  BranchSchema,
  CategorySchema,
  ENTITIES,
  SessionSchema,
  WorkshopSchema,
  type Entity
} from './catalogue';

/**
 * Tables in walking order. New tables go at the end, so a cursor saved mid-pass by an
 * older version still points at the table it meant.
 */
export const PULL_TABLES = [
  ...ENTITIES,
  'tombstones',
  'registrations',
  'outcomes',
  'leases'
] as const;
export type PullTable = (typeof PULL_TABLES)[number];

/**
 * Walking slots that once held a table and no longer do, right after PULL_TABLES: slot 9
 * was the kiosk roster, now a snapshot (domain/roster.ts). A cursor saved inside such a
 * slot had walked every table before it, so its pass is done. A new table takes the index
 * after these (PULL_TABLES.length + RETIRED_PULL_SLOTS) so no old cursor misreads it.
 */
export const RETIRED_PULL_SLOTS = 1;

export interface Cursor {
  epoch: string;
  /** Every row with version ≤ base is already held. */
  base: number;
  /** Present mid-pass: the version this pass reads up to, and where it stopped. */
  pass?: { target: number; table: number; afterKey: string };
}

const EPOCH = /^[A-Za-z0-9_-]{1,40}$/;
const INT = /^(0|[1-9]\d{0,14})$/;

/** `epoch.base` between passes, `epoch.base.target.table.key` mid-pass (key base64url). */
export function encodeCursor(c: Cursor): string {
  const head = `${c.epoch}.${c.base}`;
  if (!c.pass) return head;
  const key = base64url(c.pass.afterKey);
  return `${head}.${c.pass.target}.${c.pass.table}.${key}`;
}

export class CursorError extends Error {}

/** Parses a cursor; throws CursorError with a plain reason when it is malformed. */
export function decodeCursor(raw: string): Cursor {
  if (raw.length > 400) throw new CursorError('cursor is too long');
  const parts = raw.split('.');
  const [epoch, base, target, table, key] = parts;
  if ((parts.length !== 2 && parts.length !== 5) || !epoch || !EPOCH.test(epoch)) {
    throw new CursorError('cursor is not in the form epoch.version[.target.table.key]');
  }
  if (!base || !INT.test(base)) throw new CursorError('cursor version is not a whole number');
  const cursor: Cursor = { epoch, base: Number(base) };
  if (parts.length === 5) {
    if (!target || !INT.test(target) || !table || !INT.test(table) || key === undefined) {
      throw new CursorError('cursor position is malformed');
    }
    const t = Number(table);
    if (Number(target) < cursor.base) throw new CursorError('cursor target is behind its base');
    if (t >= PULL_TABLES.length && t < PULL_TABLES.length + RETIRED_PULL_SLOTS) {
      return { epoch, base: Number(target) };
    }
    if (t >= PULL_TABLES.length) throw new CursorError('cursor names an unknown table');
    let afterKey: string;
    try {
      afterKey = unbase64url(key);
    } catch {
      throw new CursorError('cursor key is not base64url');
    }
    cursor.pass = { target: Number(target), table: t, afterKey };
  }
  return cursor;
}

function base64url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unbase64url(s: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('bad base64url');
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

export const RosterSnapshotSchema = v.object({
  digest: v.pipe(v.string(), v.regex(ROSTER_DIGEST)),
  entries: v.array(RosterEntrySchema)
});
export type RosterSnapshot = v.InferOutput<typeof RosterSnapshotSchema>;

export const TombstoneSchema = v.object({
  entity: v.picklist(ENTITIES),
  id: v.string()
});
export type Tombstone = v.InferOutput<typeof TombstoneSchema>;

export const PullResponseSchema = v.object({
  cursor: v.string(),
  /** More pages follow right away; keep pulling. */
  more: v.boolean(),
  /** The client's copy belongs to another database: drop it before applying this page. */
  reset: v.boolean(),
  serverTime: v.string(),
  changes: v.object({
    branches: v.array(BranchSchema),
    categories: v.array(CategorySchema),
    audiences: v.array(AudienceSchema),
    workshops: v.array(WorkshopSchema),
    sessions: v.array(SessionSchema),
    /** This device's own registrations (its tickets), with their true state. */
    registrations: v.array(RegistrationSchema),
    /** What became of this device's mutations. */
    outcomes: v.array(OutcomeRowSchema),
    /** This device's seat leases. */
    leases: v.array(LeaseSchema)
  }),
  /**
   * Enrolled kiosks and desks only, on the last page of a pull, when it differs from the
   * digest the device sent: the park's whole roster for today and tomorrow, to replace the
   * device's copy (domain/roster.ts).
   */
  roster: v.optional(RosterSnapshotSchema),
  deletes: v.array(TombstoneSchema),
  /** The last of this device's mutations the server has applied (0 without a client). */
  lastMutationId: v.number()
});
export type PullResponse = v.InferOutput<typeof PullResponseSchema>;

export type Changes = PullResponse['changes'];

export function emptyChanges(): Changes {
  return {
    branches: [],
    categories: [],
    audiences: [],
    workshops: [],
    sessions: [],
    registrations: [],
    outcomes: [],
    leases: []
  };
}

export { PULL_LIMIT_DEFAULT } from './limits';

export const PullQuerySchema = v.object({
  cursor: v.optional(v.pipe(v.string(), v.maxLength(400))),
  branch: v.pipe(
    v.string('branch is required'),
    v.minLength(1, 'branch is required'),
    v.maxLength(64)
  ),
  /** The digest of the roster the device holds; the roster comes only when it changed. */
  rosterDigest: v.optional(
    v.pipe(v.string(), v.regex(ROSTER_DIGEST, 'rosterDigest must be a roster digest'))
  ),
  /** The device's client id: adds its registrations, outcomes and lastMutationId. */
  client: v.optional(v.pipe(v.string(), v.uuid('client must be a UUID'))),
  /** What the device says of itself (app build, storage, outbox), for the device list. */
  ...DeviceReportQuery,
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,5}$/, 'limit must be a whole number'),
      v.transform(Number),
      v.minValue(1, 'limit must be at least 1'),
      v.maxValue(PULL_LIMIT_MAX, `limit must be at most ${PULL_LIMIT_MAX}`)
    )
  )
});

export type EntityName = Entity;
