/**
 * The console's reads for workshops (issue 9 §2): a park's list, one workshop with the
 * choices its form needs, and the edits of it that were overwritten. Writes go through
 * the mutators (console/apply.ts), never from here.
 */
import type { Workshop } from '../../domain/catalogue';
import { overwriteNotices, type EditEntry } from '../../domain/workshop-overwrites';
import type { StaffRole } from '../db/schema';
import type { Db } from '../db/index';
import { toWorkshop } from '../catalogue';

/** Roles that create, edit and archive workshops (facilitators only look). */
export const EDITS_WORKSHOPS: readonly StaffRole[] = ['admin', 'librarian'];

export interface ConsoleWorkshop {
  id: string;
  title: string;
  categoryId: string;
  facilitator: string;
  status: 'active' | 'archived';
}

export async function parkWorkshops(db: Db, branchId: string): Promise<ConsoleWorkshop[]> {
  const rows = await db
    .selectFrom('workshops')
    .select(['id', 'title', 'category_id', 'facilitator', 'status'])
    .where('branch_id', '=', branchId)
    .orderBy('title')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    categoryId: r.category_id,
    facilitator: r.facilitator,
    status: r.status === 'archived' ? 'archived' : 'active'
  }));
}

export async function consoleWorkshop(db: Db, id: string): Promise<Workshop | undefined> {
  const row = await db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toWorkshop(row) : undefined;
}

export interface Choice {
  id: string;
  nameEs: string;
  nameEn: string;
}

/** The categories and audiences a workshop may name, in the catalogue's order. */
export async function workshopChoices(
  db: Db
): Promise<{ categories: Choice[]; audiences: Choice[] }> {
  const read = (table: 'categories' | 'audiences') =>
    db
      .selectFrom(table)
      .select(['id', 'name_es', 'name_en'])
      .orderBy('sort')
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((r) => ({ id: r.id, nameEs: r.name_es, nameEn: r.name_en })));
  const [categories, audiences] = await Promise.all([read('categories'), read('audiences')]);
  return { categories, audiences };
}

/** Who made an edit, as the console names them. */
export interface EditAuthor {
  kind: 'staff' | 'device' | 'you';
  name: string;
}

export interface ConsoleOverwrite {
  kind: 'lost' | 'replaced';
  field: string;
  at: string;
  who: EditAuthor;
  /** The value that was not applied (lost edits only). */
  sent: string | null;
  by: EditAuthor | null;
  byAt: string | null;
}

const WORKSHOP_EDITS = ['workshop_created', 'workshop_edited', 'workshop_archived'] as const;
/** The newest overwritten edits shown: enough for a day of a busy park's desk. */
export const OVERWRITES_SHOWN = 20;

const list = (x: unknown) =>
  typeof x === 'string' && x !== '' ? x.split(',').filter((f) => f !== '') : [];

/**
 * The edits of a workshop that did not last, for `viewer` (derived from the audit log, see
 * domain/workshop-overwrites.ts): each with who made it and who holds the field now.
 */
export async function workshopOverwrites(
  db: Db,
  workshopId: string,
  viewerStaffId: string
): Promise<ConsoleOverwrite[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['id', 'at', 'staff_id', 'device_id', 'detail'])
    .where('subject', '=', workshopId)
    .where('kind', 'in', [...WORKSHOP_EDITS])
    .orderBy('at')
    .execute();
  const details = new Map<string, Record<string, unknown>>();
  const entries: EditEntry[] = [];
  for (const r of rows) {
    let detail: Record<string, unknown>;
    try {
      detail = JSON.parse(r.detail ?? '{}') as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof detail.stamp !== 'string') continue;
    details.set(r.id, detail);
    entries.push({
      id: r.id,
      at: r.at,
      actor: r.staff_id ? `staff:${r.staff_id}` : `device:${r.device_id ?? ''}`,
      stamp: detail.stamp,
      applied: list(detail.applied),
      overwritten: list(detail.overwritten)
    });
  }
  const notices = overwriteNotices(entries, `staff:${viewerStaffId}`).slice(0, OVERWRITES_SHOWN);
  if (notices.length === 0) return [];

  const actors = new Set(notices.flatMap((n) => [n.entry.actor, n.by?.actor ?? '']));
  const ids = (prefix: string) =>
    [...actors].filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));
  const staffIds = ids('staff:');
  const deviceIds = ids('device:').filter((d) => d !== '');
  const [staff, devices] = await Promise.all([
    staffIds.length
      ? db.selectFrom('staff').select(['id', 'name']).where('id', 'in', staffIds).execute()
      : [],
    deviceIds.length
      ? db
          .selectFrom('devices')
          .select(['id', 'label', 'kind'])
          .where('id', 'in', deviceIds)
          .execute()
      : []
  ]);
  const names = new Map<string, EditAuthor>();
  for (const s of staff) names.set(`staff:${s.id}`, { kind: 'staff', name: s.name });
  for (const d of devices) {
    names.set(`device:${d.id}`, { kind: 'device', name: d.label ?? d.id.slice(0, 8) });
  }
  const author = (actor: string): EditAuthor =>
    actor === `staff:${viewerStaffId}`
      ? { kind: 'you', name: '' }
      : (names.get(actor) ?? {
          kind: actor.startsWith('device:') ? 'device' : 'staff',
          name: actor.slice(actor.indexOf(':') + 1, actor.indexOf(':') + 9)
        });
  return notices.map((n) => {
    const sent = details.get(n.entry.id)?.[`${n.field}.sent`];
    return {
      kind: n.kind,
      field: n.field,
      at: n.entry.at,
      who: author(n.entry.actor),
      sent: n.kind === 'lost' && sent != null ? String(sent) : null,
      by: n.by ? author(n.by.actor) : null,
      byAt: n.by?.at ?? null
    };
  });
}
