/**
 * Shared end-to-end fixtures: a kiosk page that has chosen its library park, finished
 * its first sync and has its service worker in control; and a handle on the server's
 * database to change the catalogue behind the kiosk's back.
 */
import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page
} from '@playwright/test';
import { shiftedNow } from '../../scripts/e2e-clock.js';
import { localDateKey } from '../../src/lib/domain/schedule';
import { createEnrolment } from '../../src/lib/server/auth/devices';
import { createStaffSession, SESSION_COOKIE } from '../../src/lib/server/auth/sessions';
import { saveSessions } from '../../src/lib/server/catalogue';
import { openDb, writeTransaction, type Db } from '../../src/lib/server/db/index';
import { sql } from 'kysely';

export const BRANCH_ID = 'br-espana';
export const BRANCH_NAME = 'Parque Biblioteca España';

export async function chooseBranch(page: Page, name = BRANCH_NAME): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

/** How many rows a store of the page's IndexedDB ('parque') holds, read in the page. */
export function idbCount(page: Page, store: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('parque');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name).objectStore(name).count();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        };
      }),
    store
  );
}

/** A phone's credential, as a phone gets on first contact: headers for API requests. */
export async function phoneHeaders(request: APIRequestContext): Promise<Record<string, string>> {
  const res = await request.post('/api/devices', { data: {} });
  expect(res.status()).toBe(201);
  const { deviceId, secret } = (await res.json()) as { deviceId: string; secret: string };
  return { authorization: `Device ${deviceId}.${secret}` };
}

/**
 * A signed-in member of staff, made directly in the database (the sign-in form has its own
 * tests): returns the session cookie header for API requests.
 */
export async function staffCookie(
  role: 'admin' | 'librarian' | 'facilitator' = 'librarian',
  parks: string[] = [BRANCH_ID]
): Promise<Record<string, string>> {
  const db = openDb({ sqlitePath: process.env.PARQUE_DB_PATH ?? 'data/e2e.db' });
  try {
    const id = `e2e-${role}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const now = new Date().toISOString();
    await db
      .insertInto('staff')
      .values({
        id,
        email: `${id}@parque.test`,
        name: id,
        // Never used: these tests start from a session, not a password.
        password_hash: '$argon2id$v=19$m=19456,t=2,p=1$unused$unused',
        role,
        status: 'active',
        locked_until: null,
        created_at: now,
        updated_at: now
      })
      .execute();
    for (const branchId of parks) {
      await db.insertInto('staff_parks').values({ staff_id: id, branch_id: branchId }).execute();
    }
    const { token } = await createStaffSession(db, id);
    return { cookie: `${SESSION_COOKIE}=${token}` };
  } finally {
    await db.destroy();
  }
}

/** A one-time enrolment code for the test park, as a librarian makes on the console. */
export async function enrolmentCode(
  kind: 'kiosk' | 'desk' = 'kiosk',
  branchId = BRANCH_ID
): Promise<string> {
  const db = openDb({ sqlitePath: process.env.PARQUE_DB_PATH ?? 'data/e2e.db' });
  try {
    return (await createEnrolment(db, { branchId, kind, staffId: 'e2e-librarian' })).code;
  } finally {
    await db.destroy();
  }
}

/**
 * Sets the page's device up as a kiosk of the test park: the librarian's QR opens
 * `/setup?enrol=CODE`, which enrols at once and lands on the park's home.
 */
export async function enrolAsKiosk(page: Page, kind: 'kiosk' | 'desk' = 'kiosk'): Promise<void> {
  await page.goto(`/setup?enrol=${await enrolmentCode(kind)}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(BRANCH_NAME);
}

/** Resolves once a service worker controls the page (its precache is then complete). */
export async function serviceWorkerReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), {
          once: true
        })
      );
    }
  });
}

export async function syncDone(page: Page): Promise<void> {
  await expect(page.getByTestId('last-sync')).not.toHaveText(/sin sincronizar|not synced/i);
}

/**
 * With PARQUE_E2E_NOW set (a run at another time of day), a browser context's pages run on
 * the same shifted clock as the server: Playwright's clock, installed at that time, flowing.
 * Tests that drive the clock themselves call `page.clock.runFor` on it.
 */
export async function shiftClock(context: BrowserContext): Promise<void> {
  const now = shiftedNow();
  if (now !== undefined) await context.clock.install({ time: now });
}

/** A fake clock the test can drive: the shifted one when the run has one, else installed now. */
export async function installClock(page: Page): Promise<void> {
  if (shiftedNow() === undefined) await page.clock.install();
}

