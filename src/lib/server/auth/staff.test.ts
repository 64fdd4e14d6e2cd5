import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveBranches } from '../catalogue';
import { writeTransaction } from '../db/index';
import { branch } from '../test/factories';
import { verifyPassword } from './passwords';
import { authenticateStaffSession } from './sessions';
import {
  changePassword,
  changeRole,
  createDemoStaff,
  createStaff,
  DEMO_ADMIN_EMAIL,
  DEMO_LIBRARIAN_EMAIL,
  findStaff,
  listStaff,
  LOCK_MAX_MS,
  lockoutMs,
  parksOf,
  resetPassword,
  setStaffStatus,
  signIn,
  signOut,
  signOutEverywhere,
  StaffError,
  type NewStaff
} from './staff';
import { TEST_BACKENDS, type TestDatabase } from './test-databases';

// The real verification, counted: a sign-in does the same argon2id work for any email.
vi.mock('./passwords', async (importOriginal) => {
  const real = await importOriginal<typeof import('./passwords')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

let t: TestDatabase;
const NOW = new Date('2026-11-25T15:00:00.000Z');
const PASSWORD = 'una clave bastante larga';
const at = (ms: number) => new Date(NOW.getTime() + ms);
const MINUTE = 60_000;

let n = 0;
/** A valid new member of staff, unless overridden. */
const staffInput = (over: Partial<NewStaff> = {}): NewStaff => ({
  email: `Persona${++n}@Parque.Example`,
  name: `Persona Secreta ${n}`,
  role: 'librarian',
  parks: ['br-a'],
  password: PASSWORD,
  ...over
});

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(backend.name, () => {
    beforeEach(async () => {
      t = await backend.open();
      await writeTransaction(t.db, (trx, v) =>
        saveBranches(trx, v, [branch('br-a'), branch('br-b')])
      );
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      await t.cleanup();
    });

    const auditRows = () => t.db.selectFrom('audit_events').selectAll().orderBy('at').execute();
    const auditKinds = async () => (await auditRows()).map((r) => r.kind);
    const staffCount = async () =>
      Number(
        (
          await t.db
            .selectFrom('staff')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n
      );

    describe('creating staff', () => {
      it('stores a lower-case email, an argon2id hash and the parks, and audits it', async () => {
        const admin = await createStaff(t.db, staffInput({ role: 'admin', parks: [] }), null, NOW);
        const ana = await createStaff(
          t.db,
          staffInput({ email: '  Ana.Perez@Parque.Example ', parks: ['br-b', 'br-a', 'br-a'] }),
          admin.id,
          at(1)
        );
        expect(ana).toMatchObject({
          email: 'ana.perez@parque.example',
          role: 'librarian',
          status: 'active',
          parks: ['br-a', 'br-b'],
          mustChangePassword: false
        });
        const row = await t.db
          .selectFrom('staff')
          .select('password_hash')
          .where('id', '=', ana.id)
          .executeTakeFirstOrThrow();
        expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        expect(await findStaff(t.db, 'ANA.PEREZ@parque.example')).toMatchObject({ id: ana.id });
        expect((await listStaff(t.db)).map((s) => s.id)).toEqual([ana.id, admin.id]);
        const created = (await auditRows()).filter((r) => r.kind === 'staff_created');
        expect(created.map((r) => [r.staff_id, r.subject])).toEqual([
          [null, admin.id],
          [admin.id, ana.id]
        ]);
      });

      it.each([
        ['invalid_email', { email: 'not-an-email' }],
        ['invalid_name', { name: '   ' }],
        ['invalid_role', { role: 'janitor' }],
        ['parks_required', { parks: [] }],
        ['admin_parks', { role: 'admin', parks: ['br-a'] }],
        ['unknown_park', { parks: ['br-nowhere'] }],
        ['too_short', { password: 'short' }],
        ['too_common', { password: 'Password123' }]
      ] satisfies [string, Partial<NewStaff>][])(
        'refuses %s and changes nothing',
        async (code, over) => {
          await expect(createStaff(t.db, staffInput(over), null, NOW)).rejects.toMatchObject({
            code
          });
          expect(await staffCount()).toBe(0);
          expect(await auditRows()).toEqual([]);
        }
      );

      it('refuses a second account with the same email in another case', async () => {
        await createStaff(t.db, staffInput({ email: 'ana@parque.example' }), null, NOW);
        await expect(
          createStaff(t.db, staffInput({ email: 'ANA@parque.example' }), null, NOW)
        ).rejects.toMatchObject({ code: 'email_taken' });
        expect(await staffCount()).toBe(1);
      });

      it('lists an admin’s parks as every park, a librarian’s as theirs', async () => {
        expect((await parksOf(t.db, { role: 'admin', branchIds: [] })).map((p) => p.id)).toEqual([
          'br-a',
          'br-b'
        ]);
        expect(await parksOf(t.db, { role: 'librarian', branchIds: ['br-b'] })).toEqual([
          { id: 'br-b', name: 'Parque Biblioteca br-b', timeZone: 'America/Bogota' }
        ]);
        expect(await parksOf(t.db, { role: 'facilitator', branchIds: [] })).toEqual([]);
      });
    });

    describe('signing in', () => {
      it('opens a session that the cookie token authenticates', async () => {
        const ana = await createStaff(t.db, staffInput({ email: 'ana@parque.example' }), null, NOW);
        const r = await signIn(t.db, ' ANA@parque.example', PASSWORD, at(1));
        expect(r).toMatchObject({ ok: true, staffId: ana.id, mustChangePassword: false });
        if (!r.ok) return;
        expect(r.expiresAt).toEqual(at(1 + 12 * 60 * MINUTE));
        const who = await authenticateStaffSession(t.db, r.token, at(MINUTE));
        expect(who).toMatchObject({ id: ana.id, role: 'librarian', branchIds: ['br-a'] });
        expect(await auditKinds()).toEqual(['staff_created', 'sign_in']);
      });

      it('gives the same answer for a wrong password, an unknown email and a malformed one', async () => {
        await createStaff(t.db, staffInput({ email: 'ana@parque.example' }), null, NOW);
        const wrong = await signIn(t.db, 'ana@parque.example', 'not the password', NOW);
        const unknown = await signIn(t.db, 'nadie@parque.example', PASSWORD, NOW);
        const malformed = await signIn(t.db, 'nadie', '', NOW);
        const huge = await signIn(t.db, 'x'.repeat(10_000), 'y'.repeat(100_000), NOW);
        for (const r of [wrong, unknown, malformed, huge]) {
          expect(r).toEqual({ ok: false, reason: 'invalid' });
        }
        const failed = (await auditRows()).filter((r) => r.kind === 'sign_in_failed');
        // Rows written in the same millisecond have no order: compare as a sorted list.
        expect(failed.map((r) => JSON.parse(r.detail ?? '{}').reason).sort()).toEqual([
          'unknown',
          'unknown',
          'unknown',
          'wrong_password'
        ]);
      });

      it('verifies one argon2id hash per attempt, whether the account exists or not', async () => {
        await createStaff(t.db, staffInput({ email: 'ana@parque.example' }), null, NOW);
        const verify = vi.mocked(verifyPassword);
        for (const email of ['ana@parque.example', 'nadie@parque.example', 'not an email']) {
          verify.mockClear();
          await signIn(t.db, email, 'wrong guess', NOW);
          expect(verify, email).toHaveBeenCalledTimes(1);
          // Against a hash with today's parameters, so the work is the same.
          expect(verify.mock.calls[0]?.[0], email).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        }
      });

      it('answers an unknown email in about the time of a known one', async () => {
        await createStaff(t.db, staffInput({ email: 'ana@parque.example' }), null, NOW);
        await signIn(t.db, 'warm@parque.example', 'up', NOW);
        const time = async (email: string) => {
          const t0 = performance.now();
          await signIn(t.db, email, 'wrong guess', NOW);
          return performance.now() - t0;
        };
        // Interleaved, so both see the same load; four rounds stay under the lockout.
        const known: number[] = [];
        const unknown: number[] = [];
        for (let i = 0; i < 4; i++) {
          known.push(await time('ana@parque.example'));
          unknown.push(await time('nadie@parque.example'));
        }
        const median = (xs: number[]) => {
          const s = [...xs].sort((a, b) => a - b);
          return (s[1]! + s[2]!) / 2;
        };
        const ratio = median(unknown) / median(known);
        // Without the dummy verification an unknown email answers in ~1 ms against ~30 ms.
        expect(ratio).toBeGreaterThan(0.3);
        expect(ratio).toBeLessThan(3.5);
      });

      it('locks after five failures, for 1 minute doubling up to an hour', async () => {
        await createStaff(t.db, staffInput({ email: 'ana@parque.example' }), null, NOW);
        for (let i = 1; i <= 4; i++) {
          expect(await signIn(t.db, 'ana@parque.example', 'wrong guess', NOW)).toEqual({
            ok: false,
            reason: 'invalid'
          });
        }
        expect(await signIn(t.db, 'ana@parque.example', 'wrong guess', NOW)).toEqual({
          ok: false,
          reason: 'locked',
          until: at(MINUTE)
        });
        // Locked: even the right password is refused, and it does not lengthen the lock.
        expect(await signIn(t.db, 'ana@parque.example', PASSWORD, at(30_000))).toEqual({
          ok: false,
          reason: 'locked',
          until: at(MINUTE)
        });
        // The next failure after the lock doubles it.
        expect(await signIn(t.db, 'ana@parque.example', 'wrong', at(MINUTE + 1))).toEqual({
          ok: false,
          reason: 'locked',
          until: at(MINUTE + 1 + 2 * MINUTE)
        });
        // Once it has passed, the right password works and the count starts again.
        const ok = await signIn(t.db, 'ana@parque.example', PASSWORD, at(4 * MINUTE));
        expect(ok.ok).toBe(true);
        expect(await signIn(t.db, 'ana@parque.example', 'wrong', at(5 * MINUTE))).toEqual({
          ok: false,
          reason: 'invalid'
        });
        const kinds = await auditKinds();
        expect(kinds.filter((k) => k === 'sign_in_failed')).toHaveLength(7);
        expect(kinds.filter((k) => k === 'sign_in_locked')).toHaveLength(1);
      });

      it('backs off 1, 2, 4 … minutes and never more than an hour', () => {
        expect([1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 50].map((f) => lockoutMs(f) / MINUTE)).toEqual([
          0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60
        ]);
        expect(lockoutMs(1000)).toBe(LOCK_MAX_MS);
      });

      it('refuses a disabled account, whose sessions stop working, until it is enabled', async () => {
        const admin = await createStaff(t.db, staffInput({ role: 'admin', parks: [] }), null, NOW);
        const ana = await createStaff(t.db, staffInput({ email: 'ana@parque.example' }), null, NOW);
        const before = await signIn(t.db, 'ana@parque.example', PASSWORD, NOW);
        if (!before.ok) throw new Error('sign-in failed');
        await setStaffStatus(t.db, ana.id, 'disabled', admin.id, NOW);
        expect(await authenticateStaffSession(t.db, before.token, NOW)).toBeNull();
        expect(await signIn(t.db, 'ana@parque.example', PASSWORD, NOW)).toEqual({
          ok: false,
          reason: 'invalid'
        });
        await setStaffStatus(t.db, ana.id, 'active', admin.id, NOW);
        expect((await signIn(t.db, 'ana@parque.example', PASSWORD, NOW)).ok).toBe(true);
        const kinds = await auditKinds();
        expect(kinds).toContain('staff_disabled');
        expect(kinds).toContain('staff_enabled');
      });

      it('a session in a disabled account is refused even if it was left in the table', async () => {
        const ana = await createStaff(t.db, staffInput(), null, NOW);
        const r = await signIn(t.db, ana.email, PASSWORD, NOW);
        if (!r.ok) throw new Error('sign-in failed');
        await t.db
          .updateTable('staff')
          .set({ status: 'disabled' })
          .where('id', '=', ana.id)
          .execute();
        expect(await authenticateStaffSession(t.db, r.token, NOW)).toBeNull();
      });
    });

    describe('account changes', () => {
      it('keeps at least one active admin', async () => {
        const admin = await createStaff(t.db, staffInput({ role: 'admin', parks: [] }), null, NOW);
        await expect(setStaffStatus(t.db, admin.id, 'disabled', null, NOW)).rejects.toMatchObject({
          code: 'last_admin'
        });
        await expect(
          changeRole(t.db, admin.id, { role: 'librarian', parks: ['br-a'] }, null, NOW)
        ).rejects.toMatchObject({ code: 'last_admin' });
        await createStaff(t.db, staffInput({ role: 'admin', parks: [] }), null, NOW);
        await setStaffStatus(t.db, admin.id, 'disabled', null, NOW);
        expect((await findStaff(t.db, admin.email))?.status).toBe('disabled');
      });

      it('changes a role and its parks, and audits from and to', async () => {
        const ana = await createStaff(t.db, staffInput(), null, NOW);
        const r = await signIn(t.db, ana.email, PASSWORD, NOW);
        if (!r.ok) throw new Error('sign-in failed');
        const after = await changeRole(
          t.db,
          ana.id,
          { role: 'facilitator', parks: ['br-b'] },
          null
        );
        expect(after).toMatchObject({ role: 'facilitator', parks: ['br-b'] });
        // The open session sees the change at its next request.
        expect(await authenticateStaffSession(t.db, r.token, NOW)).toMatchObject({
          role: 'facilitator',
          branchIds: ['br-b']
        });
        await expect(changeRole(t.db, ana.id, { role: 'admin', parks: ['br-a'] })).rejects.toThrow(
          StaffError
        );
        const changed = (await auditRows()).find((e) => e.kind === 'role_changed');
        expect(JSON.parse(changed?.detail ?? '')).toEqual({
          from: 'librarian',
          to: 'facilitator',
          parks: 'br-b'
        });
      });

      it('resets a password: a temporary one that must be changed, and every session ends', async () => {
        const ana = await createStaff(t.db, staffInput(), null, NOW);
        const r = await signIn(t.db, ana.email, PASSWORD, NOW);
        if (!r.ok) throw new Error('sign-in failed');
        const { password } = await resetPassword(t.db, ana.id, null, NOW);
        expect(await authenticateStaffSession(t.db, r.token, NOW)).toBeNull();
        expect((await signIn(t.db, ana.email, PASSWORD, NOW)).ok).toBe(false);
        const again = await signIn(t.db, ana.email, password, NOW);
        expect(again).toMatchObject({ ok: true, mustChangePassword: true });
      });

      it('changes one’s password with the current one, ending the other sessions', async () => {
        const ana = await createStaff(t.db, staffInput({ mustChangePassword: true }), null, NOW);
        const here = await signIn(t.db, ana.email, PASSWORD, NOW);
        const there = await signIn(t.db, ana.email, PASSWORD, NOW);
        if (!here.ok || !there.ok) throw new Error('sign-in failed');
        const me = await authenticateStaffSession(t.db, here.token, NOW);
        expect(me?.mustChangePassword).toBe(true);
        const next = 'otra clave mucho mejor';
        await expect(
          changePassword(t.db, ana.id, 'not it at all', next, {
            keepSessionId: me?.sessionId,
            now: NOW
          })
        ).rejects.toMatchObject({ code: 'wrong_password' });
        await expect(
          changePassword(t.db, ana.id, PASSWORD, PASSWORD, {
            keepSessionId: me?.sessionId,
            now: NOW
          })
        ).rejects.toMatchObject({ code: 'same_password' });
        await expect(
          changePassword(t.db, ana.id, PASSWORD, '1234567890', { keepSessionId: me?.sessionId })
        ).rejects.toMatchObject({ code: 'too_common' });
        expect(
          await changePassword(t.db, ana.id, PASSWORD, next, {
            keepSessionId: me?.sessionId,
            now: NOW
          })
        ).toEqual({ otherSessionsEnded: 1 });
        expect(await authenticateStaffSession(t.db, here.token, NOW)).toMatchObject({
          mustChangePassword: false
        });
        expect(await authenticateStaffSession(t.db, there.token, NOW)).toBeNull();
        expect((await signIn(t.db, ana.email, next, NOW)).ok).toBe(true);
        expect(await auditKinds()).toContain('password_changed');
      });

      it('signs out here, or everywhere', async () => {
        const ana = await createStaff(t.db, staffInput(), null, NOW);
        const tokens: string[] = [];
        for (let i = 0; i < 3; i++) {
          const r = await signIn(t.db, ana.email, PASSWORD, NOW);
          if (r.ok) tokens.push(r.token);
        }
        const first = await authenticateStaffSession(t.db, tokens[0], NOW);
        if (!first) throw new Error('no session');
        await signOut(t.db, first, NOW);
        expect(await authenticateStaffSession(t.db, tokens[0], NOW)).toBeNull();
        expect(await authenticateStaffSession(t.db, tokens[1], NOW)).not.toBeNull();
        expect(await signOutEverywhere(t.db, ana.id, ana.id, NOW)).toBe(2);
        for (const token of tokens)
          expect(await authenticateStaffSession(t.db, token, NOW)).toBeNull();
        const kinds = await auditKinds();
        expect(kinds).toContain('sign_out');
        expect(kinds).toContain('sign_out_everywhere');
      });
    });

    describe('demo staff', () => {
      beforeEach(async () => {
        await writeTransaction(t.db, (trx, v) =>
          saveBranches(trx, v, [branch('br-espana', { name: 'Parque Biblioteca España' })])
        );
      });

      it('makes an admin and a librarian of España with random passwords printed once', async () => {
        const lines: string[] = [];
        const made = await createDemoStaff(t.db, {}, (l) => lines.push(l), NOW);
        expect(made.map((s) => [s.email, s.role, s.parks, s.mustChangePassword])).toEqual([
          [DEMO_ADMIN_EMAIL, 'admin', [], false],
          [DEMO_LIBRARIAN_EMAIL, 'librarian', ['br-espana'], false]
        ]);
        const printed = lines.join('\n');
        const passwords = [...printed.matchAll(/ ([a-z2-9]{4}(?:-[a-z2-9]{4}){3})$/gm)].map(
          (m) => m[1]
        );
        expect(passwords).toHaveLength(2);
        expect(passwords[0]).not.toBe(passwords[1]);
        expect((await signIn(t.db, DEMO_LIBRARIAN_EMAIL, passwords[1]!, NOW)).ok).toBe(true);
        // Only on an empty database: a second seed adds nobody and prints nothing.
        const again: string[] = [];
        expect(await createDemoStaff(t.db, {}, (l) => again.push(l), NOW)).toEqual([]);
        expect(again).toEqual([]);
      });

      it('never in production mode, nor when turned off', async () => {
        const lines: string[] = [];
        const print = (l: string) => void lines.push(l);
        const env = { PARQUE_DEMO_PASSWORD: 'demo-password-e2e' };
        expect(await createDemoStaff(t.db, { ...env, NODE_ENV: 'production' }, print)).toEqual([]);
        expect(await createDemoStaff(t.db, { ...env, PARQUE_DEMO_STAFF: 'off' }, print)).toEqual(
          []
        );
        expect(lines).toEqual([]);
        expect(await staffCount()).toBe(0);
      });

      it('takes a fixed password for the end-to-end tests, without printing it', async () => {
        const lines: string[] = [];
        await createDemoStaff(t.db, { PARQUE_DEMO_PASSWORD: 'demo-password-e2e' }, (l) =>
          lines.push(l)
        );
        expect(lines.join('\n')).not.toContain('demo-password-e2e');
        for (const email of [DEMO_ADMIN_EMAIL, DEMO_LIBRARIAN_EMAIL]) {
          expect((await signIn(t.db, email, 'demo-password-e2e', NOW)).ok).toBe(true);
        }
      });
    });

    describe('nothing secret or personal leaks', () => {
      it('writes no password, token, email or name to the console or the audit trail', async () => {
        const output: string[] = [];
        const keep = (...args: unknown[]) => void output.push(args.map(String).join(' '));
        for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
          vi.spyOn(console, method).mockImplementation(keep);
        }
        const write = (chunk: unknown) => {
          output.push(String(chunk));
          return true;
        };
        vi.spyOn(process.stdout, 'write').mockImplementation(write);
        vi.spyOn(process.stderr, 'write').mockImplementation(write);

        const secrets: string[] = [PASSWORD];
        const ana = await createStaff(
          t.db,
          staffInput({ email: 'ana.perez@parque.example', name: 'Ana Pérez Restrepo' }),
          null,
          NOW
        );
        secrets.push(ana.email, ana.name, 'wrong guess 1', 'nadie@parque.example');
        for (let i = 0; i < 6; i++) await signIn(t.db, ana.email, 'wrong guess 1', at(i));
        await signIn(t.db, 'nadie@parque.example', PASSWORD, NOW);
        const later = at(2 * 60 * MINUTE);
        const ok = await signIn(t.db, ana.email, PASSWORD, later);
        if (!ok.ok) throw new Error('sign-in failed');
        secrets.push(ok.token);
        const me = await authenticateStaffSession(t.db, ok.token, later);
        const next = 'clave nueva y secreta';
        secrets.push(next);
        await changePassword(t.db, ana.id, 'wrong guess 1', next).catch(() => undefined);
        await changePassword(t.db, ana.id, PASSWORD, next, {
          keepSessionId: me?.sessionId,
          now: later
        });
        const reset = await resetPassword(t.db, ana.id, null, later);
        secrets.push(reset.password);
        await signOutEverywhere(t.db, ana.id);

        vi.restoreAllMocks();
        const audit = JSON.stringify(await auditRows());
        const logged = output.join('\n');
        for (const secret of secrets) {
          expect(logged, 'console').not.toContain(secret);
          expect(audit.toLowerCase(), 'audit').not.toContain(secret.toLowerCase());
        }
        expect(audit).not.toContain('argon2');
      });
    });
  });
}
