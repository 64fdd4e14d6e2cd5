/**
 * Staff accounts (DESIGN §9, §10): who they are, their role and parks, signing in with a
 * lockout that backs off, and the account changes an admin (or the CLI) makes. Every
 * change lands in the audit trail with ids only: no password, token, email or name is
 * written there or to the console. In those events `staffId` is who acted (null for the
 * CLI, and for a failed sign-in, whose author is unknown) and `subject` the account.
 */
import { randomUUID, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import type { Db, Tx } from '../db/index';
import type { StaffRole } from '../db/schema';
import { audit } from './audit';
import {
  generatePassword,
  hashPassword,
  needsRehash,
  PASSWORD_MAX_LENGTH,
  passwordProblem,
  verifyPassword,
  type PasswordProblem
} from './passwords';
import { createStaffSession, endAllStaffSessions, endStaffSession } from './sessions';
import type { StaffIdentity } from './types';

export const STAFF_ROLES = ['admin', 'librarian', 'facilitator'] as const satisfies StaffRole[];

/**
 * Back-off after failed sign-ins in a row: the LOCK_AFTER_FAILURES-th failure locks the
 * account for LOCK_FIRST_MS, and each further one doubles it, up to LOCK_MAX_MS. Five
 * guesses, then 1, 2, 4 … 60 minutes: about 30 guesses a day against one account, while a
 * member of staff who mistypes a few times waits a minute at worst. A success, a reset or
 * re-enabling the account starts the count again.
 */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_FIRST_MS = 60_000;
export const LOCK_MAX_MS = 60 * 60_000;
/** A lock that ended a day ago is forgiven: the count starts again. */
const FORGIVE_AFTER_MS = 24 * 60 * 60_000;

/** How long the account is locked after its `failures`-th failure in a row (0: not). */
export function lockoutMs(failures: number): number {
  if (failures < LOCK_AFTER_FAILURES) return 0;
  return Math.min(LOCK_MAX_MS, LOCK_FIRST_MS * 2 ** (failures - LOCK_AFTER_FAILURES));
}

export type StaffErrorCode =
  | 'invalid_email'
  | 'invalid_name'
  | 'invalid_role'
  | 'unknown_park'
  | 'parks_required'
  | 'admin_parks'
  | 'email_taken'
  | 'not_found'
  | 'last_admin'
  | 'wrong_password'
  | 'same_password'
  | 'locked'
  | PasswordProblem;

/** A refused account change: `code` for the pages' messages, `message` for the CLI. */
export class StaffError extends Error {
  constructor(
    readonly code: StaffErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'StaffError';
  }
}

const EMAIL = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email());
const NAME = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1),
  v.maxLength(100),
  // eslint-disable-next-line no-control-regex
  v.regex(/^[^\u0000-\u001f\u007f]+$/u)
);

/** The sign-in name as stored (trimmed, lower-case), or null if it is not an email. */
export function normaliseEmail(email: string): string | null {
  const r = v.safeParse(EMAIL, email);
  return r.success ? r.output : null;
}

const PASSWORD_TEXT: Record<PasswordProblem, string> = {
  too_short: 'the password is too short (at least 10 characters)',
  too_long: 'the password is too long (at most 256 characters)',
  too_common: 'the password is too common or too close to the account name; choose another'
};

function checkPassword(password: string, context: string[]): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new StaffError(problem, PASSWORD_TEXT[problem]);
}

export interface StaffSummary {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  status: 'active' | 'disabled';
  parks: string[];
  mustChangePassword: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

async function parksById(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('staff_parks')
    .select(['staff_id', 'branch_id'])
    .where('staff_id', 'in', ids)
    .orderBy('branch_id')
    .execute();
  for (const r of rows) map.set(r.staff_id, [...(map.get(r.staff_id) ?? []), r.branch_id]);
  return map;
}

const SUMMARY_COLUMNS = [
  'id',
  'email',
  'name',
  'role',
  'status',
  'must_change_password',
  'locked_until',
  'created_at'
] as const;

type SummaryRow = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  status: string;
  must_change_password: number;
  locked_until: string | null;
  created_at: string;
};

