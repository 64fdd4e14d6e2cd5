/**
 * Two kiosks at one park (DESIGN §5): kiosk A confirms registrations offline with its
 * leased seats while kiosk B, online, fills the rest. After A reconnects nothing is
 * overbooked and A's confirmations hold; the registration beyond A's lease ends up
 * waitlisted, in stamp order.
 */
import { addSession, expect, openDevice, registerFor, syncDone, test } from './fixtures';

const SESSION = 'e2e-lease-session';

test('kiosk A offline keeps its leased confirmations while kiosk B fills the rest', async ({
  browser,
  serverDb
}) => {
  await addSession(serverDb, SESSION, { startsAt: Date.now() + 86_400_000, capacity: 4 });

  // A is a kiosk: it holds 2 of the 4 seats (the other 2 are kept back for phones and desk).
  const a = await openDevice(browser, { kiosk: true });
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
  await a.goto('/');
  await syncDone(a);
  await a.context().setOffline(true);

  const status = a.getByTestId('ticket-status');
  await registerFor(a, SESSION, 'Alba Offline Uno');
  await expect(status).toHaveText('Cupo confirmado');
  const first = a.url();
  await registerFor(a, SESSION, 'Alba Offline Dos');
  await expect(status).toHaveText('Cupo confirmado');
  const second = a.url();
  await registerFor(a, SESSION, 'Alba Offline Tres');
  await expect(status).toContainText('todavía no tiene cupo confirmado');
  const third = a.url();

  // B, online, takes the two seats that were not leased; its third person waits.
  const b = await openDevice(browser);
  const bStatus = b.getByTestId('ticket-status');
  await registerFor(b, SESSION, 'Beto Online Uno');
  await expect(bStatus).toHaveText('Cupo confirmado');
  await registerFor(b, SESSION, 'Beto Online Dos');
  await expect(bStatus).toHaveText('Cupo confirmado');
  await registerFor(b, SESSION, 'Beto Online Tres');
  await expect(bStatus).toHaveText('En lista de espera: puesto 1');

  // A reconnects: its two confirmations hold, its third waits before B's (asked earlier).
  await a.context().setOffline(false);
  await a.goto(third);
  await expect(status).toHaveText('En lista de espera: puesto 1');
  for (const url of [first, second]) {
    await a.goto(url);
    await expect(status).toHaveText('Cupo confirmado');
  }
  // A shared kiosk lists only this visit's registrations (until the idle reset).
  await a.goto('/tickets');
  await expect(a.getByText('aquí solo aparecen las inscripciones de esta visita')).toBeVisible();
  await expect(a.getByTestId('tickets').getByRole('listitem')).toHaveCount(3);

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
  await a.context().close();
  await b.context().close();
});