/**
 * Contexts opened by openDevice in the running test. They are closed when it ends: the
 * browser outlives the test, and a kiosk left open keeps syncing and asking for seat
 * leases in the background, taking seats from the next test's sessions.
 */
const opened: BrowserContext[] = [];

/**
 * A second device in its own browser context (a kiosk or a visitor's phone) that has
 * chosen the park, finished its first sync and has its service worker in control.
 */
export async function openDevice(browser: Browser, opts: { kiosk?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'es-CO', timezoneId: 'America/Bogota' });
  opened.push(context);
  await shiftClock(context);
  const page = await context.newPage();
  if (opts.kiosk) await enrolAsKiosk(page);
  else {
    await page.goto('/');
    await page.getByRole('button', { name: new RegExp(BRANCH_NAME) }).click();
  }
  await syncDone(page);
  await serviceWorkerReady(page);
  return page;
}

/** Adds a session of a demo workshop at the test park, once (seats taken stay as they are). */
export async function addSession(
  serverDb: Db,
  id: string,
  { startsAt, capacity }: { startsAt: number; capacity: number }
): Promise<void> {
  const exists = await serverDb
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (exists) return;
  await writeTransaction(serverDb, (trx, v) =>
    saveSessions(trx, v, [
      {
        id,
        workshopId: 'ws-espana-correo',
        branchId: BRANCH_ID,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 7_200_000).toISOString(),
        room: 'Sala de cómputo',
        capacity,
        seatsTaken: 0,
        status: 'scheduled'
      }
    ])
  );
}

/**
 * A ticket written as the server keeps it, for sessions already started (when registering
 * is closed): confirmed or waitlisted, checked in or not. Keeps seats_taken right.
 */
export async function seedTicket(
  serverDb: Db,
  sessionId: string,
  t: {
    name: string;
    code: string;
    status: 'confirmed' | 'waitlisted';
    position?: number;
    stamp: string;
    checkedIn?: string;
  }
): Promise<void> {
  const now = new Date().toISOString();
  await writeTransaction(serverDb, async (trx, v) => {
    await trx
      .insertInto('registrations')
      .values({
        id: crypto.randomUUID(),
        session_id: sessionId,
        workshop_id: 'ws-espana-correo',
        branch_id: BRANCH_ID,
        client_id: 'e2e',
        code: t.code,
        name: t.name,
        person_key: `${t.name.toLowerCase()}|`,
        contact: null,
        age_band: null,
        comuna: null,
        consent_version: '2026-11-v1',
        consent_at: now,
        status: t.status,
        position: t.position ?? null,
        reason: null,
        stamp: t.stamp,
        checked_in_stamp: t.checkedIn ?? null,
        created_at: now,
        consent_hash: null,
        received_at: now,
        version: v
      })
      .execute();
    if (t.status === 'confirmed') {
      await trx
        .updateTable('sessions')
        .set({ seats_taken: sql`seats_taken + 1`, version: v })
        .where('id', '=', sessionId)
        .execute();
    }
  });
}

/** Registers a person for a session through the form; returns the ticket code shown. */
export async function registerFor(page: Page, sessionId: string, name: string): Promise<string> {
  await page.goto(`/register/${sessionId}`);
  await page.getByLabel('Nombre o apodo').fill(name);
  await page.getByLabel('Acepto el aviso de privacidad').check();
  await page.getByRole('button', { name: 'Inscribirme' }).click();
  await expect(page.getByTestId('ticket-code')).toBeVisible();
  return ((await page.getByTestId('ticket-code').textContent()) ?? '').replace('-', '');
}

/** Later today in Bogotá, so registering is still open and check-in is due. */
export function laterToday(): number {
  const now = Date.now();
  const start = now + 20 * 60_000;
  const zone = 'America/Bogota';
  return localDateKey(new Date(start), zone) === localDateKey(new Date(now), zone)
    ? start
    : now + 2 * 60_000;
}

interface Fixtures {
  kiosk: Page;
  serverDb: Db;
  closeDevices: void;
}

export const test = base.extend<Fixtures>({
  closeDevices: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use();
      for (const context of opened.splice(0)) await context.close();
    },
    { auto: true }
  ],
  context: async ({ context }, use) => {
    await shiftClock(context);
    await use(context);
  },
  kiosk: async ({ page }, use) => {
    await chooseBranch(page);
    await syncDone(page);
    await serviceWorkerReady(page);
    await use(page);
  },
  // eslint-disable-next-line no-empty-pattern
  serverDb: async ({}, use) => {
    const db = openDb({ sqlitePath: process.env.PARQUE_DB_PATH ?? 'data/e2e.db' });
    await use(db);
    await db.destroy();
  }
});

export { expect, writeTransaction };
