/**
 * Check-in at the kiosk, offline: by typing the ticket code. Two kiosks checking in the
 * same ticket while offline make one check-in (the earliest), never an error.
 */
import type { Browser, Page } from '@playwright/test';
import { saveSessions } from '../../src/lib/server/catalogue';
import type { Db } from '../../src/lib/server/db/index';
import { localDateKey } from '../../src/lib/domain/schedule';
import {
  BRANCH_ID,
  BRANCH_NAME,
  expect,
  serviceWorkerReady,
  syncDone,
  test,
  writeTransaction
} from './fixtures';

const SESSION = 'e2e-checkin-today';

async function device(browser: Browser, kiosk: boolean): Promise<Page> {
  const context = await browser.newContext({ locale: 'es-CO', timezoneId: 'America/Bogota' });
  const page = await context.newPage();
  await page.goto('/');
  if (kiosk) await page.getByLabel(/quiosco compartido/).check();
  await page.getByRole('button', { name: new RegExp(BRANCH_NAME) }).click();
  await syncDone(page);
  await serviceWorkerReady(page);
  return page;
}

/** A session later today (in Bogotá), so registering is still open and check-in is due. */
async function sessionLaterToday(serverDb: Db): Promise<void> {
  const exists = await serverDb
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', SESSION)
    .executeTakeFirst();
  if (exists) return;
  const now = Date.now();
  let start = now + 20 * 60_000;
  if (
    localDateKey(new Date(start), 'America/Bogota') !==
    localDateKey(new Date(now), 'America/Bogota')
  ) {
    start = now + 2 * 60_000;
  }
  await writeTransaction(serverDb, (trx, v) =>
    saveSessions(trx, v, [
      {
        id: SESSION,
        workshopId: 'ws-espana-correo',
        branchId: BRANCH_ID,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 7_200_000).toISOString(),
        room: 'Sala de cómputo',
        capacity: 30,
        seatsTaken: 0,
        status: 'scheduled'
      }
    ])
  );
}

test('two kiosks check in one ticket offline: one check-in, the earliest', async ({
  browser,
  serverDb
}) => {
  await sessionLaterToday(serverDb);

  // A visitor registers on their phone and keeps the code.
  const phone = await device(browser, false);
  await phone.goto(`/register/${SESSION}`);
  await phone.getByLabel('Nombre o apodo').fill('Marleny Zapata');
  await phone.getByLabel('Acepto el aviso de privacidad').check();
  await phone.getByRole('button', { name: 'Inscribirme' }).click();
  await expect(phone.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
  const code = (await phone.getByTestId('ticket-code').textContent()) ?? '';

  // Two kiosks receive the park's roster, then lose the network.
  const a = await device(browser, true);
  const b = await device(browser, true);
  for (const k of [a, b]) {
    await k.goto('/');
    await syncDone(k);
    await k.context().setOffline(true);
    await k.getByRole('link', { name: 'Asistencia' }).click();
  }

  await a.getByLabel('Código del tiquete').fill('zzzz-zzzz');
  await a.getByRole('button', { name: 'Registrar asistencia' }).click();
  await expect(a.getByTestId('checkin-result')).toContainText('Ese código no es válido');

  await a.getByLabel('Código del tiquete').fill(code.toLowerCase());
  await a.getByRole('button', { name: 'Registrar asistencia' }).click();
  await expect(a.getByTestId('checkin-result')).toContainText('¡Hola, Marleny!');
  await a.getByRole('button', { name: 'Registrar asistencia' }).click();
  await b.getByLabel('Código del tiquete').fill(code);
  await b.getByRole('button', { name: 'Registrar asistencia' }).click();
  await expect(b.getByTestId('checkin-result')).toContainText('¡Hola, Marleny!');

  // Back online, in the opposite order: still one check-in, kiosk A's (the earlier).
  await b.context().setOffline(false);
  await expect(b.getByTestId('pending-count')).toHaveCount(0);
  await a.context().setOffline(false);
  await expect(a.getByTestId('pending-count')).toHaveCount(0);
  await expect(a.getByTestId('sync-status')).not.toContainText('rechazados');
  await expect(b.getByTestId('sync-status')).not.toContainText('rechazados');
  const row = await serverDb
    .selectFrom('registrations')
    .select(['checked_in_stamp'])
    .where('session_id', '=', SESSION)
    .executeTakeFirstOrThrow();
  const aClient = await a.evaluate(async () => {
    const req = indexedDB.open('parque');
    const db: IDBDatabase = await new Promise((r) => (req.onsuccess = () => r(req.result)));
    return new Promise<string>((r) => {
      const q = db.transaction('meta').objectStore('meta').get('clientId');
      q.onsuccess = () => r((q.result as { value: string }).value);
    });
  });
  expect(row.checked_in_stamp?.endsWith(aClient)).toBe(true);

  // The visitor's own ticket shows the check-in after the phone syncs.
  await phone.reload();
  await expect(phone.getByTestId('ticket-checked-in')).toBeVisible();
});

test('a kiosk cancels a ticket made on a phone, offline, with its code', async ({
  browser,
  serverDb
}) => {
  await sessionLaterToday(serverDb);
  const phone = await device(browser, false);
  await phone.goto(`/register/${SESSION}`);
  await phone.getByLabel('Nombre o apodo').fill('Wilmar Cancela');
  await phone.getByLabel('Acepto el aviso de privacidad').check();
  await phone.getByRole('button', { name: 'Inscribirme' }).click();
  await expect(phone.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
  const code = (await phone.getByTestId('ticket-code').textContent()) ?? '';

  const k = await device(browser, true);
  await k.goto('/');
  await syncDone(k);
  await k.context().setOffline(true);
  await k.getByRole('link', { name: 'Mis inscripciones' }).click();
  await k.getByLabel('Código del tiquete').fill(code);
  await k.getByRole('button', { name: 'Buscar' }).click();
  await expect(k.getByTestId('cancel-result')).toContainText('Wilmar');
  await k.getByRole('button', { name: 'Cancelar esta inscripción' }).click();
  await expect(k.getByTestId('cancel-result')).toContainText('Inscripción cancelada');
  await k.context().setOffline(false);
  await expect(k.getByTestId('pending-count')).toHaveCount(0);
  await expect
    .poll(
      async () =>
        (
          await serverDb
            .selectFrom('registrations')
            .select('status')
            .where('name', '=', 'Wilmar Cancela')
            .executeTakeFirst()
        )?.status
    )
    .toBe('cancelled');
  await phone.reload();
  await expect(phone.getByTestId('ticket-status')).toHaveText('Inscripción cancelada');
});
