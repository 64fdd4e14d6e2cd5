/**
 * Reading the audit trail for admins (issue 9, item 9): newest first, filtered, one page
 * at a time. Pages are keyset on (at, id), the `audit_events_at` index, so a page costs
 * the same on the first day and after years, and an event written while someone reads
 * neither shifts a page nor shows twice. Only reads: the trail is append-only (audit.ts).
 */
import * as v from 'valibot';
import { addDays, startOfLocalDay } from '../../domain/schedule';
import type { Db } from '../db/index';

/** Rows per page: a screenful at 1280 px, a few scrolls on a phone. */
export const AUDIT_PAGE_SIZE = 50;
/** The parks' zone when no park is chosen (every park is in Medellín). */
export const DEFAULT_ZONE = 'America/Bogota';

const DATE = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD'),
  v.check((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a calendar date')
);
/** Where the previous page ended: `<at>~<id>`, both as stored. */
const CURSOR = v.pipe(
  v.string(),
  v.maxLength(200),
  v.regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z~[\w-]{1,100}$/, 'not a page cursor')
);
const ID = v.pipe(v.string(), v.maxLength(100), v.regex(/^[\w-]+$/, 'not an id'));

/** The query string of /staff/audit, so a filtered view can be linked. */
export const AuditQuerySchema = v.object({
  park: v.optional(ID),
  kind: v.optional(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,63}$/, 'not a kind'))),
  staff: v.optional(ID),
  device: v.optional(ID),
  from: v.optional(DATE),
  to: v.optional(DATE),
  before: v.optional(CURSOR)
});
export type AuditQuery = v.InferOutput<typeof AuditQuerySchema>;

/** The query string's fields, with empty ones (a filter left at "all") dropped. */
export function parseAuditQuery(
  params: URLSearchParams
): { ok: true; query: AuditQuery } | { ok: false; field: string } {
  const raw = Object.fromEntries([...params].filter(([, value]) => value !== ''));
  const r = v.safeParse(AuditQuerySchema, raw);
  if (r.success) {
    if (r.output.from && r.output.to && r.output.from > r.output.to) {
      return { ok: false, field: 'to' };
    }
    return { ok: true, query: r.output };
  }
  return { ok: false, field: String(r.issues[0]?.path?.[0]?.key ?? '') };
}

export interface AuditRow {
  id: string;
  at: string;
  kind: string;
  staffId: string | null;
  deviceId: string | null;
  branchId: string | null;
  subject: string | null;
  /** The stored JSON, parsed; anything that is not a JSON object is kept under `value`. */
  detail: Record<string, unknown> | null;
}

export interface AuditPage {
  events: AuditRow[];
  /** The cursor of the next (older) page, or null on the last. */
  next: string | null;
}

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
    return { value: parsed };
  } catch {
    return { value: text };
  }
}

/**
 * One page of events, newest first. A member of staff matches as the one who acted or the
 * account acted on; a device as the one it came from or the device acted on. Dates are
 * whole days in `timeZone`, both ends included.
 */
export async function listAuditEvents(
  db: Db,
  query: AuditQuery,
  opts: { timeZone?: string; limit?: number } = {}
): Promise<AuditPage> {
  const limit = opts.limit ?? AUDIT_PAGE_SIZE;
  const zone = opts.timeZone ?? DEFAULT_ZONE;
  let q = db.selectFrom('audit_events').selectAll();
  if (query.park) q = q.where('branch_id', '=', query.park);
  if (query.kind) q = q.where('kind', '=', query.kind);
  const staff = query.staff;
  if (staff) q = q.where((eb) => eb.or([eb('staff_id', '=', staff), eb('subject', '=', staff)]));
  const device = query.device;
  if (device) {
    q = q.where((eb) => eb.or([eb('device_id', '=', device), eb('subject', '=', device)]));
  }
  if (query.from) q = q.where('at', '>=', startOfLocalDay(query.from, zone));
  if (query.to) q = q.where('at', '<', startOfLocalDay(addDays(query.to, 1), zone));
  if (query.before) {
    const cut = query.before.indexOf('~');
    const at = query.before.slice(0, cut);
    const id = query.before.slice(cut + 1);
    q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await q
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const events = rows.slice(0, limit).map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    staffId: r.staff_id,
    deviceId: r.device_id,
    branchId: r.branch_id,
    subject: r.subject,
    detail: parseDetail(r.detail)
  }));
  const last = events.at(-1);
  return { events, next: rows.length > limit && last ? `${last.at}~${last.id}` : null };
}

/** Kinds stored so far, for the filter (new kinds other features add show up by themselves). */
export async function auditKinds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_events').select('kind').distinct().execute();
  return rows.map((r) => r.kind).sort();
}

/** Names for the ids an event holds: staff by name, devices by label and kind. */
export async function auditNames(
  db: Db,
  events: AuditRow[]
): Promise<{
  staff: Map<string, string>;
  devices: Map<string, { label: string | null; kind: string }>;
}> {
  const ids = [...new Set(events.flatMap((e) => [e.staffId, e.deviceId, e.subject]))].filter(
    (id): id is string => id !== null
  );
  if (ids.length === 0) return { staff: new Map(), devices: new Map() };
  const [staff, devices] = await Promise.all([
    db.selectFrom('staff').select(['id', 'name']).where('id', 'in', ids).execute(),
    db.selectFrom('devices').select(['id', 'label', 'kind']).where('id', 'in', ids).execute()
  ]);
  return {
    staff: new Map(staff.map((s) => [s.id, s.name])),
    devices: new Map(devices.map((d) => [d.id, { label: d.label, kind: d.kind }]))
  };
}
