/**
 * The admins' console (issue 9, items 6, 8 and 9): staff accounts made and disabled from
 * the page, the audit log that records it, what a librarian may not open, and the devices
 * page showing what an enrolled kiosk reported on its last sync. The demo admin's and
 * librarian's password is fixed for the tests by PARQUE_DEMO_PASSWORD.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { BRANCH_NAME, expect, shiftClock, syncDone, test } from './fixtures';

const ADMIN = 'admin@parque.example';
const ADMIN_NAME = 'Administración (demo)';
const LIBRARIAN = 'biblioteca.espana@parque.example';
const PASSWORD = process.env.PARQUE_DEMO_PASSWORD ?? 'demo-password-e2e';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  const answered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/staff/sign-in'
  );
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await answered;
}

/** A fresh browser (its own cookies) signed in at `next`. */
async function signedIn(browser: Browser, email: string, next: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'es-CO', timezoneId: 'America/Bogota' });
  await shiftClock(context);
  const page = await context.newPage();
  await page.goto(`/staff/sign-in?next=${encodeURIComponent(next)}`);
  await signIn(page, email);
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, '\\?')}$`));
  return page;
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(result.violations).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Fills the people page's create form; returns the temporary password it shows once. */
async function createAccount(
  page: Page,
  who: { name: string; email: string; role: string; park?: string }
): Promise<string> {
  const form = page.getByRole('region', { name: 'Agregar una cuenta' });
  await form.getByLabel('Nombre').fill(who.name);
  await form.getByLabel('Correo electrónico').fill(who.email);
  await form.getByLabel('Rol', { exact: true }).selectOption({ label: who.role });
  if (who.park) await form.getByRole('checkbox', { name: who.park }).check();
  await form.getByRole('button', { name: 'Crear la cuenta' }).click();
  const card = page.getByTestId('temporary');
  await expect(card).toContainText(`Se creó la cuenta de ${who.name}`);
  const password = (await page.getByTestId('temporary-password').textContent())?.trim() ?? '';
  expect(password.length).toBeGreaterThanOrEqual(10);
  return password;
}

test.describe('admin console', () => {
  test('an admin creates a librarian, who must change the temporary password; disabled, their session ends; the audit log shows it by kind', async ({
    page,
    browser
  }) => {
    const id = unique();
    const name = `Lucía Prueba ${id}`;
    const email = `lucia.${id}@parque.example`;

    await page.goto('/staff/sign-in?next=/staff');
    await signIn(page, ADMIN);
    await page.getByRole('link', { name: 'Gestionar las cuentas del personal' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Personal');
    await expect(page).toHaveTitle('Personal · Parque');
    const temporary = await createAccount(page, {
      name,
      email,
      role: 'Bibliotecario(a)',
      park: BRANCH_NAME
    });
    const card = page.getByTestId('person').filter({ hasText: email });
    await expect(card).toContainText(BRANCH_NAME);
    await expect(card.getByTestId('person-status')).toContainText('Debe cambiar la contraseña');
    // Shown once: a reload does not show it again.
    await page.reload();
    await expect(page.getByTestId('temporary')).toHaveCount(0);

    // The librarian signs in with it, and must choose their own first.
    const context = await browser.newContext({ locale: 'es-CO', timezoneId: 'America/Bogota' });
    await shiftClock(context);
    const lucia = await context.newPage();
    await lucia.goto('/staff/sign-in');
    await signIn(lucia, email, temporary);
    await expect(lucia).toHaveURL(/\/staff\/password$/);
    await lucia.goto('/staff/devices');
    await expect(lucia).toHaveURL(/\/staff\/password$/);
    const own = 'mi frase propia y secreta';
    await lucia.getByLabel('Contraseña actual').fill(temporary);
    await lucia.getByLabel('Contraseña nueva', { exact: true }).fill(own);
    await lucia.getByLabel('Repita la contraseña nueva').fill(own);
    await lucia.getByRole('button', { name: 'Guardar la contraseña nueva' }).click();
    await expect(
      lucia.getByRole('status').filter({ hasText: 'Su contraseña cambió' })
    ).toBeVisible();
    await lucia.goto('/staff');
    await expect(lucia.getByRole('heading', { level: 1 })).toHaveText(`Hola, ${name}`);
    // Not an admin: no links to staff or the audit log, and both pages refuse.
    await expect(lucia.getByRole('link', { name: 'Ver el registro de auditoría' })).toHaveCount(0);
    for (const path of ['/staff/people', '/staff/audit']) {
      const res = await lucia.goto(path);
      expect(res?.status()).toBe(403);
      await expect(lucia.getByRole('heading', { level: 1 })).toHaveText('No disponible');
    }

    // The admin disables the account: the open session stops working at once.
    await page.reload();
    await card.getByRole('button', { name: `Desactivar a ${name}` }).click();
    await expect(card.getByTestId('person-status')).toContainText('Desactivada');
    await lucia.goto('/staff');
    await expect(lucia).toHaveURL(/\/staff\/sign-in\?next=%2Fstaff$/);
    await signIn(lucia, email, own);
    await expect(lucia.getByRole('alert')).toHaveText(
      'El correo o la contraseña no son correctos.'
    );

    // Enabled again with a reset password: a new temporary one, to be changed at once.
    await card.getByRole('button', { name: `Activar a ${name}` }).click();
    await expect(card.getByTestId('person-status')).toHaveText('Activa');
    await card.getByRole('button', { name: `Restablecer la contraseña de ${name}` }).click();
    await expect(page.getByTestId('temporary')).toContainText(
      `Nueva contraseña temporal de ${name}`
    );
    const reset = (await page.getByTestId('temporary-password').textContent())?.trim() ?? '';
    expect(reset).not.toBe(temporary);
    await expect(card.getByTestId('person-status')).toContainText('Debe cambiar la contraseña');
    await signIn(lucia, email, own);
    await expect(lucia.getByRole('alert')).toHaveText(
      'El correo o la contraseña no son correctos.'
    );
    await signIn(lucia, email, reset);
    await expect(lucia).toHaveURL(/\/staff\/password$/);
    await context.close();

    // The audit log, filtered by kind through its form: the link carries the filter.
    await page.getByRole('link', { name: 'Inicio' }).click();
    await page.getByRole('link', { name: 'Ver el registro de auditoría' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Registro de auditoría');
    for (const [kind, text] of [
      ['staff_created', 'Creó una cuenta del personal'],
      ['password_changed', 'Cambió su contraseña'],
      ['staff_disabled', 'Desactivó una cuenta']
    ] as const) {
      await page.getByLabel('Tipo de evento').selectOption({ label: text });
      await page.getByRole('button', { name: 'Filtrar' }).click();
      await expect(page).toHaveURL(new RegExp(`[?&]kind=${kind}(&|$)`));
      const events = page.getByTestId('audit-event');
      const mine = events.filter({ hasText: name });
      await expect(mine.first()).toContainText(text);
      // Every event shown is of that kind.
      expect(new Set(await events.evaluateAll((els) => els.map((e) => e.dataset.kind)))).toEqual(
        new Set([kind])
      );
      if (kind !== 'password_changed') await expect(mine.first()).toContainText(ADMIN_NAME);
    }
    // A member of staff as the filter: what was done to the account, and by it.
    await page.goto('/staff/audit');
    await page.getByLabel('Persona del personal').selectOption({ label: name });
    await page.getByRole('button', { name: 'Filtrar' }).click();
    const kinds = await page
      .getByTestId('audit-event')
      .evaluateAll((els) => els.map((e) => e.dataset.kind ?? ''));
    for (const kind of [
      'staff_created',
      'sign_in',
      'password_changed',
      'staff_disabled',
      'staff_enabled',
      'password_reset'
    ]) {
      expect(kinds).toContain(kind);
    }
    // Newest first.
    expect(kinds.indexOf('staff_disabled')).toBeLessThan(kinds.indexOf('password_changed'));
    expect(kinds.indexOf('password_changed')).toBeLessThan(kinds.indexOf('staff_created'));
  });

  test('the last active admin cannot be disabled or demoted, and a bad form changes nothing', async ({
    page,
    serverDb
  }) => {
    // Other suites make admins of their own (staffCookie): leave the demo admin the only
    // active one, so the rule is what refuses.
    await serverDb
      .updateTable('staff')
      .set({ status: 'disabled' })
      .where('role', '=', 'admin')
      .where('email', '!=', ADMIN)
      .execute();
    await page.goto('/staff/sign-in?next=/staff/people');
    await signIn(page, ADMIN);
    const me = page.getByTestId('person').filter({ hasText: ADMIN });
    await me.getByRole('button', { name: `Desactivar a ${ADMIN_NAME}` }).click();
    await expect(me.getByRole('alert')).toContainText('Es la última cuenta de administración');
    await expect(me.getByTestId('person-status')).toHaveText('Activa');

    await me.getByText(`Rol y parques de ${ADMIN_NAME}`).click();
    await me.getByLabel('Rol', { exact: true }).selectOption({ label: 'Bibliotecario(a)' });
    await me.getByRole('checkbox', { name: BRANCH_NAME }).check();
    await me.getByRole('button', { name: `Guardar el rol y los parques de ${ADMIN_NAME}` }).click();
    await expect(me.getByRole('alert')).toContainText('Es la última cuenta de administración');
    await expect(me).toContainText('Administración');
    const row = await serverDb
      .selectFrom('staff')
      .select(['role', 'status'])
      .where('email', '=', ADMIN)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'admin', status: 'active' });

    // An e-mail already taken is refused with its reason; no second account appears.
    const before = await serverDb.selectFrom('staff').select('id').execute();
    const form = page.getByRole('region', { name: 'Agregar una cuenta' });
    await form.getByLabel('Nombre').fill('Otra persona');
    await form.getByLabel('Correo electrónico').fill(LIBRARIAN);
    await form.getByLabel('Rol', { exact: true }).selectOption({ label: 'Facilitador(a)' });
    await form.getByRole('checkbox', { name: BRANCH_NAME }).check();
    await form.getByRole('button', { name: 'Crear la cuenta' }).click();
    await expect(form.getByRole('alert')).toHaveText('Ya hay una cuenta con ese correo.');
    expect(await serverDb.selectFrom('staff').select('id').execute()).toHaveLength(before.length);

    // An admin works in every park: a park left ticked does not make them a park's admin.
    const id = unique();
    await createAccount(page, {
      name: `Otra administradora ${id}`,
      email: `admin.${id}@parque.example`,
      role: 'Administración',
      park: BRANCH_NAME
    });
    const other = page.getByTestId('person').filter({ hasText: `admin.${id}@` });
    await expect(
      other.locator('dt', { hasText: 'Parques' }).locator('xpath=following-sibling::dd[1]')
    ).toHaveText('Todos');
  });

  test('without JavaScript: a refused account keeps what was typed, and a made one shows its password', async ({
    browser
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'es-CO' });
    const page = await context.newPage();
    await page.goto('/staff/sign-in?next=/staff/people');
    await signIn(page, ADMIN);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Personal');
    const form = page.getByRole('region', { name: 'Agregar una cuenta' });
    const id = unique();
    await form.getByLabel('Nombre').fill(`Sin guion ${id}`);
    await form.getByLabel('Correo electrónico').fill(`sin.guion.${id}@parque.example`);
    await form.getByLabel('Rol', { exact: true }).selectOption({ label: 'Bibliotecario(a)' });
    // No park for a librarian: refused, and the page comes back with what was typed.
    await form.getByRole('button', { name: 'Crear la cuenta' }).click();
    await expect(form.getByRole('alert')).toHaveText('Elija al menos un parque para este rol.');
    await expect(form.getByLabel('Nombre')).toHaveValue(`Sin guion ${id}`);
    await expect(form.getByLabel('Rol', { exact: true })).toHaveValue('librarian');
    await form.getByRole('checkbox', { name: BRANCH_NAME }).check();
    await form.getByRole('button', { name: 'Crear la cuenta' }).click();
    await expect(page.getByTestId('temporary')).toContainText(
      `Se creó la cuenta de Sin guion ${id}`
    );
    await expect(page.getByTestId('temporary-password')).toHaveText(/^\S{10,}$/);
    await context.close();
  });

  test("a librarian gets 403 on the admins' pages, and their actions are refused too", async ({
    page,
    serverDb
  }) => {
    await page.goto('/staff/sign-in');
    await signIn(page, LIBRARIAN);
    await expect(page).toHaveURL(/\/staff$/);
    await expect(
      page.getByRole('link', { name: 'Gestionar las cuentas del personal' })
    ).toHaveCount(0);
    for (const path of ['/staff/people', '/staff/audit', '/staff/audit?kind=sign_in']) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(403);
      await expect(page.getByText('Su rol no permite abrir esta página.')).toBeVisible();
      await expect(page.getByTestId('audit-list')).toHaveCount(0);
    }
    const before = await serverDb.selectFrom('staff').select('id').execute();
    const origin = new URL(page.url()).origin;
    const res = await page.request.post('/staff/people?/create', {
      headers: { origin, accept: 'application/json' },
      form: { name: 'Intrusa', email: `intrusa.${unique()}@parque.example`, role: 'admin' }
    });
    expect(await res.json()).toMatchObject({ type: 'failure', status: 403 });
    expect(await serverDb.selectFrom('staff').select('id').execute()).toHaveLength(before.length);
  });

  test("the devices page shows an enrolled kiosk's last pull and app version after it syncs; renamed, the audit log says so", async ({
    page,
    browser
  }) => {
    const label = `Quiosco ${unique()}`;
    await page.goto('/staff/sign-in?next=/staff/devices');
    await signIn(page, ADMIN);
    await page.getByLabel('Parque biblioteca').selectOption({ label: BRANCH_NAME });
    await page.getByRole('radio', { name: /^Quiosco/ }).check();
    await page.getByLabel('Nombre del equipo (opcional)').fill(label);
    await page.getByRole('button', { name: 'Crear código' }).click();
    const code = (await page.getByTestId('enrolment-code').textContent()) ?? '';
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const item = page.getByTestId('device-list').getByRole('listitem').filter({ hasText: label });

    const kioskContext = await browser.newContext({
      locale: 'es-CO',
      timezoneId: 'America/Bogota'
    });
    await shiftClock(kioskContext);
    const kiosk = await kioskContext.newPage();
    await kiosk.goto(`/setup?enrol=${code.replace('-', '')}`);
    await expect(kiosk.getByRole('heading', { level: 1 })).toContainText(BRANCH_NAME);
    await syncDone(kiosk);

    // The build's own version, as the server and the kiosk both carry it.
    const { version } = JSON.parse(readFileSync('build/client/_app/version.json', 'utf8')) as {
      version: string;
    };
    await expect(async () => {
      await page.reload();
      await expect(item.getByTestId('device-last-pull')).not.toHaveText('Nunca', { timeout: 1 });
    }).toPass();
    await expect(item.getByTestId('device-app-version')).toHaveText(version);
    await expect(
      item.locator('dt', { hasText: 'Inscrito por' }).locator('xpath=following-sibling::dd[1]')
    ).toHaveText(ADMIN_NAME);
    await expect(item).toContainText('Espacio usado');
    await expect(item.getByTestId('device-warning')).toHaveCount(0);
    await kioskContext.close();

    const renamed = `${label} (entrada)`;
    await item.getByText(`Cambiar el nombre de ${label}`).click();
    await item.getByLabel('Nombre nuevo').fill(renamed);
    await item.getByRole('button', { name: 'Guardar el nombre' }).click();
    const again = page
      .getByTestId('device-list')
      .getByRole('listitem')
      .filter({ hasText: renamed });
    await expect(again.getByRole('status')).toHaveText('Se cambió el nombre del equipo.');
    await expect(again.getByRole('heading', { level: 3 })).toHaveText(renamed);
    // An empty name is refused on the card, and the name stays.
    await again.getByText(`Cambiar el nombre de ${renamed}`).click();
    await again.getByLabel('Nombre nuevo').fill('   ');
    await again.getByRole('button', { name: 'Guardar el nombre' }).click();
    await expect(again.getByRole('alert')).toHaveText('Escriba un nombre de 1 a 60 caracteres.');
    await expect(again.getByRole('heading', { level: 3 })).toHaveText(renamed);

    await page.goto('/staff/audit?kind=device_renamed');
    const event = page.getByTestId('audit-event').filter({ hasText: renamed }).first();
    await expect(event).toContainText('Cambió el nombre de un equipo');
    await expect(event).toContainText(ADMIN_NAME);
    await expect(event).toContainText(BRANCH_NAME);
    await event.getByText('Detalles').click();
    await expect(event).toContainText(label);
  });

  for (const [size, viewport] of [
    ['kiosk', { width: 1280, height: 900 }],
    ['phone', { width: 360, height: 740 }]
  ] as const) {
    test(`the admin pages at ${size} size have no axe violations and no sideways scroll`, async ({
      browser
    }) => {
      const page = await signedIn(browser, ADMIN, '/staff/people');
      await page.setViewportSize(viewport);
      await page.reload();
      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page);
      // With a temporary password shown, a card opened and an error on it.
      const id = unique();
      await createAccount(page, {
        name: `Axe ${id}`,
        email: `axe.${id}@parque.example`,
        role: 'Facilitador(a)',
        park: BRANCH_NAME
      });
      const card = page.getByTestId('person').filter({ hasText: `axe.${id}@` });
      await card.getByText(`Rol y parques de Axe ${id}`).click();
      await card.getByRole('checkbox', { name: BRANCH_NAME }).uncheck();
      await card.getByRole('button', { name: `Guardar el rol y los parques de Axe ${id}` }).click();
      await expect(card.getByRole('alert')).toHaveText('Elija al menos un parque para este rol.');
      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page);

      for (const path of [
        '/staff/audit',
        '/staff/audit?kind=staff_created',
        '/staff/audit?from=nope',
        '/staff/devices'
      ]) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        if (path.includes('nope')) {
          await expect(page.getByRole('alert')).toContainText('El filtro «Desde» no es válido');
          await expect(page.getByTestId('audit-event')).toHaveCount(0);
        }
        const details = page.getByTestId('audit-event').first().getByText('Detalles');
        if (await details.count()) await details.click();
        await expectNoAxeViolations(page);
        await expectNoSidewaysScroll(page);
      }
      await page.context().close();
    });
  }
});
