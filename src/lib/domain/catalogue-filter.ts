/**
 * The catalogue page's search and filters as one pure function over an index built once
 * per data change, so each keystroke only scans folded strings (5,000 workshops in well
 * under a frame; see scripts/bench).
 */
import {
  listedForVisitors,
  type Audience,
  type Category,
  type Session,
  type Workshop
} from './catalogue';
import { seatsLeft } from './seats';
import { inDayFilter, type DayFilter } from './schedule';
import { matchesTerms, queryTerms, searchHaystack } from './search';

export interface CatalogueEntry {
  workshop: Workshop;
  /** Folded text of title, summary, description, facilitator, category and audiences. */
  haystack: string;
  /** Sessions that have not ended, by start time. */
  upcoming: Session[];
}

export interface CatalogueFilters {
  query: string;
  day: DayFilter;
  categoryId: string;
  audienceId: string;
  seatsOnly: boolean;
}

export const NO_FILTERS: CatalogueFilters = {
  query: '',
  day: 'any',
  categoryId: '',
  audienceId: '',
  seatsOnly: false
};

export function buildCatalogueIndex(
  workshops: readonly Workshop[],
  sessions: readonly Session[],
  categories: readonly Category[],
  audiences: readonly Audience[],
  now: Date,
  /** Folded texts from an earlier build, by `id@version`; filled as it goes. */
  cache?: Map<string, string>
): CatalogueEntry[] {
  const nowIso = now.toISOString();
  const byWorkshop = new Map<string, Session[]>();
  for (const s of sessions) {
    if (s.endsAt <= nowIso) continue;
    const list = byWorkshop.get(s.workshopId);
    if (list) list.push(s);
    else byWorkshop.set(s.workshopId, [s]);
  }
  const catNames = new Map(categories.map((c) => [c.id, `${c.nameEs} ${c.nameEn}`]));
  const audNames = new Map(audiences.map((a) => [a.id, `${a.nameEs} ${a.nameEn}`]));
  // Archived workshops leave the catalogue (issue 9 §2); their tickets still show them.
  const entries = workshops.filter(listedForVisitors).map((w) => {
    const upcoming = (byWorkshop.get(w.id) ?? []).sort((a, b) =>
      a.startsAt.localeCompare(b.startsAt)
    );
    const key = `${w.id}@${w.version}`;
    let haystack = cache?.get(key);
    if (haystack === undefined) {
      haystack = searchHaystack([
        w.title,
        w.summary,
        w.description,
        w.facilitator,
        catNames.get(w.categoryId),
        ...w.audienceIds.map((id) => audNames.get(id))
      ]);
      cache?.set(key, haystack);
    }
    return { workshop: w, haystack, upcoming };
  });
  // Soonest first; workshops with nothing scheduled go last, by title.
  return entries.sort((a, b) => {
    const sa = a.upcoming[0]?.startsAt;
    const sb = b.upcoming[0]?.startsAt;
    if (sa && sb) return sa.localeCompare(sb);
    if (sa) return -1;
    if (sb) return 1;
    return a.workshop.title.localeCompare(b.workshop.title, 'es');
  });
}

/** The sessions of an entry that satisfy the day and seat filters. */
function matchingSessions(
  entry: CatalogueEntry,
  f: CatalogueFilters,
  now: Date,
  timeZone: string
): Session[] {
  return entry.upcoming.filter(
    (s) =>
      s.status === 'scheduled' &&
      inDayFilter(s.startsAt, f.day, now, timeZone) &&
      (!f.seatsOnly || seatsLeft(s) > 0)
  );
}

export interface CatalogueHit {
  entry: CatalogueEntry;
  /** The first session that satisfies the filters, to show on the card. */
  next: Session | undefined;
}

export function filterCatalogue(
  index: readonly CatalogueEntry[],
  f: CatalogueFilters,
  now: Date,
  timeZone: string
): CatalogueHit[] {
  const terms = queryTerms(f.query);
  const sessionFilter = f.day !== 'any' || f.seatsOnly;
  const hits: CatalogueHit[] = [];
  for (const entry of index) {
    const w = entry.workshop;
    if (f.categoryId && w.categoryId !== f.categoryId) continue;
    if (f.audienceId && !w.audienceIds.includes(f.audienceId)) continue;
    if (!matchesTerms(entry.haystack, terms)) continue;
    if (sessionFilter) {
      const sessions = matchingSessions(entry, f, now, timeZone);
      if (sessions.length === 0) continue;
      hits.push({ entry, next: sessions[0] });
    } else {
      hits.push({ entry, next: entry.upcoming.find((s) => s.status === 'scheduled') });
    }
  }
  return hits;
}
