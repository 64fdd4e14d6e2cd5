/**
 * Seat leases on the server (DESIGN §5). Every change keeps, per session,
 * seats_taken + leased ≤ capacity, with leased = Σ (seats − used) over active leases.
 */
import { sql } from 'kysely';
import { addDays, localDateKey, startOfLocalDay } from '../domain/schedule';
import { seatsToGrant, type Lease, type LeasePolicy } from '../domain/lease';
import type { Selectable } from 'kysely';
import type { LeaseTable } from './db/schema';
import { writeTransaction, type Db, type Tx } from './db/index';
import { promoteWaitlist } from './mutators/registration';

export const toLease = (r: Selectable<LeaseTable>): Lease => ({
  id: r.id,
  sessionId: r.session_id,
  seats: r.seats,
  used: r.used,
  // Returned and expired leases are equally spent for the device.
  status: r.status === 'active' ? 'active' : 'expired',
  expiresAt: r.expires_at,
  renewBy: r.renew_by,
  version: Number(r.version)
});

const HOUR_MS = 3_600_000;

/** A renewal at `now` holds the lease until this instant. */
const renewedUntil = (now: Date, policy: LeasePolicy) =>
  new Date(now.getTime() + policy.ttlHours * HOUR_MS).toISOString();

/**
 * Leases due less than half a TTL from `now` are renewed; the others are left alone, so a
 * kiosk pulling every few minutes writes (and re-sends its lease rows) about twice a TTL.
 */
const renewalDue = (now: Date, policy: LeasePolicy) =>
  new Date(now.getTime() + (policy.ttlHours * HOUR_MS) / 2).toISOString();

/** Moves seats between a session's pool and its leases (negative: back to the pool). */
export async function changeLeased(
  trx: Tx,
  version: number,
  sessionId: string,
  delta: number
): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ leased: sql`leased + ${delta}`, version })
    .where('id', '=', sessionId)
    .execute();
}

/**
 * Leases of sessions that have started expire: their unused seats go back to the pool.
 * (After the start nobody registers or is promoted, so those seats stay free for a kiosk
 * whose offline confirmation, made before the start, arrives late.)
 */
export async function expireStartedLeases(
  trx: Tx,
  version: number,
  now: Date,
  sessionId?: string
): Promise<void> {
  let q = trx
    .selectFrom('leases')
    .select(['id', 'session_id', 'seats', 'used'])
    .where('status', '=', 'active')
    .where('expires_at', '<=', now.toISOString());
  if (sessionId) q = q.where('session_id', '=', sessionId);
  for (const lease of await q.execute()) {
    await trx
      .updateTable('leases')
      .set({ status: 'expired', version })
      .where('id', '=', lease.id)
      .execute();
    await changeLeased(trx, version, lease.session_id, -(lease.seats - lease.used));
  }
}