const toSummary = (r: SummaryRow, parks: string[]): StaffSummary => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  status: r.status === 'active' ? 'active' : 'disabled',
  parks,
  mustChangePassword: r.must_change_password === 1,
  lockedUntil: r.locked_until,
  createdAt: r.created_at
});

/** Every member of staff, by email. */
export async function listStaff(db: Db): Promise<StaffSummary[]> {
  const rows = await db.selectFrom('staff').select(SUMMARY_COLUMNS).orderBy('email').execute();
  const parks = await parksById(
    db,
    rows.map((r) => r.id)
  );
  return rows.map((r) => toSummary(r, parks.get(r.id) ?? []));
}

/** One member of staff by email (any case), or null. */
export async function findStaff(db: Db, email: string): Promise<StaffSummary | null> {
  const normal = normaliseEmail(email);
  if (!normal) return null;
  const row = await db
    .selectFrom('staff')
    .select(SUMMARY_COLUMNS)
    .where('email', '=', normal)
    .executeTakeFirst();
  if (!row) return null;
  return toSummary(row, (await parksById(db, [row.id])).get(row.id) ?? []);
}

/** One member of staff by id; a StaffError `not_found` if there is none. */
export async function getStaff(db: Db, staffId: string): Promise<StaffSummary> {
  const row = await db
    .selectFrom('staff')
    .select(SUMMARY_COLUMNS)
    .where('id', '=', staffId)
    .executeTakeFirst();
  if (!row) throw new StaffError('not_found', 'no such member of staff');
  return toSummary(row, (await parksById(db, [row.id])).get(row.id) ?? []);
}

/**
 * When each of these accounts last signed in, from the audit trail (the sessions table
 * forgets a session when it ends). Accounts that never did are absent.
 */
export async function lastSignIns(db: Db, staffIds: string[]): Promise<Map<string, string>> {
  if (staffIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('audit_events')
    .select((eb) => ['subject', eb.fn.max('at').as('at')])
    .where('kind', '=', 'sign_in')
    .where('subject', 'in', staffIds)
    .groupBy('subject')
    .execute();
  return new Map(rows.flatMap((r) => (r.subject && r.at ? [[r.subject, String(r.at)]] : [])));
}

/** Checks a role and its parks: admins have every park, the others need known ones. */
async function checkRoleParks(db: Db, role: string, parks: string[]): Promise<StaffRole> {
  if (!(STAFF_ROLES as readonly string[]).includes(role)) {
    throw new StaffError('invalid_role', `the role must be one of: ${STAFF_ROLES.join(', ')}`);
  }
  const r = role as StaffRole;
  if (r === 'admin' && parks.length > 0) {
    throw new StaffError('admin_parks', 'an admin works in every park: give parks only to others');
  }
  if (r !== 'admin' && parks.length === 0) {
    throw new StaffError('parks_required', `a ${r} needs at least one park`);
  }
  const unique = [...new Set(parks)];
  if (unique.length > 0) {
    const known = await db.selectFrom('branches').select('id').where('id', 'in', unique).execute();
    const missing = unique.filter((p) => !known.some((k) => k.id === p));
    if (missing.length) {
      throw new StaffError('unknown_park', `no park has the id ${missing.join(', ')}`);
    }
  }
  return r;
}

/**
 * Refuses a change that would leave no active admin (nobody could manage staff). Run inside
 * the change's transaction: it first writes every active admin's row, which on PostgreSQL
 * locks them (two admins demoting each other at once queue, and the second sees the first's
 * change) and on SQLite takes the write lock.
 */
async function keepAnAdmin(db: Db | Tx, staffId: string): Promise<void> {
  await db
    .updateTable('staff')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .execute();
  const others = await db
    .selectFrom('staff')
    .select('id')
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .where('id', '!=', staffId)
    .limit(1)
    .executeTakeFirst();
  if (!others)
    throw new StaffError('last_admin', 'this is the last active admin; add another first');
}

export interface NewStaff {
  email: string;
  name: string;
  role: string;
  parks?: string[];
  password: string;
  /** A password someone else chose (generated, told in person) must be changed at sign-in. */
  mustChangePassword?: boolean;
}

/** Adds a member of staff. `actorId` is the admin who did it (null: the CLI or the seed). */
export async function createStaff(
  db: Db,
  input: NewStaff,
  actorId: string | null = null,
  now = new Date()
): Promise<StaffSummary> {
  const email = normaliseEmail(input.email);
  if (!email) throw new StaffError('invalid_email', 'the email address is not valid');
  const name = v.safeParse(NAME, input.name);
  if (!name.success) throw new StaffError('invalid_name', 'the name must have 1 to 100 characters');
  const parks = [...new Set(input.parks ?? [])];
  const role = await checkRoleParks(db, input.role, parks);
  checkPassword(input.password, [email, name.output]);
  const taken = await db
    .selectFrom('staff')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (taken) throw new StaffError('email_taken', 'someone already has this email');

  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('staff')
      .values({
        id,
        email,
        name: name.output,
        password_hash: passwordHash,
        role,
        status: 'active',
        must_change_password: input.mustChangePassword ? 1 : 0,
        failed_sign_ins: 0,
        locked_until: null,
        created_at: at,
        updated_at: at
      })
      .execute();
    if (parks.length) {
      await trx
        .insertInto('staff_parks')
        .values(parks.map((branch_id) => ({ staff_id: id, branch_id })))
        .execute();
    }
    await audit(
      trx,
      {
        kind: 'staff_created',
        staffId: actorId,
        subject: id,
        detail: { role, parks: parks.join(',') }
      },
      now
    );
  });
  return getStaff(db, id);
}

