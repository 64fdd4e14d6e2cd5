/**
 * A shared kiosk keeps no one's tickets (issue 8): once the server has a registration it
 * leaves the kiosk's IndexedDB (the visitor took the code or the QR home), unless it
 * belongs to the visit still at the screen. Registrations still in the outbox stay: they
 * are not on the server yet.
 */
import type { ParqueDb } from '../db';

export async function forgetSentTickets(db: ParqueDb, keep: readonly string[]): Promise<number> {
  return db.transaction('rw', [db.registrations, db.outbox], async () => {
    const unsent = new Set<string>(keep);
    for (const m of await db.outbox.toArray()) {
      const id = (m.args as { registrationId?: string } | null)?.registrationId;
      if (m.name === 'registerAttendee' && id) unsent.add(id);
    }
    return db.registrations.filter((r) => !unsent.has(r.id)).delete();
  });
}
