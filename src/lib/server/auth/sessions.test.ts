import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from './devices';
import {
  authenticateStaffSession,
  createStaffSession,
  endAllStaffSessions,
  endStaffSession,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS
} from './sessions';
import { TEST_BACKENDS, type TestDatabase } from './test-databases';

let t: TestDatabase;
const NOW = new Date('2026-11-25T13:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const MINUTE = 60_000;

/** A staff row straight in the table: these tests are about sessions, not passwords. */
async function staffRow(id: string, over: { status?: string } = {}) {
  await t.db
    .insertInto('staff')
    .values({
      id,
      email: `${id}@parque.example`,
      name: id,
      password_hash: 'unused',
      role: 'admin',
      status: over.status ?? 'active',
      locked_until: null,
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString()
    })
    .execute();
}

const sessionRows = () => t.db.selectFrom('staff_sessions').selectAll().execute();

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(backend.name, () => {
    beforeEach(async () => {
      t = await backend.open();
      await staffRow('s1');
      await staffRow('s2');
    });
    afterEach(async () => {
      await t.cleanup();
    });

    describe('staff sessions', () => {
      it('keeps only the SHA-256 of a 256-bit token', async () => {
        const { token, expiresAt } = await createStaffSession(t.db, 's1', NOW);
        expect(Buffer.from(token, 'base64url')).toHaveLength(32);
        expect(expiresAt).toEqual(at(SESSION_ABSOLUTE_MS));
        const rows = await sessionRows();
        expect(rows.map((r) => r.id)).toEqual([sha256(token)]);
        expect(JSON.stringify(rows)).not.toContain(token);
        expect(await authenticateStaffSession(t.db, token, NOW)).toMatchObject({
          id: 's1',
          sessionId: sha256(token),
          branchIds: [],
          mustChangePassword: false
        });
      });

      it('ignores absent, unknown and absurd tokens', async () => {
        await createStaffSession(t.db, 's1', NOW);
        for (const token of [undefined, '', 'x', 'a'.repeat(43), 'a'.repeat(5000)]) {
          expect(await authenticateStaffSession(t.db, token, NOW)).toBeNull();
        }
      });

      it('ends after two hours without use', async () => {
        const { token } = await createStaffSession(t.db, 's1', NOW);
        expect(await authenticateStaffSession(t.db, token, at(SESSION_IDLE_MS))).not.toBeNull();
        const other = await createStaffSession(t.db, 's1', NOW);
        expect(
          await authenticateStaffSession(t.db, other.token, at(SESSION_IDLE_MS + 1))
        ).toBeNull();
        // An expired session is deleted, not merely refused.
        expect((await sessionRows()).map((r) => r.id)).toEqual([sha256(token)]);
      });

      it('stays open while used, up to twelve hours after sign-in', async () => {
        const { token } = await createStaffSession(t.db, 's1', NOW);
        // Used every 90 minutes, so never idle for two hours.
        let ms = 0;
        while (ms + 90 * MINUTE < SESSION_ABSOLUTE_MS) {
          ms += 90 * MINUTE;
          expect(
            await authenticateStaffSession(t.db, token, at(ms)),
            `at ${ms / MINUTE} min`
          ).not.toBe(null);
        }
        expect(await authenticateStaffSession(t.db, token, at(SESSION_ABSOLUTE_MS))).toBeNull();
        expect(await sessionRows()).toEqual([]);
      });

      it('writes last use at most once a minute', async () => {
        const { token } = await createStaffSession(t.db, 's1', NOW);
        await authenticateStaffSession(t.db, token, at(30_000));
        expect((await sessionRows())[0]?.last_seen_at).toBe(NOW.toISOString());
        await authenticateStaffSession(t.db, token, at(MINUTE + 1));
        expect((await sessionRows())[0]?.last_seen_at).toBe(at(MINUTE + 1).toISOString());
      });

      it('refuses the sessions of a disabled account', async () => {
        const { token } = await createStaffSession(t.db, 's1', NOW);
        await t.db
          .updateTable('staff')
          .set({ status: 'disabled' })
          .where('id', '=', 's1')
          .execute();
        expect(await authenticateStaffSession(t.db, token, NOW)).toBeNull();
      });

      it('signs out one session, or every session of one account', async () => {
        const a = await createStaffSession(t.db, 's1', NOW);
        const b = await createStaffSession(t.db, 's1', NOW);
        const c = await createStaffSession(t.db, 's1', NOW);
        const other = await createStaffSession(t.db, 's2', NOW);
        await endStaffSession(t.db, sha256(a.token));
        expect(await authenticateStaffSession(t.db, a.token, NOW)).toBeNull();
        expect(await authenticateStaffSession(t.db, b.token, NOW)).not.toBeNull();
        expect(await endAllStaffSessions(t.db, 's1')).toBe(2);
        for (const s of [b, c])
          expect(await authenticateStaffSession(t.db, s.token, NOW)).toBeNull();
        expect(await authenticateStaffSession(t.db, other.token, NOW)).toMatchObject({ id: 's2' });
      });
    });
  });
}
