/**
 * Two kiosks at one park (DESIGN §5): kiosk A confirms registrations offline with its
 * leased seats while kiosk B, online, fills the rest. After A reconnects nothing is
 * overbooked and A's confirmations hold; the registration beyond A's lease ends up
 * waitlisted, in stamp order.
 */
import type { Browser, Page } from '@playwright/test';
import { saveSessions } from '../../src/lib/server/catalogue';
import {
  BRANCH_ID,
  BRANCH_NAME,
  expect,
  serviceWorkerReady,
  syncDone,
  test,
  writeTransaction
} from './fixtures';

const SESSION = 'e2e-lease-session';

async function kiosk(
  browser: Browser,
  asKiosk: boolean
): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: 'es-CO', timezoneId: 'America/Bogota' });
  const page = await context.newPage();
  await page.goto('/');
  if (asKiosk) await page.getByLabel(/quiosco compartido/).check();
  await page.getByRole('button', { name: new RegExp(BRANCH_NAME) }).click();
  await syncDone(page);
  await serviceWorkerReady(page);
  return { page, close: () => context.close() };
}

async function register(page: Page, name: string): Promise<void> {
  await page.goto(`/register/${SESSION}`);
  await page.getByLabel('Nombre o apodo').fill(name);
  await page.getByLabel('Acepto el aviso de privacidad').check();
  await page.getByRole('button', { name: 'Inscribirme' }).click();
  await expect(page.getByTestId('ticket-code')).toBeVisible();
}

test('kiosk A offline keeps its leased confirmations while kiosk B fills the rest', async ({
  browser,
  serverDb
}) => {
  const tomorrow = new Date(Date.now() + 86_400_000);
  await writeTransaction(serverDb, (trx, v) =>
    saveSessions(trx, v, [
      {
        id: SESSION,
        workshopId: 'ws-espana-correo',
        branchId: BRANCH_ID,
        startsAt: tomorrow.toISOString(),
        endsAt: new Date(tomorrow.getTime() + 7_200_000).toISOString(),
        room: 'Sala de cómputo',
        capacity: 4,
        seatsTaken: 0,
        status: 'scheduled'
      }
    ])
  );

  // A is a kiosk: it holds 2 of the 4 seats (the other 2 are kept back for phones and desk).
  const a = await kiosk(browser, true);
  await expect
    .poll(
      async () =>
        (
          await serverDb
            .selectFrom('sessions')
            .select('leased')
            .where('id', '=', SESSION)
            .executeTakeFirst()
        )?.leased
    )
    .toBe(2);
  await a.page.goto('/');
  await syncDone(a.page);
  await a.page.context().setOffline(true);

  await register(a.page, 'Alba Offline Uno');
  await expect(a.page.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
  const first = a.page.url();
  await register(a.page, 'Alba Offline Dos');
  await expect(a.page.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
  const second = a.page.url();
  await register(a.page, 'Alba Offline Tres');
  await expect(a.page.getByTestId('ticket-status')).toContainText(
    'todavía no tiene cupo confirmado'
  );
  const third = a.page.url();

  // B, online, takes the two seats that were not leased; its third person waits.
  const b = await kiosk(browser, false);
  await register(b.page, 'Beto Online Uno');
  await expect(b.page.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
  await register(b.page, 'Beto Online Dos');
  await expect(b.page.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
  await register(b.page, 'Beto Online Tres');
  await expect(b.page.getByTestId('ticket-status')).toHaveText('En lista de espera: puesto 1');

  // A reconnects: its two confirmations hold, its third waits before B's (asked earlier).
  await a.page.context().setOffline(false);
  await a.page.goto(third);
  await expect(a.page.getByTestId('ticket-status')).toHaveText('En lista de espera: puesto 1');
  for (const url of [first, second]) {
    await a.page.goto(url);
    await expect(a.page.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
  }
  // A shared kiosk lists nobody's registrations.
  await a.page.goto('/tickets');
  await expect(a.page.getByText('aquí no se listan las inscripciones')).toBeVisible();

  const rows = await serverDb
    .selectFrom('registrations')
    .select(['name', 'status', 'position'])
    .where('session_id', '=', SESSION)
    .orderBy('name')
    .execute();
  expect(rows).toEqual([
    { name: 'Alba Offline Dos', status: 'confirmed', position: null },
    { name: 'Alba Offline Tres', status: 'waitlisted', position: 1 },
    { name: 'Alba Offline Uno', status: 'confirmed', position: null },
    { name: 'Beto Online Dos', status: 'confirmed', position: null },
    { name: 'Beto Online Tres', status: 'waitlisted', position: 2 },
    { name: 'Beto Online Uno', status: 'confirmed', position: null }
  ]);
  await a.close();
  await b.close();
});