/** Tops up a kiosk's leases on its park's upcoming sessions; returns seats granted. */
export async function grantLeases(
  db: Db,
  req: { clientId: string; branchId: string; now: Date; policy: LeasePolicy }
): Promise<number> {
  return writeTransaction(db, async (trx, version) => {
    await trx
      .insertInto('clients')
      .values({
        client_id: req.clientId,
        branch_id: req.branchId,
        last_mutation_id: 0,
        pending_count: 0,
        last_push_at: null,
        last_pull_at: null,
        kind: 'kiosk'
      })
      .onConflict((oc) =>
        oc.column('client_id').doUpdateSet({ kind: 'kiosk', branch_id: req.branchId })
      )
      .execute();
    await expireStartedLeases(trx, version, req.now);
    // Asking is a sign of life: this kiosk's own leases are renewed before the park's silent
    // ones (possibly its own, had it not asked) go back.
    await renewLeasesIn(trx, version, req.clientId, req.now, req.policy);
    await expireSilentLeasesIn(trx, version, req.now, { branchId: req.branchId });
    const branch = await trx
      .selectFrom('branches')
      .select('time_zone')
      .where('id', '=', req.branchId)
      .executeTakeFirst();
    if (!branch) return 0;
    const until = startOfLocalDay(
      addDays(localDateKey(req.now, branch.time_zone), req.policy.horizonDays),
      branch.time_zone
    );
    const sessions = await trx
      .selectFrom('sessions')
      .select(['id', 'capacity', 'seats_taken', 'leased', 'starts_at'])
      .where('branch_id', '=', req.branchId)
      .where('status', '=', 'scheduled')
      .where('starts_at', '>', req.now.toISOString())
      .where('starts_at', '<', until)
      .execute();
    // This kiosk's active leases and the waitlists at the park, read once for all sessions.
    const heldBySession = new Map<string, { id: string; seats: number; used: number }>();
    for (const l of await trx
      .selectFrom('leases')
      .select(['id', 'session_id', 'seats', 'used'])
      .where('client_id', '=', req.clientId)
      .where('branch_id', '=', req.branchId)
      .where('status', '=', 'active')
      .execute()) {
      if (!heldBySession.has(l.session_id)) heldBySession.set(l.session_id, l);
    }
    const waitingBySession = new Map<string, number>();
    for (const w of await trx
      .selectFrom('registrations')
      .select(['session_id', sql<number>`count(*)`.as('n')])
      .where('branch_id', '=', req.branchId)
      .where('status', '=', 'waitlisted')
      .groupBy('session_id')
      .execute()) {
      waitingBySession.set(w.session_id, Number(w.n));
    }
    let granted = 0;
    for (const s of sessions) {
      const held = heldBySession.get(s.id);
      const give = seatsToGrant(
        { capacity: s.capacity, seatsTaken: s.seats_taken, leased: s.leased },
        held ? held.seats - held.used : 0,
        waitingBySession.get(s.id) ?? 0,
        req.policy
      );
      const excess = held ? held.seats - held.used - req.policy.seatsPerKiosk : 0;
      if (held && excess > 0) {
        // The policy shrank: hand the surplus back (never below what is unused and owed).
        await trx
          .updateTable('leases')
          .set({ seats: held.seats - excess, version })
          .where('id', '=', held.id)
          .execute();
        await changeLeased(trx, version, s.id, -excess);
        continue;
      }
      if (give <= 0) continue;
      if (held) {
        await trx
          .updateTable('leases')
          .set({ seats: held.seats + give, renew_by: renewedUntil(req.now, req.policy), version })
          .where('id', '=', held.id)
          .execute();
      } else {
        await trx
          .insertInto('leases')
          .values({
            id: crypto.randomUUID(),
            session_id: s.id,
            client_id: req.clientId,
            branch_id: req.branchId,
            seats: give,
            used: 0,
            status: 'active',
            expires_at: s.starts_at,
            renew_by: renewedUntil(req.now, req.policy),
            version
          })
          .execute();
      }
      await changeLeased(trx, version, s.id, give);
      granted += give;
    }
    return granted;
  });
}

/**
 * A kiosk gives back its unused seats (leaving kiosk mode, or moving to another park). It
 * asks only after its outbox is pushed, so no offline spend of these seats is in flight.
 */
export async function releaseLeases(db: Db, clientId: string, now = new Date()): Promise<number> {
  return writeTransaction(db, (trx, version) => releaseLeasesIn(trx, version, clientId, now));
}

/**
 * Returns a device's unused leased seats to the pool inside an open write transaction, and
 * gives them to each session's waitlist first (a revoked kiosk's seats, a kiosk leaving).
 */
export async function releaseLeasesIn(
  trx: Tx,
  version: number,
  clientId: string,
  now: Date
): Promise<number> {
  const leases = await trx
    .selectFrom('leases')
    .select(['id', 'session_id', 'seats', 'used'])
    .where('client_id', '=', clientId)
    .where('status', '=', 'active')
    .execute();
  return giveBack(trx, version, now, leases, 'returned');
}

/**
 * Ends active leases and hands their unused seats (seats − used) to the pool, then to each
 * touched session's waitlist. A lease already ended by another transaction is skipped (the
 * update names status = 'active'), so its seats are never returned twice.
 *
 * `returned`: the device gave them back after pushing its outbox (or was revoked), so
 * nothing more may be spent on it: seats shrink to used. `expired`: the device may still
 * hold spends made offline before renewBy; the lease keeps its seats, so such a spend is
 * still confirmed when it arrives, from the pool, if a seat is left there.
 */
async function giveBack(
  trx: Tx,
  version: number,
  now: Date,
  leases: { id: string; session_id: string; seats: number; used: number }[],
  status: 'returned' | 'expired'
): Promise<number> {
  let returned = 0;
  const freed = new Set<string>();
  for (const lease of leases) {
    const unused = lease.seats - lease.used;
    const result = await trx
      .updateTable('leases')
      .set(status === 'returned' ? { status, seats: lease.used, version } : { status, version })
      .where('id', '=', lease.id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) continue;
    await changeLeased(trx, version, lease.session_id, -unused);
    if (unused > 0) freed.add(lease.session_id);
    returned += unused;
  }
  for (const sessionId of freed) await promoteWaitlist({ trx, version, now }, sessionId);
  return returned;
}

