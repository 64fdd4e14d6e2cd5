/**
 * The staff console: signing in (and being refused), the librarian's enrolment code with
 * its QR, a kiosk enrolled with it and then revoked, what a facilitator may not do, and
 * signing out. The demo librarian's password is fixed for the tests by PARQUE_DEMO_PASSWORD.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { createStaff } from '../../src/lib/server/auth/staff';
import {
  addSession,
  BRANCH_ID,
  BRANCH_NAME,
  expect,
  idbCount,
  registerFor,
  serviceWorkerReady,
  shiftClock,
  syncDone,
  test
} from './fixtures';

const LIBRARIAN = 'biblioteca.espana@parque.example';
const PASSWORD = process.env.PARQUE_DEMO_PASSWORD ?? 'demo-password-e2e';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Fills and sends the sign-in form; resolves once the server has answered it. */
async function signIn(page: Page, email = LIBRARIAN, password = PASSWORD): Promise<void> {
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  const answered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/staff/sign-in'
  );
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await answered;
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(result.violations).toEqual([]);
}

/** Reads the enrolment QR back with jsQR, as the kiosk's camera would. */
async function decodeQr(page: Page): Promise<string | null> {
  const SIZE = 400;
  const pixels = await page.evaluate(async (size) => {
    const svg = document.querySelector('[data-testid="enrolment"] svg') as SVGSVGElement;
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0, size, size);
    return Array.from(ctx.getImageData(0, 0, size, size).data);
  }, SIZE);
  return jsQR(Uint8ClampedArray.from(pixels), SIZE, SIZE)?.data ?? null;
}

/** Creates a kiosk code on the devices page; returns the code as shown (XXXX-XXXX). */
async function createKioskCode(page: Page, label: string): Promise<string> {
  await page.getByLabel('Parque biblioteca').selectOption({ label: BRANCH_NAME });
  await page.getByRole('radio', { name: /^Quiosco/ }).check();
  await page.getByLabel('Nombre del equipo (opcional)').fill(label);
  await page.getByRole('button', { name: 'Crear código' }).click();
  const code = page.getByTestId('enrolment-code');
  await expect(code).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  return (await code.textContent()) ?? '';
}

