/**
 * A shared kiosk keeps nobody's ticket (issue 8): "Mis inscripciones" lists only the
 * current visit's, the ticket's QR is a link the visitor's phone opens to take the ticket
 * home, and after the idle reset the ticket is unreachable on the kiosk, by Back or URL,
 * and gone from its IndexedDB.
 */
import {
  addSession,
  BRANCH_NAME,
  enrolAsKiosk,
  expect,
  idbCount,
  installClock,
  laterToday,
  openDevice,
  registerFor,
  syncDone,
  test
} from './fixtures';

const SESSION = 'e2e-take-home';

const count = idbCount;

test('a visitor takes a kiosk ticket home on their phone; the kiosk forgets it', async ({
  page,
  browser,
  serverDb
}) => {
  await addSession(serverDb, SESSION, { startsAt: laterToday(), capacity: 20 });
  await installClock(page);
  await enrolAsKiosk(page);
  await syncDone(page);

  await registerFor(page, SESSION, 'Visitante Casa');
  await expect(page.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
  const shown = (await page.getByTestId('ticket-code').textContent()) ?? '';
  const ticketUrl = page.url();
  await expect(page.getByText('Escanee este código con la cámara de su celular')).toBeVisible();

  // "Mis inscripciones" on the kiosk: this visit's ticket only.
  await page.getByRole('navigation').getByRole('link', { name: 'Mis inscripciones' }).click();
  await expect(page.getByTestId('tickets').getByRole('listitem')).toHaveCount(1);
  await expect(page.getByTestId('tickets')).toContainText(shown);

  // The phone opens the QR's link and keeps the ticket.
  const phone = await openDevice(browser);
  await phone.goto(`/tickets/claim?code=${shown}`);
  await expect(phone.getByTestId('ticket-code')).toHaveText(shown, { timeout: 20_000 });
  await expect(phone.getByText('Visitante Casa')).toBeVisible();
  // The code left the address bar.
  expect(phone.url()).not.toContain(shown.replace('-', ''));
  await phone.goto('/tickets');
  await expect(phone.getByTestId('tickets')).toContainText(shown);

  // The kiosk is left alone: after the reset the ticket is out of reach and off the device.
  await page.goto(ticketUrl);
  await expect(page.getByTestId('ticket-code')).toHaveText(shown);
  for (let i = 0; i < 25; i++) await page.clock.runFor(5_000);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(BRANCH_NAME);
  await expect.poll(() => count(page, 'registrations')).toBe(0);
  await page.goBack();
  await expect(page.getByTestId('ticket-code')).toHaveCount(0);
  await page.goto(ticketUrl);
  await expect(page.getByText('No encontramos esta inscripción en este equipo.')).toBeVisible();
  await expect(page.getByText('Visitante Casa')).toHaveCount(0);
  await page.goto('/tickets');
  await expect(page.getByTestId('tickets')).toHaveCount(0);
});

test('a wrong code on the claim page says so and changes nothing', async ({ browser }) => {
  const phone = await openDevice(browser);
  await phone.goto('/tickets/claim?code=AAAA-AAAA');
  await expect(phone.getByRole('alert')).toHaveText(
    'No encontramos una inscripción con ese código. Revíselo e inténtelo de nuevo.'
  );
});
