/**
 * The kiosk's idle reset (DESIGN §7): after 90 s without input a 30 s countdown offers to
 * keep going; then the kiosk returns home with the visitor's screens, search and guest
 * progress cleared, and the outbox untouched.
 *
 * The page's clock is Playwright's fake clock, and it drives everything timed in the page,
 * the 60 s sync scheduler included: time moves in steps and each sync the clock starts is
 * let finish (its writes to IndexedDB land) before the next step, as on a real online kiosk.
 * A kiosk that re-armed its idle timer on a sync write (the bug this guards) never warns.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  addSession,
  enrolAsKiosk,
  expect,
  installClock,
  laterToday,
  registerFor,
  syncDone,
  test
} from './fixtures';

/** Counts the page's sync requests, and those still in flight. */
function watchSync(page: Page) {
  const state = { started: 0, inFlight: 0 };
  const isSync = (url: string) => new URL(url).pathname.startsWith('/api/sync/');
  page.on('request', (r) => {
    if (!isSync(r.url())) return;
    state.started++;
    state.inFlight++;
  });
  const done = (r: { url(): string }) => {
    if (isSync(r.url())) state.inFlight--;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return state;
}

/** Leaves the kiosk alone for `ms` of page time, letting every sync started on the way finish. */
async function idleFor(page: Page, sync: { inFlight: number }, ms: number): Promise<void> {
  const STEP = 5_000;
  for (let done = 0; done < ms; done += STEP) {
    await page.clock.runFor(Math.min(STEP, ms - done));
    await expect.poll(() => sync.inFlight).toBe(0);
    // The pull's page is written to IndexedDB after its response: wait for the status bar
    // to leave "syncing" so the write (and whatever it re-renders) has happened.
    await expect(page.getByTestId('sync-status')).not.toContainText(/Actualizando|Updating/);
  }
}

async function becomeKiosk(page: Page): Promise<void> {
  await installClock(page);
  await enrolAsKiosk(page);
  await syncDone(page);
}

test('an online kiosk that keeps syncing warns at 90 s and starts over at 120 s', async ({
  page
}) => {
  const sync = watchSync(page);
  await becomeKiosk(page);

  // A visitor reads a lesson as a guest, then searches the catalogue.
  await page.goto('/learn/celular-basico/botones-y-pantalla');
  await page.getByTestId('next-lesson').click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Llamadas y contactos');
  await page.goto('/workshops');
  // The idle watch is there (its dialog closed) before the visitor types.
  await expect(page.locator('dialog')).toHaveCount(1);
  await syncDone(page);
  await page.getByLabel('Buscar talleres').fill('correo');
  const syncsBefore = sync.started;

  // 85 s alone: no warning yet, and the kiosk synced in the meantime (the 60 s scheduler).
  await idleFor(page, sync, 85_000);
  expect(sync.started).toBeGreaterThan(syncsBefore);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // At 90 s the countdown shows, syncs or not.
  await idleFor(page, sync, 10_000);
  await expect(page.getByRole('dialog', { name: '¿Sigues ahí?' })).toBeVisible();
  await expect(page.getByLabel('Buscar talleres')).toHaveValue('correo');

  // At 120 s the kiosk is back home with the visitor's search and guest progress gone.
  await idleFor(page, sync, 30_000);
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/workshops');
  await expect(page.getByLabel('Buscar talleres')).toHaveValue('');
  await page.goto('/learn');
  await expect(page.getByTestId('course-card').first()).toBeVisible();
  await expect(page.getByText('lecciones leídas')).toHaveCount(0);
  await expect(page.getByText('Estás probando como invitado')).toHaveCount(0);
});

test('a ticket left on an online kiosk is gone after the idle reset', async ({
  page,
  serverDb
}) => {
  await addSession(serverDb, 'se-e2e-idle-ticket', { startsAt: laterToday(), capacity: 12 });
  const sync = watchSync(page);
  await becomeKiosk(page);
  await registerFor(page, 'se-e2e-idle-ticket', 'Visitante Idle');
  await expect(page.getByText('Visitante Idle')).toBeVisible();
  const shown = (await page.getByTestId('ticket-code').textContent()) ?? '';
  expect(shown).toMatch(/\w{4}-\w{4}/);

  await idleFor(page, sync, 125_000);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('Visitante Idle')).toHaveCount(0);
  await expect(page.getByText(shown)).toHaveCount(0);
});

test('the countdown dialog passes axe-core', async ({ page }) => {
  const sync = watchSync(page);
  await becomeKiosk(page);
  await expect(page.locator('dialog')).toHaveCount(1);
  await idleFor(page, sync, 95_000);
  await expect(page.getByRole('dialog', { name: '¿Sigues ahí?' })).toBeVisible();
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(axe.violations).toEqual([]);
});
