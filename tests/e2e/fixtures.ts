/**
 * Shared end-to-end fixtures: a kiosk page that has chosen its library park, finished
 * its first sync and has its service worker in control; and a handle on the server's
 * database to change the catalogue behind the kiosk's back.
 */
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Page
} from '@playwright/test';
import { shiftedNow } from '../../scripts/e2e-clock.js';
import { localDateKey } from '../../src/lib/domain/schedule';
import { saveSessions } from '../../src/lib/server/catalogue';
import { openDb, writeTransaction, type Db } from '../../src/lib/server/db/index';

export const BRANCH_ID = 'br-espana';
export const BRANCH_NAME = 'Parque Biblioteca España';

export async function chooseBranch(page: Page, name = BRANCH_NAME): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
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
 * A second device in its own browser context (a kiosk or a visitor's phone) that has
 * chosen the park, finished its first sync and has its service worker in control.
 */
export async function openDevice(browser: Browser, opts: { kiosk?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'es-CO', timezoneId: 'America/Bogota' });
  await shiftClock(context);
  const page = await context.newPage();
  await page.goto('/');
  if (opts.kiosk) await page.getByLabel(/quiosco compartido/).check();
  await page.getByRole('button', { name: new RegExp(BRANCH_NAME) }).click();
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
}

export const test = base.extend<Fixtures>({
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
