/**
 * The device's half of every mutator: the optimistic change, written inside the
 * transaction `mutate` opens (and again when pending entries are replayed after a pull).
 * The server decides; these only say what the device can honestly show meanwhile.
 */
import { spendable } from '../domain/lease';
import { mergeCheckIn } from '../domain/registration';
import { progressId, scoreAttempt } from '../domain/course';
import type { Session, Workshop } from '../domain/catalogue';
import type { MutatorArgs, MutatorName } from '../domain/mutation';
import { shifted } from '../domain/session-edit';
import { getMeta, META, type ParqueDb } from './db';

type ClientMutator<N extends MutatorName> = (
  db: ParqueDb,
  args: MutatorArgs<N>,
  stamp: string
) => Promise<void>;

export const clientMutators: { [N in MutatorName]: ClientMutator<N> } = {
  async registerAttendee(db, a, stamp) {
    // A replay after the server answered keeps the server's row.
    if (await db.registrations.get(a.registrationId)) return;
    const session = await db.sessions.get(a.sessionId);
    await db.registrations.put({
      id: a.registrationId,
      sessionId: a.sessionId,
      workshopId: session?.workshopId ?? '',
      branchId: session?.branchId ?? '',
      code: a.code,
      name: a.name,
      // With a leased seat the device keeps the promise itself; without one the server
      // decides, and the visitor is told so (DESIGN §5).
      status: a.leaseId ? 'confirmed' : 'pending',
      position: null,
      reason: null,
      stamp,
      checkedIn: null,
      version: 0
    });
  },

  async cancelRegistration(db, a) {
    const reg = await db.registrations.get(a.registrationId);
    if (!reg || reg.code !== a.code || reg.status === 'rejected') return;
    await db.registrations.put({ ...reg, status: 'cancelled', position: null });
    await cancelInRoster(db, a.code, reg.sessionId);
  },

  async cancelByCode(db, a) {
    await cancelInRoster(db, a.code, a.sessionId);
    const own = await db.registrations.where('code').equals(a.code).toArray();
    for (const r of own) {
      if (a.sessionId && r.sessionId !== a.sessionId) continue;
      if (r.status !== 'confirmed' && r.status !== 'waitlisted' && r.status !== 'pending') continue;
      await db.registrations.put({ ...r, status: 'cancelled', position: null });
    }
  },

  // The profile itself is written by the caller, in the same transaction (learner.ts).
  async createLearner() {},

  // The series and its sessions are written by the server; the next pull brings them.
  async createSeries() {},

  async completeLesson(db, a, stamp) {
    const id = progressId(a.learnerId, a.courseId, a.lessonId);
    const row = await db.progress.get(id);
    if (row && row.stamp <= stamp) return;
    await db.progress.put({ id, ...a, stamp });
  },

  async submitQuizAttempt(db, a, stamp) {
    if (await db.attempts.get(a.attemptId)) return;
    const manifest = await db.manifests.get(a.courseId);
    await db.attempts.put({
      id: a.attemptId,
      learnerId: a.learnerId,
      courseId: a.courseId,
      courseVersion: a.courseVersion,
      answers: a.answers,
      ...scoreAttempt(manifest, a.courseVersion, a.answers),
      stamp
    });
  },

  async changeCapacity(db, a) {
    await editSessions(db, a.sessionId, a.scope, (s) =>
      s.status === 'cancelled' || a.capacity < s.seatsTaken
        ? undefined
        : { ...s, capacity: a.capacity }
    );
  },

  async moveSession(db, a) {
    const first = await db.sessions.get(a.sessionId);
    if (!first || first.status === 'cancelled') return;
    await editSessions(db, a.sessionId, a.scope, (s) => ({ ...s, ...shifted(first, a, s) }));
  },

  async cancelSession(db, a) {
    await editSessions(db, a.sessionId, a.scope, (s) =>
      s.status === 'cancelled' ? undefined : { ...s, status: 'cancelled', cancelReason: a.reason }
    );
  },

  async checkIn(db, a, stamp) {
    // The kiosk's roster (every ticket at the park) and the device's own tickets.
    const inRoster = await db.roster.where('code').equals(a.code).toArray();
    for (const r of inRoster) {
      if (a.sessionId && r.sessionId !== a.sessionId) continue;
      if (r.status !== 'confirmed') continue;
      await db.roster.put({ ...r, checkedIn: mergeCheckIn(r.checkedIn, stamp) });
    }
    const own = await db.registrations.where('code').equals(a.code).toArray();
    for (const r of own) {
      if (r.status !== 'confirmed') continue;
      await db.registrations.put({ ...r, checkedIn: mergeCheckIn(r.checkedIn, stamp) });
    }
  },

  // A desk's own workshop edits show on its catalogue at once; the server merges them
  // field by field (it alone holds the stamps) and its row comes back with the next pull.
  async saveWorkshop(db, a) {
    const fields = Object.fromEntries(
      Object.entries(a.fields).filter(([, x]) => x !== undefined)
    ) as Partial<Workshop>;
    const row = await db.workshops.get(a.workshopId);
    if (row) {
      await db.workshops.put({ ...row, ...fields });
      return;
    }
    const branchId = await getMeta<string>(db, META.branchId);
    if (!branchId || !a.fields.title || !a.fields.categoryId) return;
    await db.workshops.put({
      id: a.workshopId,
      branchId,
      categoryId: a.fields.categoryId,
      audienceIds: [],
      title: a.fields.title,
      summary: '',
      description: '',
      facilitator: '',
      status: 'active',
      version: 0,
      ...fields
    });
  },

  async archiveWorkshop(db, a) {
    const row = await db.workshops.get(a.workshopId);
    if (row) await db.workshops.put({ ...row, status: a.archived ? 'archived' : 'active' });
  },

  // Counted on the desk at once; the session row the server sends back has the true count
  // (pending walk-ins are added again on top of it when entries are replayed).
  // The desk shows the release at once: its roster's not-arrived tickets are let go (the
  // server decides who from the waitlist gets their seats; its roster comes next).
  async releaseNoShows(db, a) {
    for (const r of await db.roster.where('sessionId').equals(a.sessionId).toArray()) {
      if (r.status === 'confirmed' && !r.checkedIn)
        await db.roster.put({ ...r, status: 'cancelled' });
    }
  },

  async addWalkIn(db, a) {
    const s = await db.sessions.get(a.sessionId);
    if (s && s.status !== 'cancelled')
      await db.sessions.put({ ...s, walkIns: (s.walkIns ?? 0) + 1 });
  }
};

