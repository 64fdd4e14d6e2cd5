/**
 * The admins' view of the audit trail: filters, and keyset pages that never skip or repeat
 * an event, even when many share one instant (a batch of sign-ins in the same millisecond).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit, type AuditEvent } from './audit';
import { listAuditEvents, parseAuditQuery, type AuditQuery } from './audit-log';
import { TEST_BACKENDS, type TestDatabase } from './test-databases';

let t: TestDatabase;
const T0 = Date.parse('2026-11-25T15:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** Every page of a query, walked with the cursor each page hands on. */
async function walk(query: AuditQuery, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let before: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await listAuditEvents(t.db, { ...query, before }, { limit });
    pages.push(page.events.map((e) => e.id));
    if (!page.next) return pages;
    before = page.next;
  }
  throw new Error('the pages never ended');
}

const query = (text: string) => {
  const r = parseAuditQuery(new URLSearchParams(text));
  if (!r.ok) throw new Error(`refused: ${r.field}`);
  return r.query;
};

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(backend.name, () => {
    beforeEach(async () => {
      t = await backend.open();
    });
    afterEach(() => t.cleanup());

    const add = (event: AuditEvent, when: Date) => audit(t.db, event, when);

    it('walks every event once, newest first, when many share an instant', async () => {
      // 7 at one instant, between others: pages of 3 must cut through the tie.
      await add({ kind: 'sign_in' }, at(0));
      for (let i = 0; i < 7; i++) await add({ kind: 'sign_in_failed' }, at(5));
      await add({ kind: 'sign_out' }, at(10));
      const all = await t.db.selectFrom('audit_events').select(['id', 'at']).execute();
      const pages = await walk({}, 3);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 3]);
      const seen = pages.flat();
      expect(new Set(seen).size).toBe(all.length);
      expect(seen.sort()).toEqual(all.map((r) => r.id).sort());
      // Newest first: the pages' instants never go up.
      const when = new Map(all.map((r) => [r.id, r.at]));
      const instants = pages.flat().map((id) => when.get(id)!);
      expect(pages[0]![0]).toBe(all.find((r) => r.at === at(10).toISOString())?.id);
      expect([...instants].sort().reverse()).toEqual(instants);
    });

    it('an event written while someone reads neither repeats nor shifts the next page', async () => {
      for (let i = 0; i < 4; i++) await add({ kind: 'sign_in' }, at(1));
      const first = await listAuditEvents(t.db, {}, { limit: 2 });
      await add({ kind: 'sign_out' }, at(2)); // newer than everything listed
      const second = await listAuditEvents(t.db, { before: first.next! }, { limit: 2 });
      const ids = [...first.events, ...second.events].map((e) => e.id);
      expect(new Set(ids).size).toBe(4);
      expect(second.next).toBeNull();
    });

    it('filters by park, kind, member of staff (as actor or subject), device and days', async () => {
      await add({ kind: 'enrolment_created', staffId: 'ana', branchId: 'br-a' }, at(0));
      await add({ kind: 'enrolment_created', staffId: 'ana', branchId: 'br-b' }, at(1));
      await add({ kind: 'staff_disabled', staffId: 'luis', subject: 'ana' }, at(2));
      await add({ kind: 'sign_in', staffId: 'luis', subject: 'luis', deviceId: 'd-1' }, at(3));
      await add({ kind: 'device_revoked', staffId: 'luis', deviceId: 'd-2' }, at(4));
      // 23:30 on 25 Nov in Bogotá is 04:30 on the 26th in UTC: it belongs to the 25th.
      await add({ kind: 'sign_out', staffId: 'eva' }, new Date('2026-11-26T04:30:00.000Z'));
      await add({ kind: 'sign_out', staffId: 'eva' }, new Date('2026-11-26T05:30:00.000Z'));

      const kinds = async (text: string) =>
        (await listAuditEvents(t.db, query(text))).events.map((e) => e.kind);
      expect(await kinds('park=br-a')).toEqual(['enrolment_created']);
      expect(await kinds('kind=enrolment_created')).toEqual([
        'enrolment_created',
        'enrolment_created'
      ]);
      expect(await kinds('staff=ana')).toEqual([
        'staff_disabled',
        'enrolment_created',
        'enrolment_created'
      ]);
      expect(await kinds('staff=ana&park=br-b')).toEqual(['enrolment_created']);
      expect(await kinds('device=d-2')).toEqual(['device_revoked']);
      expect(await kinds('staff=luis&kind=sign_in')).toEqual(['sign_in']);
      expect(
        (await listAuditEvents(t.db, query('from=2026-11-25&to=2026-11-25'))).events
      ).toHaveLength(6);
      expect(await kinds('from=2026-11-26')).toEqual(['sign_out']);
      expect(await kinds('to=2026-11-24')).toEqual([]);
      // An empty field is "all".
      expect(await kinds('park=&kind=&staff=eva')).toEqual(['sign_out', 'sign_out']);
    });

    it('parses the detail JSON, and keeps what is not an object', async () => {
      await add({ kind: 'role_changed', detail: { from: 'librarian', to: 'admin' } }, at(0));
      const [e] = (await listAuditEvents(t.db, {})).events;
      expect(e?.detail).toEqual({ from: 'librarian', to: 'admin' });
    });
  });
}

describe('the query string', () => {
  it('refuses bad filters by name, and a range that ends before it starts', () => {
    const field = (text: string) => {
      const r = parseAuditQuery(new URLSearchParams(text));
      return r.ok ? null : r.field;
    };
    expect(field('from=yesterday')).toBe('from');
    expect(field('to=2026-13-45')).toBe('to');
    expect(field('kind=DROP TABLE')).toBe('kind');
    expect(field('park=' + 'x'.repeat(101))).toBe('park');
    expect(field('before=2026-11-25')).toBe('before');
    expect(field('from=2026-11-26&to=2026-11-25')).toBe('to');
    expect(field('from=2026-11-25&to=2026-11-25&kind=sign_in')).toBeNull();
    expect(field('before=2026-11-25T15:00:00.000Z~3f0c-aa')).toBeNull();
  });
});
