/**
 * Check-in at the kiosk, offline: by typing the ticket code. Two kiosks checking in the
 * same ticket while offline make one check-in (the earliest), never an error.
 */
import {
  addSession,
  expect,
  laterToday,
  openDevice,
  registerFor,
  syncDone,
  test
} from './fixtures';

const SESSION = 'e2e-checkin-today';

test('two kiosks check in one ticket offline: one check-in, the earliest', async ({
  browser,
  serverDb
}) => {
  await addSession(serverDb, SESSION, { startsAt: laterToday(), capacity: 30 });

  // A visitor registers on their phone and keeps the code.
  const phone = await openDevice(browser);
  const code = await registerFor(phone, SESSION, 'Marleny Zapata');
  await expect(phone.getByTestId('ticket-status')).toHaveText('Cupo confirmado');

  // Two kiosks receive the park's roster, then lose the network.
  const a = await openDevice(browser, { kiosk: true });
  const b = await openDevice(browser, { kiosk: true });
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
  await addSession(serverDb, SESSION, { startsAt: laterToday(), capacity: 30 });
  const phone = await openDevice(browser);
  const code = await registerFor(phone, SESSION, 'Wilmar Cancela');
  await expect(phone.getByTestId('ticket-status')).toHaveText('Cupo confirmado');

  const k = await openDevice(browser, { kiosk: true });
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