/**
 * Renews a kiosk's active leases at one of its pulls: renewBy moves to now + TTL. Most
 * pulls only read; a write (one version, so the rows go out again with the new renewBy:
 * the pull route renews before it reads) happens when a lease is due within half a TTL. Returns the leases renewed.
 * A lease already past renewBy but not yet taken back is renewed too: its seats were never
 * anybody else's.
 */
export async function renewLeases(
  db: Db,
  clientId: string,
  now: Date,
  policy: LeasePolicy
): Promise<number> {
  const due = await db
    .selectFrom('leases')
    .select('id')
    .where('client_id', '=', clientId)
    .where('status', '=', 'active')
    .where('renew_by', '<', renewalDue(now, policy))
    .limit(1)
    .executeTakeFirst();
  if (!due) return 0;
  return writeTransaction(db, (trx, version) => renewLeasesIn(trx, version, clientId, now, policy));
}

async function renewLeasesIn(
  trx: Tx,
  version: number,
  clientId: string,
  now: Date,
  policy: LeasePolicy
): Promise<number> {
  const result = await trx
    .updateTable('leases')
    .set({ renew_by: renewedUntil(now, policy), version })
    .where('client_id', '=', clientId)
    .where('status', '=', 'active')
    .where('renew_by', '<', renewalDue(now, policy))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Takes back the unused seats of every lease its kiosk has not renewed in time (renew_by <
 * now): the kiosk is unplugged, stolen or gone, and the waitlist gets the seats. Reads
 * first and writes (in one transaction) only when a lease is due, so it is cheap to call
 * often. Idempotent, and safe when several app instances run it at once: writers are
 * serialised and a lease already ended is skipped. Returns the seats returned.
 */
export async function expireSilentLeases(
  db: Db,
  now: Date,
  scope: { branchId?: string; sessionId?: string } = {}
): Promise<number> {
  let q = db
    .selectFrom('leases')
    .select('id')
    .where('status', '=', 'active')
    .where('renew_by', '<', now.toISOString());
  if (scope.branchId) q = q.where('branch_id', '=', scope.branchId);
  if (scope.sessionId) q = q.where('session_id', '=', scope.sessionId);
  if (!(await q.limit(1).executeTakeFirst())) return 0;
  return writeTransaction(db, (trx, version) => expireSilentLeasesIn(trx, version, now, scope));
}

/**
 * expireSilentLeases inside an open write transaction (a mutation's, or a grant's), for a
 * park or one session. registerAttendee may call it beside expireStartedLeases, with
 * `exceptClientId` the pushing device: a kiosk back after renewBy but before the sweep
 * pushes its offline spends before it pulls, and must not lose its own lease to them.
 */
export async function expireSilentLeasesIn(
  trx: Tx,
  version: number,
  now: Date,
  scope: { branchId?: string; sessionId?: string; exceptClientId?: string } = {}
): Promise<number> {
  let q = trx
    .selectFrom('leases')
    .select(['id', 'session_id', 'seats', 'used'])
    .where('status', '=', 'active')
    .where('renew_by', '<', now.toISOString());
  if (scope.branchId) q = q.where('branch_id', '=', scope.branchId);
  if (scope.sessionId) q = q.where('session_id', '=', scope.sessionId);
  if (scope.exceptClientId) q = q.where('client_id', '!=', scope.exceptClientId);
  return giveBack(trx, version, now, await q.execute(), 'expired');
}

/** How often the server looks for silent leases: a few minutes against a TTL of hours. */
export const SWEEP_INTERVAL_MS = 5 * 60_000;

/**
 * Runs expireSilentLeases now and every `everyMs`, on a timer that does not keep the
 * process alive. Returns a stop function. A failed sweep (the database down) is logged and
 * tried again at the next tick.
 */
export function startLeaseSweeper(
  getDb: () => Promise<Db>,
  everyMs = SWEEP_INTERVAL_MS,
  now: () => Date = () => new Date()
): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      await expireSilentLeases(await getDb(), now());
    } catch (e) {
      console.error('lease sweep failed:', e instanceof Error ? e.message : String(e));
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
