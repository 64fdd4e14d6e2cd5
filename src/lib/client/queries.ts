/** The reads the kiosk pages make, one function each, all from IndexedDB. */
import { addDays, localDateKey, startOfLocalDay, WEEK_DAYS } from '../domain/schedule';
import {
  listedForVisitors,
  type Audience,
  type Category,
  type Session,
  type Workshop
} from '../domain/catalogue';
import type { ParqueDb } from './db';

export interface SessionsWithWorkshops {
  sessions: Session[];
  workshops: Map<string, Workshop>;
}

/**
 * Sessions from today's local midnight to the end of the seventh day, with their workshops,
 * for the kiosk's home: an archived workshop's sessions are left out.
 */
export async function weekAtBranch(
  db: ParqueDb,
  branchId: string,
  now: Date,
  timeZone: string
): Promise<SessionsWithWorkshops> {
  const today = localDateKey(now, timeZone);
  const from = startOfLocalDay(today, timeZone);
  const to = startOfLocalDay(addDays(today, WEEK_DAYS), timeZone);
  const all = await db.sessions
    .where('[branchId+startsAt]')
    .between([branchId, from], [branchId, to], true, false)
    .toArray();
  const ids = [...new Set(all.map((s) => s.workshopId))];
  const list = await db.workshops.bulkGet(ids);
  const workshops = new Map<string, Workshop>();
  const archived = new Set<string>();
  for (const w of list) {
    if (!w) continue;
    if (listedForVisitors(w)) workshops.set(w.id, w);
    else archived.add(w.id);
  }
  // A session whose workshop is not here yet (mid-sync) stays, as it always has.
  const sessions = all.filter((s) => !archived.has(s.workshopId));
  return { sessions, workshops };
}

export interface BranchCatalogue {
  workshops: Workshop[];
  sessions: Session[];
  categories: Category[];
  audiences: Audience[];
}

/** Everything the catalogue page filters: the park's workshops and sessions from today on. */
export async function branchCatalogue(
  db: ParqueDb,
  branchId: string,
  now: Date,
  timeZone: string
): Promise<BranchCatalogue> {
  const from = startOfLocalDay(localDateKey(now, timeZone), timeZone);
  const [workshops, sessions, categories, audiences] = await Promise.all([
    db.workshops.where('branchId').equals(branchId).toArray(),
    db.sessions
      .where('[branchId+startsAt]')
      .between([branchId, from], [branchId, '\uffff'])
      .toArray(),
    db.categories.orderBy('id').toArray(),
    db.audiences.orderBy('id').toArray()
  ]);
  const bySort = <T extends { sort: number }>(a: T, b: T) => a.sort - b.sort;
  return {
    workshops,
    sessions,
    categories: categories.sort(bySort),
    audiences: audiences.sort(bySort)
  };
}

export interface WorkshopDetail {
  workshop: Workshop | undefined;
  sessions: Session[];
  category: Category | undefined;
  audiences: Audience[];
}

export async function workshopDetail(db: ParqueDb, id: string): Promise<WorkshopDetail> {
  const workshop = await db.workshops.get(id);
  if (!workshop) return { workshop, sessions: [], category: undefined, audiences: [] };
  const [sessions, category, audiences] = await Promise.all([
    db.sessions.where('workshopId').equals(id).sortBy('startsAt'),
    db.categories.get(workshop.categoryId),
    db.audiences.bulkGet(workshop.audienceIds)
  ]);
  return {
    workshop,
    sessions,
    category,
    audiences: audiences.filter((a): a is Audience => a !== undefined)
  };
}
