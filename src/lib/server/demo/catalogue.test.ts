import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  AudienceSchema,
  BranchSchema,
  CategorySchema,
  SessionSchema,
  WorkshopSchema
} from '../../domain/catalogue';
import { demoCatalogue, type CatalogueData } from './catalogue';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Bogotá is UTC−5 all year. */
const OFFSET = -5 * HOUR;

const NOW = new Date('2026-11-25T12:00:00Z');

function startOfBogotaDay(now: Date): number {
  return Math.floor((now.getTime() + OFFSET) / DAY) * DAY - OFFSET;
}

function bogotaHour(now: Date): number {
  return new Date(now.getTime() + OFFSET).getUTCHours();
}

function uniqueIds(rows: { id: string }[]): boolean {
  return new Set(rows.map((r) => r.id)).size === rows.length;
}

function countBy<T>(rows: T[], key: (row: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return counts;
}

/** Every branch has ≥3 scheduled sessions on the local date of `now`, one still running or
 * upcoming unless the local time is already past 20:00. */
function checkToday(data: CatalogueData, now: Date): void {
  const start = startOfBogotaDay(now);
  for (const branch of data.branches) {
    const today = data.sessions.filter(
      (s) =>
        s.branchId === branch.id &&
        s.status === 'scheduled' &&
        Date.parse(s.startsAt) >= start &&
        Date.parse(s.startsAt) < start + DAY
    );
    expect(today.length, `${branch.id} on ${now.toISOString()}`).toBeGreaterThanOrEqual(3);
    if (bogotaHour(now) < 20) {
      const notEnded = today.filter((s) => Date.parse(s.endsAt) > now.getTime());
      expect(notEnded.length, `${branch.id} at ${now.toISOString()}`).toBeGreaterThanOrEqual(1);
    }
  }
}

describe('demoCatalogue', () => {
  const data = demoCatalogue(NOW);

  it('passes the domain schemas', () => {
    const check = (schema: v.GenericSchema, rows: object[]) => {
      for (const row of rows) {
        const result = v.safeParse(schema, { ...row, version: 0 });
        expect(
          result.issues?.map((i) => i.message),
          JSON.stringify(row)
        ).toBeUndefined();
      }
    };
    check(BranchSchema, data.branches);
    check(CategorySchema, data.categories);
    check(AudienceSchema, data.audiences);
    check(WorkshopSchema, data.workshops);
    check(SessionSchema, data.sessions);
  });

  it('has unique ids and slugs', () => {
    for (const rows of Object.values(data)) expect(uniqueIds(rows)).toBe(true);
    expect(new Set(data.branches.map((b) => b.slug)).size).toBe(data.branches.length);
    expect(new Set(data.categories.map((c) => c.slug)).size).toBe(data.categories.length);
    expect(new Set(data.audiences.map((a) => a.slug)).size).toBe(data.audiences.length);
  });

  it('is big enough and well spread', () => {
    expect(data.branches.length).toBeGreaterThanOrEqual(6);
    expect(data.categories).toHaveLength(9);
    expect(data.audiences).toHaveLength(7);
    expect(data.workshops.length).toBeGreaterThanOrEqual(48);
    expect(data.sessions.length).toBeGreaterThanOrEqual(400);

    const perCategory = countBy(data.workshops, (w) => w.categoryId);
    for (const c of data.categories) expect(perCategory.get(c.id) ?? 0).toBeGreaterThanOrEqual(3);
    const perBranch = countBy(data.workshops, (w) => w.branchId);
    for (const b of data.branches) expect(perBranch.get(b.id) ?? 0).toBeGreaterThanOrEqual(6);
    for (const b of data.branches) expect(b.timeZone).toBe('America/Bogota');
  });

  it('references existing rows', () => {
    const branches = new Set(data.branches.map((b) => b.id));
    const categories = new Set(data.categories.map((c) => c.id));
    const audiences = new Set(data.audiences.map((a) => a.id));
    const workshops = new Map(data.workshops.map((w) => [w.id, w]));
    for (const w of data.workshops) {
      expect(branches.has(w.branchId)).toBe(true);
      expect(categories.has(w.categoryId)).toBe(true);
      expect(w.audienceIds.length).toBeGreaterThanOrEqual(1);
      expect(w.audienceIds.length).toBeLessThanOrEqual(2);
      for (const a of w.audienceIds) expect(audiences.has(a)).toBe(true);
    }
    for (const s of data.sessions) {
      expect(workshops.get(s.workshopId)?.branchId).toBe(s.branchId);
    }
  });

  it('schedules sessions sensibly', () => {
    const from = startOfBogotaDay(NOW);
    const to = NOW.getTime() + 29 * DAY;
    for (const s of data.sessions) {
      const start = Date.parse(s.startsAt);
      const end = Date.parse(s.endsAt);
      expect(end).toBeGreaterThan(start);
      expect(start).toBeGreaterThanOrEqual(from);
      expect(end).toBeLessThanOrEqual(to);
      // Local times between 08:00 and 20:00.
      expect(bogotaHour(new Date(start))).toBeGreaterThanOrEqual(8);
      expect(end - (startOfBogotaDay(new Date(start)) + 20 * HOUR)).toBeLessThanOrEqual(0);
      expect(s.seatsTaken).toBeLessThanOrEqual(s.capacity);
      expect(s.capacity).toBeGreaterThanOrEqual(12);
      expect(s.capacity).toBeLessThanOrEqual(40);
      expect(s.startsAt).toMatch(/\.000Z$/);
    }
  });

  it('gives every workshop one to three sessions a week', () => {
    const perWorkshop = countBy(data.sessions, (s) => s.workshopId);
    for (const w of data.workshops) {
      const n = perWorkshop.get(w.id) ?? 0;
      expect(n, w.id).toBeGreaterThanOrEqual(4);
      expect(n, w.id).toBeLessThanOrEqual(12);
    }
  });

  it('never books one room twice at the same time', () => {
    const byRoom = new Map<string, { start: number; end: number; id: string }[]>();
    for (const s of data.sessions) {
      const key = `${s.branchId}|${s.room}`;
      const list = byRoom.get(key) ?? [];
      list.push({ start: Date.parse(s.startsAt), end: Date.parse(s.endsAt), id: s.id });
      byRoom.set(key, list);
    }
    for (const list of byRoom.values()) {
      list.sort((a, b) => a.start - b.start);
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1]!;
        const cur = list[i]!;
        expect(cur.start, `${prev.id} overlaps ${cur.id}`).toBeGreaterThanOrEqual(prev.end);
      }
    }
  });

  it('has some full and some cancelled sessions', () => {
    const full = data.sessions.filter((s) => s.seatsTaken === s.capacity).length;
    const cancelled = data.sessions.filter((s) => s.status === 'cancelled').length;
    expect(full / data.sessions.length).toBeGreaterThan(0.08);
    expect(full / data.sessions.length).toBeLessThan(0.25);
    expect(cancelled).toBeGreaterThan(0);
    expect(cancelled / data.sessions.length).toBeLessThan(0.06);
  });

  it.each([
    '2026-11-25T12:00:00Z',
    '2026-11-29T23:30:00Z',
    '2026-12-01T05:10:00Z',
    '2026-11-29T14:00:00Z',
    '2027-03-06T22:59:00Z'
  ])('has sessions today at every branch for now = %s', (iso) => {
    const now = new Date(iso);
    checkToday(demoCatalogue(now), now);
  });

  it('has sessions today at every branch for every hour of a week', () => {
    for (let h = 0; h < 7 * 24; h++) {
      const now = new Date(Date.parse('2026-11-23T05:00:00Z') + h * HOUR + 59 * 60_000);
      checkToday(demoCatalogue(now), now);
    }
  });

  it('keeps all sessions within the window for late-night now values', () => {
    for (const iso of ['2026-11-29T23:30:00Z', '2026-12-01T05:10:00Z', '2026-12-01T04:59:00Z']) {
      const now = new Date(iso);
      const from = startOfBogotaDay(now);
      const to = now.getTime() + 29 * DAY;
      for (const s of demoCatalogue(now).sessions) {
        expect(Date.parse(s.startsAt)).toBeGreaterThanOrEqual(from);
        expect(Date.parse(s.endsAt)).toBeLessThanOrEqual(to);
      }
    }
  });

  it('is deterministic', () => {
    expect(demoCatalogue(new Date(NOW))).toEqual(data);
    // Any time on the same local day gives the same rows, so reseeding keeps ids.
    expect(demoCatalogue(new Date('2026-11-26T04:59:00Z'))).toEqual(data);
    expect(JSON.stringify(demoCatalogue(NOW))).toBe(JSON.stringify(data));
  });

  it('keeps session ids stable from one day to the next', () => {
    const tomorrow = demoCatalogue(new Date(NOW.getTime() + DAY));
    const ids = new Set(data.sessions.map((s) => s.id));
    const shared = tomorrow.sessions.filter((s) => ids.has(s.id));
    expect(shared.length).toBeGreaterThan(data.sessions.length * 0.9);
    const before = new Map(data.sessions.map((s) => [s.id, s]));
    for (const s of shared) {
      expect(s.startsAt).toBe(before.get(s.id)?.startsAt);
      expect(s.seatsTaken).toBe(before.get(s.id)?.seatsTaken);
    }
  });

  it('rejects an invalid date', () => {
    expect(() => demoCatalogue(new Date(Number.NaN))).toThrow(RangeError);
  });
});
