/**
 * Wires the pull to the scheduler and the status indicator. Started once by the root
 * layout in the browser.
 */
import { CATALOGUE_TABLES, forgetRoster, getMeta, META, type ParqueDb } from '../db';
import { CredentialRefused } from '../credential';
import { PageSuperseded } from './apply';
import { withSyncLock } from './lock';
import { onMutation } from './notify';
import { pullAll } from './pull';
import { browserSchedulerEnv, PullScheduler } from './scheduler';
import { syncStatus } from './status.svelte';

let scheduler: PullScheduler | undefined;

export function startSync(db: ParqueDb): () => void {
  const env = browserSchedulerEnv();
  const setOnline = () => (syncStatus.online = navigator.onLine);
  setOnline();
  window.addEventListener('online', setOnline);
  window.addEventListener('offline', setOnline);

  scheduler = new PullScheduler(() => withSyncLock(() => syncOnce(db)), env);
  scheduler.start();
  // Every change saved on the device is sent as soon as the network allows.
  onMutation(() => scheduler?.trigger());

  return () => {
    onMutation(undefined);
    scheduler?.stop();
    scheduler = undefined;
    window.removeEventListener('online', setOnline);
    window.removeEventListener('offline', setOnline);
  };
}

/** One push, lease request and pull, holding the sync lock (one tab at a time). */
async function syncOnce(db: ParqueDb): Promise<void> {
  const branchId = await getMeta<string>(db, META.branchId);
  if (!branchId) return;
  syncStatus.syncing = true;
  try {
    if ((await db.outbox.count()) > 0) {
      const { pushAll } = await import('./push');
      await pushAll(db, branchId);
    }
    const kind = await getMeta<string>(db, META.deviceKind);
    if (kind === 'kiosk') {
      const { requestLeases } = await import('./leases');
      await requestLeases(db, branchId);
    }
    syncStatus.received = 0;
    const report =
      kind === 'kiosk' || kind === 'desk'
        ? await (await import('./report')).deviceReport(db)
        : undefined;
    await pullAll(db, branchId, fetch, {
      onProgress: (rows) => (syncStatus.received = rows),
      report
    });
    if (kind === 'kiosk' || kind === 'desk') {
      // A shared device keeps no one's tickets once the server has them (issue 8).
      const [{ forgetSentTickets }, { visit }] = await Promise.all([
        import('../kiosk/tickets'),
        import('../kiosk/visit.svelte')
      ]);
      await forgetSentTickets(db, visit.ids);
    }
    syncStatus.lastError = null;
  } catch (e) {
    if (e instanceof CredentialRefused) {
      // Not a failure to retry: set-up says why the device stopped (revoked, cloned).
      syncStatus.lastError = null;
      return;
    }
    if (e instanceof PageSuperseded) {
      // The park or role changed under the pull, or another tab wrote the page: nothing
      // went wrong, so pull again for what the device is now.
      syncStatus.lastError = null;
      scheduler?.trigger();
      return;
    }
    syncStatus.lastError = e instanceof Error ? e.message : String(e);
    throw e;
  } finally {
    syncStatus.syncing = false;
  }
}

/** Ask for a pull now (e.g. after choosing a library park). */
export function syncNow(): void {
  scheduler?.trigger();
}

/**
 * Makes this device belong to a library park. Another park's workshops and the cursor
 * are dropped in the same transaction, so the next pull starts clean for the new scope.
 * `kind` is the device's role: a personal phone picks any park; a kiosk or desk gets its
 * park and role from its enrolment (see `enrolDevice`), never from a choice on screen.
 */
export async function chooseBranch(
  db: ParqueDb,
  branchId: string,
  kind: 'kiosk' | 'desk' | 'personal' = 'personal'
): Promise<void> {
  const previous = await getMeta<string>(db, META.branchId);
  const wasKiosk = (await getMeta<string>(db, META.deviceKind)) === 'kiosk';
  if (wasKiosk && previous && (previous !== branchId || kind !== 'kiosk')) {
    const { releaseKioskSeats } = await import('./leases');
    await releaseKioskSeats(db, previous);
  }
  await db.transaction(
    'rw',
    [...CATALOGUE_TABLES.map((t) => db[t]), db.meta, db.roster],
    async () => {
      const current = await getMeta<string>(db, META.branchId);
      const currentKind = await getMeta<string>(db, META.deviceKind);
      // A new park, or a new role (a kiosk adds the park's roster), starts a fresh pull.
      if (current !== branchId || currentKind !== kind) {
        await db.workshops.clear();
        await db.sessions.clear();
        await forgetRoster(db);
        await db.meta.delete(META.cursor);
        // Pages wait for the new park's first full download instead of drawing it piecemeal.
        await db.meta.delete(META.lastSyncAt);
      }
      await db.meta.put({ key: META.branchId, value: branchId });
      await db.meta.put({ key: META.deviceKind, value: kind });
    }
  );
  syncNow();
}

/**
 * Sets this device up as a park's kiosk or desk with a librarian's one-time code: the
 * server binds the new credential to the park and role, and the device follows it.
 */
export async function enrolDevice(db: ParqueDb, code: string): Promise<void> {
  const { enrol } = await import('../credential');
  const credential = await enrol(db, code);
  if (!credential.branchId || credential.kind === 'phone') return;
  await chooseBranch(db, credential.branchId, credential.kind);
}
