import { describe, expect, it } from 'vitest';
import type { Audience, Category, Session, Workshop } from './catalogue';
import { buildCatalogueIndex, filterCatalogue, NO_FILTERS } from './catalogue-filter';

const BOG = 'America/Bogota';
const now = new Date('2026-11-25T15:00:00.000Z'); // Wednesday 10:00 in Bogotá

const categories: Category[] = [
  {
    id: 'cat-digital',
    slug: 'digital',
    nameEs: 'Alfabetización digital',
    nameEn: 'Digital literacy',
    sort: 1,
    version: 1
  },
  { id: 'cat-ingles', slug: 'ingles', nameEs: 'Inglés', nameEn: 'English', sort: 2, version: 1 }
];
const audiences: Audience[] = [
  {
    id: 'aud-mayores',
    slug: 'mayores',
    nameEs: 'Personas mayores',
    nameEn: 'Older adults',
    sort: 1,
    version: 1
  },
  { id: 'aud-jovenes', slug: 'jovenes', nameEs: 'Jóvenes', nameEn: 'Youth', sort: 2, version: 1 }
];

function workshop(id: string, over: Partial<Workshop> = {}): Workshop {
  return {
    id,
    branchId: 'br-1',
    categoryId: 'cat-digital',
    audienceIds: ['aud-mayores'],
    title: `Taller ${id}`,
    summary: '',
    description: '',
    facilitator: '',
    version: 1,
    ...over
  };
}

function session(
  id: string,
  workshopId: string,
  startsAt: string,
  over: Partial<Session> = {}
): Session {
  const endsAt = new Date(new Date(startsAt).getTime() + 7_200_000).toISOString();
  return {
    id,
    workshopId,
    branchId: 'br-1',
    startsAt,
    endsAt,
    room: 'Sala',
    capacity: 20,
    seatsTaken: 0,
    status: 'scheduled',
    version: 1,
    ...over
  };
}

const workshops = [
  workshop('tec', { title: 'Tecnología para la vida diaria' }),
  workshop('eng', {
    title: 'English for work',
    categoryId: 'cat-ingles',
    audienceIds: ['aud-jovenes']
  }),
  workshop('idle', { title: 'Sin sesiones' })
];
const sessions = [
  session('s-tec-today', 'tec', '2026-11-25T19:00:00.000Z', { seatsTaken: 20 }),
  session('s-tec-sat', 'tec', '2026-11-28T14:00:00.000Z'),
  session('s-eng-tomorrow', 'eng', '2026-11-26T14:00:00.000Z'),
  session('s-eng-past', 'eng', '2026-11-24T14:00:00.000Z')
];
const index = buildCatalogueIndex(workshops, sessions, categories, audiences, now);
const ids = (f: Partial<typeof NO_FILTERS>) =>
  filterCatalogue(index, { ...NO_FILTERS, ...f }, now, BOG).map((h) => h.entry.workshop.id);

describe('buildCatalogueIndex', () => {
  it('keeps only sessions that have not ended and sorts by the next one', () => {
    expect(index.map((e) => e.workshop.id)).toEqual(['tec', 'eng', 'idle']);
    expect(index[1]?.upcoming.map((s) => s.id)).toEqual(['s-eng-tomorrow']);
  });
});

describe('filterCatalogue', () => {
  it('returns everything without filters', () => {
    expect(ids({})).toEqual(['tec', 'eng', 'idle']);
  });

  it('searches without accents, and by category and audience names', () => {
    expect(ids({ query: 'tecnologia' })).toEqual(['tec']);
    expect(ids({ query: 'ingles' })).toEqual(['eng']);
    expect(ids({ query: 'older adults' })).toEqual(['tec', 'idle']);
  });

  it('filters by category and audience', () => {
    expect(ids({ categoryId: 'cat-ingles' })).toEqual(['eng']);
    expect(ids({ audienceId: 'aud-mayores' })).toEqual(['tec', 'idle']);
  });

  it('filters by day in the park zone and shows the matching session', () => {
    expect(ids({ day: 'today' })).toEqual(['tec']);
    expect(ids({ day: 'tomorrow' })).toEqual(['eng']);
    const weekend = filterCatalogue(index, { ...NO_FILTERS, day: 'weekend' }, now, BOG);
    expect(weekend.map((h) => h.next?.id)).toEqual(['s-tec-sat']);
  });

  it('with seats only, skips full sessions but keeps a later one with room', () => {
    const hits = filterCatalogue(index, { ...NO_FILTERS, seatsOnly: true }, now, BOG);
    expect(hits.map((h) => [h.entry.workshop.id, h.next?.id])).toEqual([
      ['tec', 's-tec-sat'],
      ['eng', 's-eng-tomorrow']
    ]);
    expect(ids({ seatsOnly: true, day: 'today' })).toEqual([]);
  });

  it('never offers a cancelled session', () => {
    const cancelled = buildCatalogueIndex(
      [workshops[1]!],
      [session('c', 'eng', '2026-11-26T14:00:00.000Z', { status: 'cancelled' })],
      categories,
      audiences,
      now
    );
    const hits = filterCatalogue(cancelled, { ...NO_FILTERS, day: 'tomorrow' }, now, BOG);
    expect(hits).toEqual([]);
  });
});

describe('haystack cache', () => {
  it('reuses folded text for an unchanged workshop and refolds a new version', () => {
    const cache = new Map<string, string>();
    buildCatalogueIndex(workshops, sessions, categories, audiences, now, cache);
    expect(cache.size).toBe(3);
    cache.set('tec@1', 'sentinel');
    const again = buildCatalogueIndex(workshops, sessions, categories, audiences, now, cache);
    expect(again.find((e) => e.workshop.id === 'tec')?.haystack).toBe('sentinel');
    const edited = workshops.map((w) => (w.id === 'tec' ? { ...w, version: 2 } : w));
    const fresh = buildCatalogueIndex(edited, sessions, categories, audiences, now, cache);
    expect(fresh.find((e) => e.workshop.id === 'tec')?.haystack).toContain('tecnologia');
  });
});

describe('archived workshops', () => {
  it('leave the catalogue, with or without filters, while others stay', () => {
    const archived = workshop('old', { title: 'Tecnología de antes', status: 'archived' });
    const active = workshop('new', { title: 'Tecnología de hoy', status: 'active' });
    const idx = buildCatalogueIndex(
      [...workshops, archived, active],
      [...sessions, session('s-old', 'old', '2026-11-26T14:00:00.000Z')],
      categories,
      audiences,
      now
    );
    const hits = (f: Partial<typeof NO_FILTERS>) =>
      filterCatalogue(idx, { ...NO_FILTERS, ...f }, now, BOG).map((h) => h.entry.workshop.id);
    expect(hits({})).toEqual(['tec', 'eng', 'idle', 'new']);
    expect(hits({ query: 'tecnologia' })).toEqual(['tec', 'new']);
    expect(hits({ day: 'tomorrow' })).not.toContain('old');
  });
});
