/**
 * Shared end-to-end fixtures: a kiosk page that has chosen its library park, finished
 * its first sync and has its service worker in control; and a handle on the server's
 * database to change the catalogue behind the kiosk's back.
 */
import { test as base, expect, type Page } from '@playwright/test';
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

interface Fixtures {
  kiosk: Page;
  serverDb: Db;
}

export const test = base.extend<Fixtures>({
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