/** Disables or re-enables an account. Disabling ends its sessions; enabling lifts a lock. */
export async function setStaffStatus(
  db: Db,
  staffId: string,
  status: 'active' | 'disabled',
  actorId: string | null = null,
  now = new Date()
): Promise<StaffSummary> {
  const before = await getStaff(db, staffId);
  await db.transaction().execute(async (trx) => {
    if (status === 'disabled' && before.role === 'admin') await keepAnAdmin(trx, staffId);
    await trx
      .updateTable('staff')
      .set({
        status,
        updated_at: now.toISOString(),
        ...(status === 'active' ? { failed_sign_ins: 0, locked_until: null } : {})
      })
      .where('id', '=', staffId)
      .execute();
    if (status === 'disabled') {
      await trx.deleteFrom('staff_sessions').where('staff_id', '=', staffId).execute();
    }
    await audit(
      trx,
      {
        kind: status === 'active' ? 'staff_enabled' : 'staff_disabled',
        staffId: actorId,
        subject: staffId
      },
      now
    );
  });
  return getStaff(db, staffId);
}

/**
 * Gives an account a new random password that must be changed at the next sign-in, lifts
 * its lock and ends its sessions. Returns the password, to be told to the person once.
 */
export async function resetPassword(
  db: Db,
  staffId: string,
  actorId: string | null = null,
  now = new Date()
): Promise<{ password: string }> {
  await getStaff(db, staffId);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('staff')
      .set({
        password_hash: passwordHash,
        must_change_password: 1,
        failed_sign_ins: 0,
        locked_until: null,
        updated_at: now.toISOString()
      })
      .where('id', '=', staffId)
      .execute();
    await trx.deleteFrom('staff_sessions').where('staff_id', '=', staffId).execute();
    await audit(trx, { kind: 'password_reset', staffId: actorId, subject: staffId }, now);
  });
  return { password };
}

