import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  AudienceSchema,
  BranchSchema,
  CategorySchema,
  SessionSchema,
  WorkshopSchema
} from '../../domain/catalogue';
import { demoCatalogue } from './catalogue';
import { syntheticCatalogue } from './synthetic';

const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 86_400_000;

function valid(schema: v.GenericSchema, rows: object[]): void {
  for (const row of rows) {
    const result = v.safeParse(schema, { ...row, version: 0 });
    expect(
      result.issues?.map((i) => i.message),
      JSON.stringify(row)
    ).toBeUndefined();
  }
}

describe('syntheticCatalogue', () => {
  const data = syntheticCatalogue({ workshops: 5000, sessions: 20000, now: NOW });

  it('produces exact counts', () => {
    expect(data.branches).toHaveLength(1);
    expect(data.branches[0]?.id).toBe('br-bench');
    expect(data.branches[0]?.name).toBe('Parque Biblioteca Sintética');
    expect(data.workshops).toHaveLength(5000);
    expect(data.sessions).toHaveLength(20000);
  });

  it('reuses the demo categories and audiences', () => {
    const demo = demoCatalogue(NOW);
    expect(data.categories).toEqual(demo.categories);
    expect(data.audiences).toEqual(demo.audiences);
  });

  it('passes the domain schemas', () => {
    valid(BranchSchema, data.branches);
    valid(CategorySchema, data.categories);
    valid(AudienceSchema, data.audiences);
    valid(WorkshopSchema, data.workshops);
    valid(SessionSchema, data.sessions);
  });

  it('has unique ids and valid references', () => {
    for (const rows of Object.values(data)) {
      expect(new Set(rows.map((r: { id: string }) => r.id)).size).toBe(rows.length);
    }
    const categories = new Set(data.categories.map((c) => c.id));
    const audiences = new Set(data.audiences.map((a) => a.id));
    const workshops = new Set(data.workshops.map((w) => w.id));
    for (const w of data.workshops) {
      expect(w.branchId).toBe('br-bench');
      expect(categories.has(w.categoryId)).toBe(true);
      for (const a of w.audienceIds) expect(audiences.has(a)).toBe(true);
    }
    for (const s of data.sessions) {
      expect(s.branchId).toBe('br-bench');
      expect(workshops.has(s.workshopId)).toBe(true);
      expect(s.seatsTaken).toBeLessThanOrEqual(s.capacity);
    }
  });

  it('spreads sessions over the next 28 days', () => {
    const from = Date.UTC(2026, 10, 25, 5);
    const days = new Set<number>();
    for (const s of data.sessions) {
      const start = Date.parse(s.startsAt);
      expect(Date.parse(s.endsAt)).toBeGreaterThan(start);
      expect(start).toBeGreaterThanOrEqual(from);
      expect(start).toBeLessThan(from + 28 * DAY);
      days.add(Math.floor((start - from) / DAY));
    }
    expect(days.size).toBe(28);
  });

  it('varies titles and uses accented words', () => {
    expect(new Set(data.workshops.map((w) => w.title)).size).toBe(5000);
    expect(data.workshops.some((w) => /[áéíóúñ]/.test(w.title))).toBe(true);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(data.workshops.map((w) => w.summary.length))).toBeGreaterThan(100);
    expect(avg(data.workshops.map((w) => w.description.length))).toBeGreaterThan(400);
  });

  it('is deterministic and honours branchId', () => {
    const small = { workshops: 30, sessions: 100, now: NOW };
    expect(syntheticCatalogue(small)).toEqual(syntheticCatalogue(small));
    const other = syntheticCatalogue({ ...small, branchId: 'br-otra' });
    expect(other.branches[0]?.id).toBe('br-otra');
    expect(other.workshops.every((w) => w.branchId === 'br-otra')).toBe(true);
    expect(other.sessions.every((s) => s.branchId === 'br-otra')).toBe(true);
    expect(other.sessions).toHaveLength(100);
  });

  it('handles many sessions per workshop and edge counts', () => {
    const dense = syntheticCatalogue({ workshops: 2, sessions: 500, now: NOW });
    expect(dense.sessions).toHaveLength(500);
    expect(new Set(dense.sessions.map((s) => s.id)).size).toBe(500);
    valid(SessionSchema, dense.sessions);
    expect(syntheticCatalogue({ workshops: 0, sessions: 0, now: NOW }).sessions).toEqual([]);
    expect(() => syntheticCatalogue({ workshops: 0, sessions: 1, now: NOW })).toThrow();
    expect(() => syntheticCatalogue({ workshops: 1.5, sessions: 1, now: NOW })).toThrow();
  });
});