/**
 * A desk's session edits, shown on the device until the server's rows arrive: the seat
 * rules are the server's (a capacity below the confirmed seats is refused there, and the
 * pull puts the old value back).
 */
async function editSessions(
  db: ParqueDb,
  sessionId: string,
  scope: 'this' | 'following',
  edit: (s: Session) => Session | undefined
) {
  const first = await db.sessions.get(sessionId);
  if (!first) return;
  const all =
    scope === 'following' && first.seriesId
      ? (await db.sessions.where('workshopId').equals(first.workshopId).toArray()).filter(
          (s) =>
            s.seriesId === first.seriesId &&
            s.startsAt >= first.startsAt &&
            (s.id === first.id || s.status !== 'cancelled')
        )
      : [first];
  for (const s of all) {
    const next = edit(s);
    if (next) await db.sessions.put(next);
  }
}

/** The roster copy shows a cancellation at once; the next snapshot brings the server's. */
async function cancelInRoster(db: ParqueDb, code: string, sessionId: string | undefined) {
  for (const r of await db.roster.where('code').equals(code).toArray()) {
    if (sessionId && r.sessionId !== sessionId) continue;
    if (r.status === 'confirmed' || r.status === 'waitlisted') {
      await db.roster.put({ ...r, status: 'cancelled' });
    }
  }
}

/** Re-applies entries the server has not confirmed, on top of the rows it sent. */
export async function replayPending(db: ParqueDb, afterId: number): Promise<void> {
  const pending = await db.outbox.where('id').above(afterId).sortBy('id');
  for (const m of pending) {
    const run = clientMutators[m.name as MutatorName] as
      ((d: ParqueDb, a: unknown, s: string) => Promise<void>) | undefined;
    if (run) await run(db, m.args, m.at);
  }
}

/**
 * Last touches to a mutation's arguments inside its transaction, before they are queued:
 * a registration takes a leased seat when this kiosk has one to spend.
 */
export const prepareArgs: {
  [N in MutatorName]?: (db: ParqueDb, args: MutatorArgs<N>, now: Date) => Promise<MutatorArgs<N>>;
} = {
  async registerAttendee(db, a, now) {
    if (a.leaseId) return a;
    const leaseId = await leaseToSpend(db, a.sessionId, now);
    return leaseId ? { ...a, leaseId } : a;
  }
};

/** A lease of this kiosk's on the session with a seat it may still promise, if any. */
export async function leaseToSpend(
  db: ParqueDb,
  sessionId: string,
  now: Date
): Promise<string | undefined> {
  const leases = await db.leases.where('sessionId').equals(sessionId).toArray();
  if (leases.length === 0) return undefined;
  const pending = await db.outbox.toArray();
  for (const lease of leases) {
    const spends = pending.filter(
      (m) => m.name === 'registerAttendee' && (m.args as { leaseId?: string }).leaseId === lease.id
    ).length;
    if (spendable(lease, spends, now) > 0) return lease.id;
  }
  return undefined;
}