/** Changes a role and the parks that go with it (sessions see it at their next request). */
export async function changeRole(
  db: Db,
  staffId: string,
  change: { role: string; parks?: string[] },
  actorId: string | null = null,
  now = new Date()
): Promise<StaffSummary> {
  const before = await getStaff(db, staffId);
  const parks = [...new Set(change.parks ?? [])];
  const role = await checkRoleParks(db, change.role, parks);
  const parksBefore = before.parks.join(',');
  const parksAfter = [...parks].sort().join(',');
  // Nothing to change: nothing written, nothing audited.
  if (role === before.role && parksAfter === parksBefore) return before;
  await db.transaction().execute(async (trx) => {
    if (before.role === 'admin' && role !== 'admin' && before.status === 'active') {
      await keepAnAdmin(trx, staffId);
    }
    await trx
      .updateTable('staff')
      .set({ role, updated_at: now.toISOString() })
      .where('id', '=', staffId)
      .execute();
    await trx.deleteFrom('staff_parks').where('staff_id', '=', staffId).execute();
    if (parks.length) {
      await trx
        .insertInto('staff_parks')
        .values(parks.map((branch_id) => ({ staff_id: staffId, branch_id })))
        .execute();
    }
    // A new role says from and to (and the parks it now has); the same role with other
    // parks is its own event, with the parks before and after.
    await audit(
      trx,
      role !== before.role
        ? {
            kind: 'role_changed',
            staffId: actorId,
            subject: staffId,
            detail: { from: before.role, to: role, parks: parks.join(',') }
          }
        : {
            kind: 'parks_changed',
            staffId: actorId,
            subject: staffId,
            detail: { from: parksBefore, to: parksAfter }
          },
      now
    );
  });
  return getStaff(db, staffId);
}

/**
 * A hash of a random password with today's parameters: an unknown email is checked against
 * it, so a sign-in costs one argon2id verification whether the account exists or not.
 */
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

export type SignInResult =
  | { ok: true; staffId: string; token: string; expiresAt: Date; mustChangePassword: boolean }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: Date };

