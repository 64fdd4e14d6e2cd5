/**
 * A librarian's session edits as mutators (issue 9 §3): from a desk through the push and
 * from the console through applyStaffMutation, on both databases. The seat rules
 * themselves are tested in ../sessions.test.ts; here: park scope, "this and the
 * following", cancelling with a reason, retries, roles and the audit trail.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation } from '../../domain/mutation';
import { TEST_BACKENDS, type TestDatabase } from '../auth/test-databases';
import type { StaffIdentity } from '../auth/types';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { applyStaffMutation } from '../console/apply';
import { writeTransaction, type Db } from '../db/index';
import { push } from '../sync/push';
import { branch, category, registerArgs, session, stampAt, workshop } from '../test/factories';

const NOW = new Date('2026-11-25T15:00:00.000Z');
const DAY = 86_400_000;
/** Weekly, from 27 Nov at 09:00 in Bogotá, four sessions. */
const weekly = (i: number) => ({
  startsAt: new Date(Date.parse('2026-11-27T14:00:00.000Z') + i * 7 * DAY).toISOString(),
  endsAt: new Date(Date.parse('2026-11-27T16:00:00.000Z') + i * 7 * DAY).toISOString()
});

const staff = (role: StaffIdentity['role'], branchIds = ['br-a']): StaffIdentity => ({
  id: crypto.randomUUID(),
  email: `${role}@parque.example`,
  name: role,
  role,
  branchIds,
  sessionId: 'x',
  mustChangePassword: false
});

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(`session edit mutators (${backend.name})`, () => {
    let t: TestDatabase;
    let db: Db;
    let wall = NOW.getTime() - 3_600_000;
    const desk = { id: crypto.randomUUID(), kind: 'desk' as const, branchId: 'br-a' };
    let deskNext = 1;

    beforeEach(async () => {
      t = await backend.open();
      db = t.db;
      deskNext = 1;
      await writeTransaction(db, async (trx, v) => {
        await saveBranches(trx, v, [branch('br-a'), branch('br-b')]);
        await saveCategories(trx, 'categories', v, [category('cat-1')]);
        await saveCategories(trx, 'audiences', v, [category('aud-1')]);
        await saveWorkshops(trx, v, [workshop('w1', 'br-a'), workshop('w2', 'br-b')]);
        await saveSessions(trx, v, [
          ...[0, 1, 2, 3].map((i) =>
            session(`s${i}`, 'w1', 'br-a', { capacity: 2, seriesId: 'ser-1', ...weekly(i) })
          ),
          session('lone', 'w1', 'br-a', { capacity: 2, ...weekly(1) }),
          session('other', 'w2', 'br-b', { capacity: 2, ...weekly(0) })
        ]);
      });
    });
    afterEach(async () => {
      await t.cleanup();
    });

    const register = async (sessionId: string) => {
      const args = registerArgs(sessionId);
      const m: Mutation = { id: 1, name: 'registerAttendee', args, at: stampAt((wall += 1000)) };
      const res = await push(
        db,
        { clientId: crypto.randomUUID(), branchId: 'br-a', pendingCount: 0, mutations: [m] },
        () => NOW
      );
      expect(res.outcomes[0]?.status).toBe('applied');
      return args.registrationId;
    };
    const fromDesk = async (name: string, args: unknown) => {
      const m: Mutation = { id: deskNext++, name, args, at: stampAt((wall += 1000), 'desk') };
      const res = await push(
        db,
        { clientId: desk.id, branchId: 'br-a', pendingCount: 0, mutations: [m] },
        () => NOW,
        desk
      );
      return res.outcomes[0]!;
    };
    const sessions = () =>
      db
        .selectFrom('sessions')
        .select([
          'id',
          'capacity',
          'seats_taken',
          'leased',
          'status',
          'starts_at',
          'ends_at',
          'cancel_reason'
        ])
        .orderBy('id')
        .execute();
    const statusOf = async (id: string) =>
      (
        await db
          .selectFrom('registrations')
          .select(['status', 'reason'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;

    it('raises the capacity of this and the following sessions, promoting each waitlist', async () => {
      for (const s of ['s1', 's2']) for (let i = 0; i < 2; i++) await register(s);
      const waiting = [await register('s1'), await register('s2')];
      expect(await Promise.all(waiting.map(statusOf))).toEqual(['waitlisted', 'waitlisted']);
      const out = await fromDesk('changeCapacity', {
        sessionId: 's1',
        capacity: 3,
        scope: 'following'
      });
      expect(out.status).toBe('applied');
      const rows = await sessions();
      expect(rows.filter((r) => r.capacity === 3).map((r) => r.id)).toEqual(['s1', 's2', 's3']);
      expect(await Promise.all(waiting.map(statusOf))).toEqual(['confirmed', 'confirmed']);
      const audit = await db.selectFrom('audit_events').selectAll().execute();
      expect(audit.map((a) => [a.kind, a.subject, a.device_id])).toEqual([
        ['session_capacity_changed', 's1', desk.id]
      ]);
      expect(JSON.parse(audit[0]!.detail!)).toMatchObject({
        'capacity.before': 2,
        'capacity.after': 3,
        sessions: 3
      });
    });

    it('refuses a cut below the confirmed seats of any session in scope, and changes none', async () => {
      await register('s3');
      await register('s3');
      const out = await fromDesk('changeCapacity', {
        sessionId: 's1',
        capacity: 1,
        scope: 'following'
      });
      expect(out).toMatchObject({ status: 'rejected', reason: 'below_confirmed' });
      expect((await sessions()).every((r) => r.capacity === 2)).toBe(true);
      expect(await db.selectFrom('audit_events').selectAll().execute()).toEqual([]);
    });

    it('moves this and the following by the same amount, and no other session', async () => {
      const moved = {
        startsAt: new Date(Date.parse(weekly(1).startsAt) + 3_600_000).toISOString(),
        endsAt: new Date(Date.parse(weekly(1).endsAt) + 2 * 3_600_000).toISOString()
      };
      const out = await fromDesk('moveSession', { sessionId: 's1', ...moved, scope: 'following' });
      expect(out.status).toBe('applied');
      const rows = new Map((await sessions()).map((r) => [r.id, r]));
      expect(rows.get('s0')!.starts_at).toBe(weekly(0).startsAt);
      expect(rows.get('s1')!.starts_at).toBe(moved.startsAt);
      expect(rows.get('s1')!.ends_at).toBe(moved.endsAt);
      // Each later one an hour later and three hours long.
      const s3 = rows.get('s3')!;
      expect(Date.parse(s3.starts_at) - Date.parse(weekly(3).startsAt)).toBe(3_600_000);
      expect(Date.parse(s3.ends_at) - Date.parse(s3.starts_at)).toBe(3 * 3_600_000);
      expect(rows.get('lone')!.starts_at).toBe(weekly(1).startsAt);
    });

    it('cancels with a reason: every ticket says so, seats and leases go back, a retry adds nothing', async () => {
      const confirmed = [await register('s2'), await register('s2')];
      const waiting = await register('s2');
      const args = { sessionId: 's2', reason: '  Corte de energía en la sala  ' };
      expect((await fromDesk('cancelSession', args)).status).toBe('applied');
      const s2 = (await sessions()).find((r) => r.id === 's2')!;
      expect(s2).toMatchObject({
        status: 'cancelled',
        cancel_reason: 'Corte de energía en la sala',
        seats_taken: 0,
        leased: 0
      });
      for (const id of [...confirmed, waiting]) {
        const r = await db
          .selectFrom('registrations')
          .select(['status', 'reason', 'position'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(r).toEqual({ status: 'cancelled', reason: 'session_cancelled', position: null });
      }
      // A registration arriving afterwards is refused.
      const late = registerArgs('s2');
      const res = await push(
        db,
        {
          clientId: crypto.randomUUID(),
          branchId: 'br-a',
          pendingCount: 0,
          mutations: [{ id: 1, name: 'registerAttendee', args: late, at: stampAt(wall++) }]
        },
        () => NOW
      );
      expect(res.outcomes[0]?.status).toBe('applied');
      expect(
        await db
          .selectFrom('registrations')
          .select(['status', 'reason'])
          .where('id', '=', late.registrationId)
          .executeTakeFirstOrThrow()
      ).toEqual({ status: 'rejected', reason: 'session_cancelled' });
      // Sent again (a second desk, a retry under a new number): applied, nothing new.
      expect((await fromDesk('cancelSession', args)).status).toBe('applied');
      const kinds = (await db.selectFrom('audit_events').select('kind').execute()).map(
        (a) => a.kind
      );
      expect(kinds).toEqual(['session_cancelled']);
      // Other sessions of the series are untouched.
      expect((await sessions()).filter((r) => r.status === 'cancelled').map((r) => r.id)).toEqual([
        's2'
      ]);
    });

    it('cancels the rest of a series from one session on', async () => {
      const out = await fromDesk('cancelSession', {
        sessionId: 's2',
        reason: 'Fin del ciclo',
        scope: 'following'
      });
      expect(out.status).toBe('applied');
      const cancelled = (await sessions()).filter((r) => r.status === 'cancelled');
      expect(cancelled.map((r) => r.id)).toEqual(['s2', 's3']);
    });

    it('needs a reason to cancel, and changes nothing without one', async () => {
      for (const reason of ['', '  ', 'x'.repeat(301)]) {
        const out = await fromDesk('cancelSession', { sessionId: 's1', reason });
        expect(out).toMatchObject({ status: 'rejected' });
        expect(out.reason).toMatch(/^invalid_args: reason: /);
      }
      expect((await sessions()).every((r) => r.status === 'scheduled')).toBe(true);
    });

    it("answers another park's session like an unknown one, from the desk and the console", async () => {
      for (const [name, args] of [
        ['changeCapacity', { sessionId: 'other', capacity: 9 }],
        ['moveSession', { sessionId: 'other', ...weekly(2) }],
        ['cancelSession', { sessionId: 'other', reason: 'Cierre' }]
      ] as const) {
        expect(await fromDesk(name, args)).toMatchObject({ reason: 'session_unknown' });
      }
      const librarian = staff('librarian');
      const res = await applyStaffMutation(db, librarian, 'br-a', 'cancelSession', {
        sessionId: 'other',
        reason: 'Cierre',
        scope: 'this'
      });
      expect(res).toEqual({ ok: false, reason: 'session_unknown' });
      expect((await sessions()).find((r) => r.id === 'other')!.status).toBe('scheduled');
    });

    it('from the console: by role and park, stamped and audited with who did it', async () => {
      const facilitator = staff('facilitator');
      const args = { sessionId: 's1', capacity: 5, scope: 'this' as const };
      expect(await applyStaffMutation(db, facilitator, 'br-a', 'changeCapacity', args)).toEqual({
        ok: false,
        reason: 'forbidden'
      });
      const elsewhere = staff('librarian', ['br-b']);
      expect(await applyStaffMutation(db, elsewhere, 'br-a', 'changeCapacity', args)).toEqual({
        ok: false,
        reason: 'forbidden'
      });
      const bad = await applyStaffMutation(db, staff('librarian'), 'br-a', 'changeCapacity', {
        ...args,
        capacity: -1
      });
      expect(bad).toMatchObject({ ok: false, reason: 'invalid_args' });
      expect((await sessions()).find((r) => r.id === 's1')!.capacity).toBe(2);

      const librarian = staff('librarian');
      const ok = await applyStaffMutation(db, librarian, 'br-a', 'changeCapacity', args, NOW);
      expect(ok).toMatchObject({ ok: true, edit: { kind: 'session_capacity_changed' } });
      expect((await sessions()).find((r) => r.id === 's1')!.capacity).toBe(5);
      const audit = await db.selectFrom('audit_events').selectAll().execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        kind: 'session_capacity_changed',
        staff_id: librarian.id,
        device_id: null,
        branch_id: 'br-a',
        subject: 's1',
        at: NOW.toISOString()
      });
    });

    it('keeps taken + leased + pool = capacity with a pool never below zero', async () => {
      await register('s1');
      await fromDesk('changeCapacity', { sessionId: 's1', capacity: 6 });
      await fromDesk('moveSession', { sessionId: 's1', ...weekly(2) });
      await fromDesk('changeCapacity', { sessionId: 's1', capacity: 1 });
      await fromDesk('cancelSession', { sessionId: 's1', reason: 'Lluvia' });
      for (const r of await sessions()) {
        expect(r.seats_taken + r.leased).toBeLessThanOrEqual(r.capacity);
      }
    });
  });
}
