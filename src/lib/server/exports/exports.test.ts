/**
 * The exports against a real database (both backends): who may take a roster and what the
 * audit trail keeps of it; what each public feed holds, and what it never does.
 */
import ICAL from 'ical.js';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { writeTransaction, type Db } from '../db/index';
import { branch, category, session, stampAt, workshop } from '../test/factories';
import { TEST_BACKENDS, type TestDatabase } from '../auth/test-databases';
import type { StaffIdentity } from '../auth/types';
import { calendarFeed } from './calendar';
import { exportRoster } from './roster';

const NOW = new Date('2026-11-25T15:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
const ORIGIN = 'https://parque.example';

const staffOf = (role: StaffIdentity['role'], branchIds: string[]): StaffIdentity => ({
  id: `staff-${role}-${branchIds.join('-')}`,
  email: 'x@parque.example',
  name: 'X',
  role,
  branchIds,
  sessionId: 's',
  mustChangePassword: false
});

/** A registration row as the server keeps it, with everything the CSV must leave out. */
const registration = (
  id: string,
  sessionId: string,
  over: Partial<{ name: string; status: string; position: number | null; checkedIn: string }>
) => ({
  id,
  session_id: sessionId,
  workshop_id: 'w1',
  branch_id: 'br-a',
  client_id: 'client-1',
  code: `ACDEFGH${id.slice(-1)}`,
  name: over.name ?? `Persona ${id}`,
  person_key: id,
  contact: '3001234567',
  age_band: '60-plus',
  comuna: '13',
  consent_version: 'v',
  consent_at: NOW.toISOString(),
  status: over.status ?? 'confirmed',
  position: over.position ?? null,
  reason: null,
  stamp: stampAt(NOW.getTime()),
  checked_in_stamp: over.checkedIn ?? null,
  created_at: NOW.toISOString(),
  consent_hash: null,
  received_at: '2026-11-25T14:30:00.000Z',
  version: 1
});

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(`exports (${backend.name})`, () => {
    let t: TestDatabase;
    let db: Db;

    beforeEach(async () => {
      t = await backend.open();
      db = t.db;
      await writeTransaction(db, async (trx, v) => {
        await saveBranches(trx, v, [branch('br-a', { slug: 'a' }), branch('br-b', { slug: 'b' })]);
        await saveCategories(trx, 'categories', v, [category('cat-1'), category('cat-2')]);
        await saveCategories(trx, 'audiences', v, [category('aud-1')]);
        await saveWorkshops(trx, v, [
          workshop('w1', 'br-a', { facilitator: 'Luz Marina' }),
          workshop('w2', 'br-a', { categoryId: 'cat-2' }),
          workshop('w3', 'br-b')
        ]);
        await saveSessions(trx, v, [
          session('s1', 'w1', 'br-a', { startsAt: at(1), endsAt: at(1.1) }),
          session('s-cancelled', 'w1', 'br-a', {
            startsAt: at(2),
            endsAt: at(2.1),
            status: 'cancelled'
          }),
          session('s-last-week', 'w1', 'br-a', { startsAt: at(-3), endsAt: at(-2.9) }),
          session('s-long-ago', 'w1', 'br-a', { startsAt: at(-30), endsAt: at(-29.9) }),
          session('s-far', 'w1', 'br-a', { startsAt: at(61), endsAt: at(61.1) }),
          session('s2', 'w2', 'br-a', { startsAt: at(1), endsAt: at(1.1) }),
          session('s3', 'w3', 'br-b', { startsAt: at(1), endsAt: at(1.1) })
        ]);
        await trx
          .insertInto('registrations')
          .values([
            registration('r1', 's1', {
              name: 'Rosa Peña',
              checkedIn: stampAt(Date.parse('2026-11-26T14:05:00.000Z'))
            }),
            registration('r2', 's1', { name: 'Beto', status: 'waitlisted', position: 1 }),
            registration('r3', 's1', { name: 'Ceci', status: 'cancelled' }),
            registration('r4', 's1', { name: 'Rechazada', status: 'rejected' })
          ])
          .execute();
      });
    });
    afterEach(async () => {
      await t.cleanup();
    });

    describe('the roster CSV', () => {
      it('gives a librarian of the park every ticket but refused ones, and audits counts', async () => {
        const out = await exportRoster(db, staffOf('librarian', ['br-a']), 's1', 'es', NOW);
        if (!out.ok) throw new Error(`refused ${out.status}`);
        expect(out.filename).toBe('lista-s1.csv');
        const rows = Papa.parse<string[]>(out.csv.slice(1), { skipEmptyLines: true }).data;
        expect(rows.slice(1)).toEqual([
          ['ACDEFGH1', 'Rosa Peña', 'Confirmado', '', '2026-11-26 09:05', '2026-11-25 09:30'],
          ['ACDEFGH2', 'Beto', 'En lista de espera', '1', '', '2026-11-25 09:30'],
          ['ACDEFGH3', 'Ceci', 'Cancelado', '', '', '2026-11-25 09:30']
        ]);
        expect(out.csv).not.toContain('3001234567');
        expect(out.csv).not.toContain('60-plus');

        const events = await db.selectFrom('audit_events').selectAll().execute();
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          kind: 'roster_exported',
          staff_id: 'staff-librarian-br-a',
          branch_id: 'br-a',
          subject: 's1'
        });
        expect(JSON.parse(events[0]!.detail!)).toEqual({ rows: 3, confirmed: 1, checkedIn: 1 });
        expect(JSON.stringify(events)).not.toMatch(/Rosa|Beto|Ceci|ACDEFGH/);
      });

      it('gives an admin any park', async () => {
        expect((await exportRoster(db, staffOf('admin', []), 's1', 'es', NOW)).ok).toBe(true);
      });

      it('refuses a facilitator of the park, and a librarian of another park as "not found"', async () => {
        expect(await exportRoster(db, staffOf('facilitator', ['br-a']), 's1')).toEqual({
          ok: false,
          status: 403
        });
        expect(await exportRoster(db, staffOf('librarian', ['br-b']), 's1')).toEqual({
          ok: false,
          status: 404
        });
        expect(await exportRoster(db, staffOf('librarian', ['br-a']), 'nope')).toEqual({
          ok: false,
          status: 404
        });
        expect(await db.selectFrom('audit_events').selectAll().execute()).toEqual([]);
      });
    });

    describe('the calendar feeds', () => {
      const uids = async (scope: Parameters<typeof calendarFeed>[1]) => {
        const feed = await calendarFeed(db, scope, { origin: ORIGIN, locale: 'es', now: NOW });
        if (!feed) return null;
        const cal = new ICAL.Component(ICAL.parse(feed.body));
        return cal.getAllSubcomponents('vevent').map((e) => ({
          uid: e.getFirstPropertyValue('uid'),
          status: e.getFirstPropertyValue('status')
        }));
      };

      it('a park: the last week and the next 60 days, cancelled ones struck out', async () => {
        expect(await uids({ park: 'a' })).toEqual([
          { uid: 's-last-week@parque', status: 'CONFIRMED' },
          { uid: 's1@parque', status: 'CONFIRMED' },
          { uid: 's2@parque', status: 'CONFIRMED' },
          { uid: 's-cancelled@parque', status: 'CANCELLED' }
        ]);
      });

      it('a category at a park, a workshop’s upcoming sessions, and 404s', async () => {
        expect(await uids({ park: 'a', category: 'cat-2' })).toEqual([
          { uid: 's2@parque', status: 'CONFIRMED' }
        ]);
        expect(await uids({ workshop: 'w1' })).toEqual([{ uid: 's1@parque', status: 'CONFIRMED' }]);
        expect(await uids({ park: 'nowhere' })).toBeNull();
        expect(await uids({ park: 'a', category: 'nothing' })).toBeNull();
        expect(await uids({ workshop: 'nothing' })).toBeNull();
      });

      it('holds no personal data', async () => {
        const feed = await calendarFeed(
          db,
          { park: 'a' },
          { origin: ORIGIN, locale: 'es', now: NOW }
        );
        for (const secret of ['Rosa', 'Beto', 'ACDEFGH', '3001234567', 'client-1']) {
          expect(feed!.body).not.toContain(secret);
        }
      });

      it('keeps its ETag until something in it changes', async () => {
        const opts = { origin: ORIGIN, locale: 'es' as const, now: NOW };
        const first = await calendarFeed(db, { park: 'a' }, opts);
        const later = await calendarFeed(
          db,
          { park: 'a' },
          { ...opts, now: new Date(NOW.getTime() + 60_000) }
        );
        expect(later!.etag).toBe(first!.etag);
        await writeTransaction(db, async (trx, v) => {
          await saveSessions(trx, v, [
            session('s1', 'w1', 'br-a', { startsAt: at(1), endsAt: at(1.1), status: 'cancelled' })
          ]);
        });
        expect((await calendarFeed(db, { park: 'a' }, opts))!.etag).not.toBe(first!.etag);
      });
    });
  });
}