/** Counts a failure; returns the lock it earned, if any. */
async function countFailure(
  db: Db,
  row: { id: string; locked_until: string | null },
  now: Date
): Promise<{ failures: number; until: Date | null }> {
  const forgive =
    row.locked_until !== null && now.getTime() - Date.parse(row.locked_until) > FORGIVE_AFTER_MS;
  // One UPDATE adds the failure, so concurrent wrong guesses are each counted.
  const counted = await db
    .updateTable('staff')
    .set((eb) => ({ failed_sign_ins: forgive ? 1 : eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', row.id)
    .returning('failed_sign_ins')
    .executeTakeFirstOrThrow();
  const failures = Number(counted.failed_sign_ins);
  const ms = lockoutMs(failures);
  if (ms === 0) return { failures, until: null };
  const until = new Date(now.getTime() + ms);
  await db
    .updateTable('staff')
    .set({ locked_until: until.toISOString() })
    .where('id', '=', row.id)
    .execute();
  return { failures, until };
}

const lockedUntil = (row: { locked_until: string | null }, now: Date): Date | null =>
  row.locked_until && Date.parse(row.locked_until) > now.getTime()
    ? new Date(row.locked_until)
    : null;

/**
 * Signs a member of staff in: a new session on success. An unknown email, a wrong password
 * and a disabled account give the same answer after the same work (one argon2id
 * verification); a locked account says until when, and is not tried at all meanwhile.
 */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  now = new Date(),
  context: { deviceId?: string | null } = {}
): Promise<SignInResult> {
  const deviceId = context.deviceId ?? null;
  const normal = normaliseEmail(email);
  // An over-long password is never anyone's (the policy caps it): verify an empty one.
  const typed = password.length > PASSWORD_MAX_LENGTH * 4 ? '' : password;
  const row = normal
    ? await db
        .selectFrom('staff')
        .select(['id', 'password_hash', 'status', 'locked_until', 'must_change_password'])
        .where('email', '=', normal)
        .executeTakeFirst()
    : undefined;

  if (!row) {
    await verifyPassword(await dummy(), typed);
    await audit(db, { kind: 'sign_in_failed', deviceId, detail: { reason: 'unknown' } }, now);
    return { ok: false, reason: 'invalid' };
  }
  const locked = lockedUntil(row, now);
  if (locked) {
    await verifyPassword(await dummy(), typed);
    await audit(db, { kind: 'sign_in_locked', subject: row.id, deviceId }, now);
    return { ok: false, reason: 'locked', until: locked };
  }
  const match = await verifyPassword(row.password_hash, typed);
  if (!match) {
    const { failures, until } = await countFailure(db, row, now);
    await audit(
      db,
      {
        kind: 'sign_in_failed',
        subject: row.id,
        deviceId,
        detail: { reason: 'wrong_password', failures, lockedMs: until ? lockoutMs(failures) : 0 }
      },
      now
    );
    return until ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
  }
  if (row.status !== 'active') {
    await audit(
      db,
      {
        kind: 'sign_in_failed',
        subject: row.id,
        deviceId,
        detail: { reason: 'disabled' }
      },
      now
    );
    return { ok: false, reason: 'invalid' };
  }

  // Parameters raised since this hash was made: store a fresh one while we have the password.
  const rehash = needsRehash(row.password_hash) ? await hashPassword(typed) : null;
  await db
    .updateTable('staff')
    .set({ failed_sign_ins: 0, locked_until: null, ...(rehash ? { password_hash: rehash } : {}) })
    .where('id', '=', row.id)
    .execute();
  const session = await createStaffSession(db, row.id, now);
  await audit(db, { kind: 'sign_in', staffId: row.id, subject: row.id, deviceId }, now);
  return {
    ok: true,
    staffId: row.id,
    token: session.token,
    expiresAt: session.expiresAt,
    mustChangePassword: row.must_change_password === 1
  };
}

/**
 * Changes one's own password: the current one is needed (and wrong guesses count towards
 * the lockout, as at sign-in). Every other session of the account ends; `keepSessionId`
 * (the one in use) stays.
 */
export async function changePassword(
  db: Db,
  staffId: string,
  current: string,
  next: string,
  opts: { keepSessionId?: string | null; now?: Date } = {}
): Promise<{ otherSessionsEnded: number }> {
  const now = opts.now ?? new Date();
  const row = await db
    .selectFrom('staff')
    .select(['id', 'email', 'name', 'password_hash', 'locked_until'])
    .where('id', '=', staffId)
    .executeTakeFirst();
  if (!row) throw new StaffError('not_found', 'no such member of staff');
  if (lockedUntil(row, now)) {
    throw new StaffError('locked', 'too many wrong passwords: try again later');
  }
  if (!(await verifyPassword(row.password_hash, current))) {
    const { failures } = await countFailure(db, row, now);
    await audit(
      db,
      {
        kind: 'sign_in_failed',
        staffId,
        subject: staffId,
        detail: { reason: 'password_change', failures }
      },
      now
    );
    throw new StaffError('wrong_password', 'the current password is not right');
  }
  if (next === current) {
    throw new StaffError('same_password', 'the new password must differ from the current one');
  }
  checkPassword(next, [row.email, row.name]);
  const passwordHash = await hashPassword(next);
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('staff')
      .set({
        password_hash: passwordHash,
        must_change_password: 0,
        failed_sign_ins: 0,
        locked_until: null,
        updated_at: now.toISOString()
      })
      .where('id', '=', staffId)
      .execute();
    let q = trx.deleteFrom('staff_sessions').where('staff_id', '=', staffId);
    if (opts.keepSessionId) q = q.where('id', '!=', opts.keepSessionId);
    const ended = Number((await q.executeTakeFirst()).numDeletedRows);
    await audit(
      trx,
      {
        kind: 'password_changed',
        staffId,
        subject: staffId,
        detail: { otherSessionsEnded: ended }
      },
      now
    );
    return { otherSessionsEnded: ended };
  });
}

