/**
 * Staff sessions (DESIGN §9): the cookie holds a random 256-bit token; the database holds
 * its SHA-256, so every app instance sees the same sessions and a copy of the table cannot
 * be replayed as a cookie. A session ends after SESSION_IDLE_MS without use or
 * SESSION_ABSOLUTE_MS after sign-in, whichever comes first.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/index';
import type { StaffIdentity } from './types';

export const SESSION_COOKIE = 'parque_staff';
/** A desk left alone over lunch asks for the password again: two hours idle. */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
/** One working day, opening to closing, at most. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most once a minute per session. */
const TOUCH_EVERY_MS = 60_000;

// Hashed here rather than with devices.ts's helper: importing devices.ts pulls in leases and
// the mutators (and through them the i18n runtime), which the CLI and the seed, run by tsx
// outside Vite, cannot load.
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Opens a session for a member of staff; returns the cookie's token. */
export async function createStaffSession(
  db: Db,
  staffId: string,
  now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await db
    .insertInto('staff_sessions')
    .values({
      id: sha256(token),
      staff_id: staffId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString()
    })
    .execute();
  return { token, expiresAt };
}

/** The member of staff a session cookie belongs to, or null (absent, unknown, expired). */
export async function authenticateStaffSession(
  db: Db,
  token: string | undefined,
  now = new Date()
): Promise<StaffIdentity | null> {
  if (!token || token.length > 100) return null;
  const id = sha256(token);
  const row = await db
    .selectFrom('staff_sessions')
    .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
    .select([
      'staff_sessions.id as sessionId',
      'staff_sessions.last_seen_at',
      'staff_sessions.expires_at',
      'staff.id',
      'staff.email',
      'staff.name',
      'staff.role',
      'staff.status',
      'staff.must_change_password'
    ])
    .where('staff_sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const t = now.getTime();
  const idle = t - Date.parse(row.last_seen_at) > SESSION_IDLE_MS;
  if (row.status !== 'active' || idle || Date.parse(row.expires_at) <= t) {
    await db.deleteFrom('staff_sessions').where('id', '=', id).execute();
    return null;
  }
  if (t - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
    await db
      .updateTable('staff_sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }
  const parks = await db
    .selectFrom('staff_parks')
    .select('branch_id')
    .where('staff_id', '=', row.id)
    .execute();
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    branchIds: parks.map((p) => p.branch_id),
    sessionId: row.sessionId,
    mustChangePassword: row.must_change_password === 1
  };
}

/** Signs one session out. */
export async function endStaffSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id', '=', sessionId).execute();
}

/** Signs a member of staff out everywhere (every device, every browser). */
export async function endAllStaffSessions(db: Db, staffId: string): Promise<number> {
  const r = await db
    .deleteFrom('staff_sessions')
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