test.describe('staff console', () => {
  test('a librarian signs in, makes a kiosk code with its QR, and signs out', async ({ page }) => {
    // The console is behind sign-in, which comes back to where one was going.
    await page.goto('/staff');
    await expect(page).toHaveURL(/\/staff\/sign-in\?next=%2Fstaff$/);
    await expect(page).toHaveTitle('Ingreso del personal · Parque');
    await signIn(page);
    await expect(page).toHaveURL(/\/staff$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Hola, Biblioteca España (demo)'
    );
    await expect(page.getByTestId('staff-parks')).toHaveText(BRANCH_NAME);
    await expect(page).toHaveTitle('Consola del personal · Parque');

    await page.getByRole('link', { name: 'Equipos', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quioscos y mostradores');
    await expect(page).toHaveTitle('Quioscos y mostradores · Parque');
    const code = await createKioskCode(page, 'Quiosco de la entrada');
    await expect(page.getByTestId('enrolment')).toContainText(
      'Quiosco de Parque Biblioteca España'
    );
    await expect(page.getByTestId('enrolment')).toContainText('sirve una sola vez');
    await expect(
      page.getByRole('img', { name: `Código QR para inscribir el equipo con el código ${code}` })
    ).toBeVisible();
    const origin = new URL(page.url()).origin;
    expect(await decodeQr(page)).toBe(`${origin}/setup?enrol=${code.replace('-', '')}`);

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await expect(page).toHaveURL(/\/staff\/sign-in\?signed_out=1$/);
    await expect(page.getByRole('status').filter({ hasText: 'Cerró la sesión' })).toBeVisible();
    await page.goto('/staff/devices');
    await expect(page).toHaveURL(/\/staff\/sign-in\?next=%2Fstaff%2Fdevices$/);
  });

  test('what a person types before the page has hydrated is kept', async ({ page }) => {
    // A slow phone: the page's scripts arrive after the person has started typing.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_app/immutable/**', async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto('/staff/sign-in', { waitUntil: 'commit' });
    await page.getByLabel('Correo electrónico').fill(LIBRARIAN);
    await page.getByLabel('Contraseña', { exact: true }).fill('typed before hydration');
    release();
    await page.waitForLoadState('networkidle');
    await expect(page.getByLabel('Correo electrónico')).toHaveValue(LIBRARIAN);
    await expect(page.getByLabel('Contraseña', { exact: true })).toHaveValue(
      'typed before hydration'
    );
  });

  test('a wrong password is refused with a message, and nothing opens', async ({ page }) => {
    await page.goto('/staff/sign-in');
    await signIn(page, LIBRARIAN, 'not the password at all');
    await expect(page.getByRole('alert')).toHaveText('El correo o la contraseña no son correctos.');
    await expect(page.getByLabel('Correo electrónico')).toHaveAttribute('aria-invalid', 'true');
    // An unknown email gets the very same answer.
    await signIn(page, 'nadie@parque.example', 'not the password at all');
    await expect(page.getByRole('alert')).toHaveText('El correo o la contraseña no son correctos.');
    await page.goto('/staff');
    await expect(page).toHaveURL(/\/staff\/sign-in/);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'parque_staff')).toBeUndefined();
  });

  test('five wrong passwords lock the account, and the page says for how long', async ({
    page,
    serverDb
  }) => {
    const email = `bloqueo.${Date.now().toString(36)}@parque.example`;
    await createStaff(serverDb, {
      email,
      name: 'Cuenta de prueba',
      role: 'librarian',
      parks: [BRANCH_ID],
      password: PASSWORD
    });
    await page.goto('/staff/sign-in');
    for (let i = 1; i <= 4; i++) {
      await signIn(page, email, `wrong guess ${i}`);
      await expect(page.getByRole('alert')).toHaveText(
        'El correo o la contraseña no son correctos.'
      );
    }
    await signIn(page, email, 'wrong guess 5');
    await expect(page.getByRole('alert')).toContainText('la cuenta queda bloqueada 1 min');
    // Even the right password waits for the lock to end.
    await signIn(page, email, PASSWORD);
    await expect(page.getByRole('alert')).toContainText('la cuenta queda bloqueada 1 min');
    await expect(page).toHaveURL(/\/staff\/sign-in$/);
  });

  test('a temporary password must be changed before anything else', async ({ page, serverDb }) => {
    const email = `temporal.${Date.now().toString(36)}@parque.example`;
    await createStaff(serverDb, {
      email,
      name: 'Cuenta temporal',
      role: 'librarian',
      parks: [BRANCH_ID],
      password: PASSWORD,
      mustChangePassword: true
    });
    await page.goto('/staff/sign-in?next=/staff/devices');
    await signIn(page, email);
    await expect(page).toHaveURL(/\/staff\/password$/);
    await expect(page).toHaveTitle('Cambiar la contraseña · Parque');
    await expect(page.getByText('cambie la contraseña temporal')).toBeVisible();
    // Other pages send it back here.
    await page.goto('/staff/devices');
    await expect(page).toHaveURL(/\/staff\/password$/);

    const next = 'una frase nueva y propia';
    await page.getByLabel('Contraseña actual').fill(PASSWORD);
    await page.getByLabel('Contraseña nueva', { exact: true }).fill(next);
    await page.getByLabel('Repita la contraseña nueva').fill('otra cosa distinta');
    await page.getByRole('button', { name: 'Guardar la contraseña nueva' }).click();
    await expect(page.getByRole('alert')).toHaveText('Las dos contraseñas nuevas no coinciden.');
    await page.getByLabel('Contraseña actual').fill(PASSWORD);
    await page.getByLabel('Contraseña nueva', { exact: true }).fill(next);
    await page.getByLabel('Repita la contraseña nueva').fill(next);
    await page.getByRole('button', { name: 'Guardar la contraseña nueva' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Su contraseña cambió' })
    ).toBeVisible();
    await page.goto('/staff/devices');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quioscos y mostradores');
  });

  test('signing in and out works without JavaScript too', async ({ browser }) => {
    // Native form posts: under a no-referrer policy they would carry `Origin: null` and fail
    // SvelteKit's CSRF check; the app's policy is same-origin.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'es-CO' });
    const page = await context.newPage();
    await page.goto('/staff/sign-in');
    await signIn(page, LIBRARIAN, 'not the password at all');
    await expect(page.getByRole('alert')).toHaveText('El correo o la contraseña no son correctos.');
    await signIn(page);
    await expect(page).toHaveURL(/\/staff$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Hola, Biblioteca España (demo)'
    );
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await expect(page).toHaveURL(/\/staff\/sign-in\?signed_out=1$/);
    await context.close();
  });

  test('the session cookie is httpOnly and SameSite=Lax', async ({ page }) => {
    await page.goto('/staff/sign-in');
    await signIn(page);
    await expect(page).toHaveURL(/\/staff$/);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'parque_staff');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    // Scripts on the page cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('parque_staff');
  });

  test('a kiosk enrolled with the code is listed, and revoking it shows at once', async ({
    page,
    browser
  }) => {
    await page.goto('/staff/sign-in?next=/staff/devices');
    await signIn(page);
    await expect(page).toHaveURL(/\/staff\/devices$/);
    const label = `Quiosco ${Date.now().toString(36)}`;
    const code = await createKioskCode(page, label);

    const kioskContext = await browser.newContext({ locale: 'es-CO' });
    const kiosk = await kioskContext.newPage();
    await kiosk.goto(`/setup?enrol=${code.replace('-', '')}`);
    await expect(kiosk.getByRole('heading', { level: 1 })).toContainText(BRANCH_NAME);
    await kioskContext.close();

    await page.reload();
    const item = page.getByTestId('device-list').getByRole('listitem').filter({ hasText: label });
    await expect(item).toContainText('Activo');
    await item.getByRole('button', { name: `Revocar ${label}` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Se revocó el equipo' })).toBeVisible();
    await expect(item).toContainText('Revocado');
    await expect(item.getByRole('button')).toHaveCount(0);
  });

  test('a kiosk enrolled by a librarian confirms offline on a leased seat; revoked, it wipes what it holds and returns to set-up', async ({
    page,
    browser,
    serverDb
  }) => {
    const SESSION = 'e2e-enrolled-kiosk';
    await addSession(serverDb, SESSION, { startsAt: Date.now() + 86_400_000, capacity: 10 });
    await page.goto('/staff/sign-in?next=/staff/devices');
    await signIn(page);
    const label = `Quiosco ${Date.now().toString(36)}`;
    const code = await createKioskCode(page, label);

    // The kiosk types the code on its first screen.
    const kioskContext = await browser.newContext({
      locale: 'es-CO',
      timezoneId: 'America/Bogota'
    });
    await shiftClock(kioskContext);
    const kiosk = await kioskContext.newPage();
    await kiosk.goto('/');
    await kiosk.getByLabel('Código de inscripción').fill(code);
    await kiosk.getByRole('button', { name: 'Inscribir este equipo' }).click();
    await expect(kiosk.getByRole('heading', { level: 1 })).toContainText(BRANCH_NAME);
    await syncDone(kiosk);
    await serviceWorkerReady(kiosk);
    const count = (store: string) => idbCount(kiosk, store);
    // Its seat leases for the park's upcoming sessions have arrived.
    await expect.poll(() => count('leases'), { timeout: 20_000 }).toBeGreaterThan(0);

    await kioskContext.setOffline(true);
    await registerFor(kiosk, SESSION, 'Visitante Inscrito');
    await expect(kiosk.getByTestId('ticket-status')).toHaveText('Cupo confirmado');

    // The librarian revokes it.
    await page.reload();
    const item = page.getByTestId('device-list').getByRole('listitem').filter({ hasText: label });
    await item.getByRole('button', { name: `Revocar ${label}` }).click();
    await expect(item).toContainText('Revocado');

    // Back online, its next sync is refused: it wipes the roster, its leases and the park,
    // and shows set-up; the registration it never sent is set apart for staff.
    await kioskContext.setOffline(false);
    await kiosk.goto('/');
    await expect(kiosk.getByText('La biblioteca retiró este equipo')).toBeVisible({
      timeout: 20_000
    });
    await expect(kiosk.getByLabel('Código de inscripción')).toBeVisible();
    expect(await count('roster')).toBe(0);
    expect(await count('leases')).toBe(0);
    expect(await count('outbox')).toBe(0);
    expect(await count('unsent')).toBe(1);
    // The server never got it, and the kiosk's seats went back to the pool.
    const held = await serverDb
      .selectFrom('leases')
      .select('seats')
      .where('session_id', '=', SESSION)
      .where('status', '=', 'active')
      .execute();
    expect(held).toEqual([]);
    const onServer = () =>
      serverDb
        .selectFrom('registrations')
        .select(['status'])
        .where('session_id', '=', SESSION)
        .where('name', '=', 'Visitante Inscrito')
        .execute();
    expect(await onServer()).toEqual([]);

    // A librarian signs in on the kiosk itself and sends it under their session.
    await expect(kiosk.getByTestId('unsent-notice')).toContainText('1 cambio que no alcanzó');
    await kiosk.getByRole('link', { name: 'Revisar los cambios sin enviar' }).click();
    await expect(kiosk).toHaveURL(/\/staff\/sign-in\?next=%2Fstaff%2Funsent/);
    await signIn(kiosk);
    await expect(kiosk).toHaveURL(/\/staff\/unsent$/);
    await expect(kiosk.getByTestId('unsent-list')).toContainText('Inscripción de Visitante');
    await expectNoAxeViolations(kiosk);
    await kiosk.getByRole('button', { name: 'Enviar 1 cambio' }).click();
    await expect(kiosk.getByTestId('unsent-result')).toHaveText(
      'Enviados: 1 aplicados y 0 rechazados por el servidor.'
    );
    expect(await onServer()).toEqual([{ status: 'confirmed' }]);
    expect(await count('unsent')).toBe(0);
    const audited = await serverDb
      .selectFrom('audit_events')
      .select(['kind', 'staff_id'])
      .where('kind', '=', 'orphan_sent')
      .execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]?.staff_id).toBeTruthy();
    await kioskContext.close();
  });

  test('a facilitator sees the devices but makes no codes and revokes nothing', async ({
    page,
    serverDb
  }) => {
    const email = `facilitador.${Date.now().toString(36)}@parque.example`;
    await createStaff(serverDb, {
      email,
      name: 'Facilitadora de prueba',
      role: 'facilitator',
      parks: [BRANCH_ID],
      password: PASSWORD
    });
    await page.goto('/staff/sign-in?next=/staff/devices');
    await signIn(page, email);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quioscos y mostradores');
    await expect(page.getByText('puede ver los equipos, pero no inscribirlos')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Crear código' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Revocar/ })).toHaveCount(0);
    // Posting the form by hand is refused by the action itself.
    const origin = new URL(page.url()).origin;
    const res = await page.request.post('/staff/devices?/enrol', {
      headers: { origin, accept: 'application/json' },
      form: { branchId: BRANCH_ID, kind: 'kiosk', label: '' }
    });
    const body = (await res.json()) as { type: string; status: number };
    expect(body).toMatchObject({ type: 'failure', status: 403 });
  });

  for (const [name, viewport] of [
    ['kiosk', { width: 1280, height: 900 }],
    ['phone', { width: 360, height: 740 }]
  ] as const) {
    test(`the console's pages at ${name} size have no axe violations`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.goto('/staff/sign-in');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoAxeViolations(page);
      // With an error shown, too.
      await signIn(page, LIBRARIAN, 'not the password at all');
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoAxeViolations(page);

      await signIn(page);
      await expect(page).toHaveURL(/\/staff$/);
      await expectNoAxeViolations(page);
      await page.goto('/staff/devices');
      await createKioskCode(page, 'Quiosco accesible');
      await expectNoAxeViolations(page);
      // Nothing scrolls sideways, the big code and its QR included.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth
      );
      expect(overflow).toBeLessThanOrEqual(0);
      for (const path of ['/staff/password', '/staff/sign-out']) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expectNoAxeViolations(page);
      }
    });
  }
});