/** Ends the session in use. */
export async function signOut(
  db: Db,
  staff: Pick<StaffIdentity, 'id' | 'sessionId'>,
  now = new Date(),
  context: { deviceId?: string | null } = {}
): Promise<void> {
  await endStaffSession(db, staff.sessionId);
  await audit(
    db,
    { kind: 'sign_out', staffId: staff.id, subject: staff.id, deviceId: context.deviceId ?? null },
    now
  );
}

/** Ends every session of an account (a lost phone, a shared computer left signed in). */
export async function signOutEverywhere(
  db: Db,
  staffId: string,
  actorId: string | null = staffId,
  now = new Date()
): Promise<number> {
  await getStaff(db, staffId);
  const sessions = await endAllStaffSessions(db, staffId);
  await audit(
    db,
    { kind: 'sign_out_everywhere', staffId: actorId, subject: staffId, detail: { sessions } },
    now
  );
  return sessions;
}

export interface Park {
  id: string;
  name: string;
  timeZone: string;
}

/** The parks a member of staff works in (an admin: every park), by name. */
export async function parksOf(
  db: Db,
  staff: Pick<StaffIdentity, 'role' | 'branchIds'>
): Promise<Park[]> {
  let q = db.selectFrom('branches').select(['id', 'name', 'time_zone']).orderBy('name');
  if (staff.role !== 'admin') {
    if (staff.branchIds.length === 0) return [];
    q = q.where('id', 'in', staff.branchIds);
  }
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, timeZone: r.time_zone }));
}

export const DEMO_ADMIN_EMAIL = 'admin@parque.example';
export const DEMO_LIBRARIAN_EMAIL = 'biblioteca.espana@parque.example';
const DEMO_PARK = 'br-espana';

/**
 * The demo's staff (DESIGN §9): on an empty database outside production, an admin and a
 * librarian of Parque Biblioteca España, with random passwords that `print` shows once.
 * Never when NODE_ENV=production, nor with PARQUE_DEMO_STAFF=off. PARQUE_DEMO_PASSWORD
 * fixes both passwords, for the end-to-end tests only: a known password is no password.
 */
export async function createDemoStaff(
  db: Db,
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
  now = new Date()
): Promise<StaffSummary[]> {
  if (env.NODE_ENV === 'production' || env.PARQUE_DEMO_STAFF === 'off') return [];
  const any = await db.selectFrom('staff').select('id').limit(1).executeTakeFirst();
  if (any) return [];
  const fixed = env.PARQUE_DEMO_PASSWORD || undefined;
  const park = await db
    .selectFrom('branches')
    .select(['id', 'name'])
    .where('id', '=', DEMO_PARK)
    .executeTakeFirst();
  const wanted: NewStaff[] = [
    { email: DEMO_ADMIN_EMAIL, name: 'Administración (demo)', role: 'admin', password: '' },
    ...(park
      ? [
          {
            email: DEMO_LIBRARIAN_EMAIL,
            name: 'Biblioteca España (demo)',
            role: 'librarian',
            parks: [park.id],
            password: ''
          }
        ]
      : [])
  ];
  const made: StaffSummary[] = [];
  const lines: string[] = [];
  for (const who of wanted) {
    const password = fixed ?? generatePassword();
    made.push(await createStaff(db, { ...who, password }, null, now));
    const shown = fixed ? '(PARQUE_DEMO_PASSWORD)' : password;
    lines.push(`  ${who.role.padEnd(10)} ${who.email.padEnd(34)} ${shown}`);
  }
  print('Demo staff accounts (sign in at /staff/sign-in; passwords are shown only this once):');
  for (const line of lines) print(line);
  if (park) print(`  The librarian works in ${park.name}.`);
  print('  Not made when NODE_ENV=production or PARQUE_DEMO_STAFF=off.');
  return made;
}
