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
  version: Number(r.version)
});

/**
 * Leases of sessions that have started expire: their unused seats go back to the pool.
 * (After the start nobody registers or is promoted, so those seats stay free for a kiosk
 * whose offline confirmation, made before the start, arrives late.)
 */
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
          .set({ seats: held.seats + give, version })
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
  let returned = 0;
  for (const lease of leases) {
    const unused = lease.seats - lease.used;
    await trx
      .updateTable('leases')
      .set({ status: 'returned', seats: lease.used, version })
      .where('id', '=', lease.id)
      .execute();
    await changeLeased(trx, version, lease.session_id, -unused);
    if (unused > 0) await promoteWaitlist({ trx, version, now }, lease.session_id);
    returned += unused;
  }
  return returned;
}
