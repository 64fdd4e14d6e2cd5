/**
 * A librarian's session edits from the console (issue 9 §3), seen where visitors see them:
 * more seats confirm the first person waiting, on their own phone; a cancellation with a
 * reason reaches every ticket and the kiosk's home; a move shows the new time on the
 * ticket. Plus who may not edit, and axe on the session's page at both sizes.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { addDays, localDateKey, startOfLocalDay } from '../../src/lib/domain/schedule';
import { randomCode, stampAt } from '../../src/lib/server/test/factories';
import {
  addSession,
  BRANCH_ID,
  enrolmentCode,
  expect,
  seedTicket,
  openDevice,
  registerFor,
  staffCookie,
  test
} from './fixtures';

const ZONE = 'America/Bogota';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** A day from today in Bogotá at hh:mm, as epoch ms. */
function dayAt(days: number, hour: number, minute: number): number {
  const day = addDays(localDateKey(new Date(), ZONE), days);
  return Date.parse(startOfLocalDay(day, ZONE)) + (hour * 60 + minute) * 60_000;
}

const tag = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A member of staff's browser on the console, signed in by cookie. */
async function consoleFor(
  browser: Browser,
  role: 'librarian' | 'facilitator',
  parks = [BRANCH_ID]
) {
  const context = await browser.newContext({ locale: 'es-CO', timezoneId: ZONE });
  const [name, value] = (await staffCookie(role, parks)).cookie!.split('=') as [string, string];
  await context.addCookies([{ name, value, url: test.info().project.use.baseURL! }]);
  return { page: await context.newPage(), close: () => context.close() };
}

async function openTicket(page: Page) {
  // The ticket the phone just made is the page it is on; a reload syncs and redraws it.
  await page.reload();
  return page.getByTestId('ticket-status');
}

test.describe('session edits from the console', () => {
  test('more seats: the first person waiting is confirmed on their phone', async ({
    browser,
    serverDb
  }) => {
    const id = `ses-e2e-cap-${tag()}`;
    await addSession(serverDb, id, { startsAt: dayAt(2, 8, 11), capacity: 1 });
    const first = await openDevice(browser);
    await registerFor(first, id, 'Ana Primera');
    await expect(first.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
    const waiting = await openDevice(browser);
    await registerFor(waiting, id, 'Bruno Segundo');
    await expect(waiting.getByTestId('ticket-status')).toHaveText('En lista de espera: puesto 1');

    const librarian = await consoleFor(browser, 'librarian');
    try {
      const page = librarian.page;
      await page.goto(`/staff/sessions/${id}`);
      await expect(page.getByTestId('session-counts')).toContainText('1 de 1 cupos');
      // Below the confirmed seats: refused, nothing changes.
      await page.getByLabel('Cupos', { exact: true }).fill('0');
      await page.getByRole('button', { name: 'Guardar los cupos' }).click();
      await expect(page.getByRole('alert')).toContainText('Ninguna persona confirmada pierde');
      await page.getByLabel('Cupos', { exact: true }).fill('2');
      await page.getByRole('button', { name: 'Guardar los cupos' }).click();
      await expect(page.getByTestId('edit-done')).toHaveText('Se guardaron los cupos.');
      await expect(page.getByTestId('session-counts')).toContainText('2 de 2 cupos');
    } finally {
      await librarian.close();
    }
    await expect(await openTicket(waiting)).toHaveText('Cupo confirmado');
    const audit = await serverDb
      .selectFrom('audit_events')
      .select(['kind', 'detail'])
      .where('subject', '=', id)
      .execute();
    expect(audit.map((a) => a.kind)).toEqual(['session_capacity_changed']);
  });

  test('a cancellation with a reason: the tickets and the kiosk home say so', async ({
    browser,
    serverDb
  }) => {
    const later = `ses-e2e-off-${tag()}`;
    const today = `ses-e2e-today-${tag()}`;
    await addSession(serverDb, later, { startsAt: dayAt(2, 8, 17), capacity: 5 });
    // Early today: ended or not, a cancellation of today stays on the kiosk's home.
    await addSession(serverDb, today, { startsAt: dayAt(0, 0, 1), capacity: 5 });
    const phone = await openDevice(browser);
    await registerFor(phone, later, 'Carla Tercera');
    await expect(phone.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
    const kiosk = await openDevice(browser, { kiosk: true });

    const librarian = await consoleFor(browser, 'librarian');
    try {
      const page = librarian.page;
      for (const [id, reason] of [
        [later, 'Corte de energía en la sala'],
        [today, 'La tallerista está enferma']
      ] as const) {
        await page.goto(`/staff/sessions/${id}`);
        // No reason, or no confirmation: refused, the session stays on.
        await page.getByLabel('Motivo').fill(reason);
        await page.getByRole('button', { name: 'Cancelar la sesión' }).click();
        await expect(page.getByTestId('session-cancelled')).toHaveCount(0);
        await page.getByLabel(/Entiendo que se cancelan/).check();
        await page.getByRole('button', { name: 'Cancelar la sesión' }).click();
        await expect(page.getByTestId('session-cancelled')).toHaveText(
          `Cancelado por la biblioteca: ${reason}`
        );
        await expect(page.getByTestId('session-message')).toHaveValue(
          new RegExp(`fue cancelado\\. Motivo: ${reason}\\.`)
        );
      }
      await page.goto(`/staff/sessions/${later}`);
      for (const viewport of [
        { width: 1280, height: 900 },
        { width: 360, height: 740 }
      ]) {
        await page.setViewportSize(viewport);
        const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
        expect(result.violations).toEqual([]);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        expect(overflow).toBeLessThanOrEqual(0);
      }
    } finally {
      await librarian.close();
    }

    await expect(await openTicket(phone)).toHaveText(
      'Cancelado por la biblioteca: Corte de energía en la sala'
    );
    await expect(phone.getByRole('button', { name: 'Cancelar inscripción' })).toHaveCount(0);
    const reg = await serverDb
      .selectFrom('registrations')
      .select(['status', 'reason'])
      .where('session_id', '=', later)
      .executeTakeFirstOrThrow();
    expect(reg).toEqual({ status: 'cancelled', reason: 'session_cancelled' });

    await kiosk.reload();
    await expect(kiosk.getByTestId('cancelled-today')).toContainText('La tallerista está enferma');
    // Offline after a reload, the kiosk still says so.
    await kiosk.context().setOffline(true);
    await kiosk.reload();
    await expect(kiosk.getByTestId('cancelled-today')).toContainText('La tallerista está enferma');
    await kiosk.context().setOffline(false);
  });

  test('a move: the ticket shows the new time; a facilitator and another park cannot edit', async ({
    browser,
    serverDb
  }) => {
    const id = `ses-e2e-move-${tag()}`;
    await addSession(serverDb, id, { startsAt: dayAt(3, 8, 23), capacity: 5 });
    const phone = await openDevice(browser);
    await registerFor(phone, id, 'Diana Cuarta');
    await expect(phone.getByTestId('ticket-status')).toHaveText('Cupo confirmado');

    const librarian = await consoleFor(browser, 'librarian');
    try {
      const page = librarian.page;
      await page.goto(`/staff/sessions/${id}`);
      await page.getByLabel('Empieza').fill('15:40');
      await page.getByLabel('Termina').fill('15:10');
      await page.getByRole('button', { name: 'Guardar la nueva hora' }).click();
      await expect(page.getByRole('alert')).toHaveText(
        'La sesión debe terminar después de empezar.'
      );
      await page.getByLabel('Empieza').fill('15:40');
      await page.getByLabel('Termina').fill('17:10');
      await page.getByRole('button', { name: 'Guardar la nueva hora' }).click();
      await expect(page.getByTestId('session-when')).toContainText('3:40');
    } finally {
      await librarian.close();
    }
    const row = await serverDb
      .selectFrom('sessions')
      .select(['starts_at', 'ends_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.starts_at).toBe(new Date(dayAt(3, 15, 40)).toISOString());
    expect(row.ends_at).toBe(new Date(dayAt(3, 17, 10)).toISOString());
    await openTicket(phone);
    await expect(phone.locator('.when')).toContainText('3:40');
    await expect(phone.getByTestId('ticket-status')).toHaveText('Cupo confirmado');

    const facilitator = await consoleFor(browser, 'facilitator');
    try {
      const page = facilitator.page;
      await page.goto(`/staff/sessions/${id}`);
      await expect(page.getByTestId('session-counts')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Guardar los cupos' })).toHaveCount(0);
      const res = await page.request.post(`/staff/sessions/${id}?/capacity`, {
        headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
        form: { capacity: '50' }
      });
      expect(res.status()).toBe(403);
    } finally {
      await facilitator.close();
    }
    const elsewhere = await consoleFor(browser, 'librarian', ['br-san-javier']);
    try {
      const res = await elsewhere.page.goto(`/staff/sessions/${id}`);
      expect(res?.status()).toBe(404);
    } finally {
      await elsewhere.close();
    }
    const capacity = await serverDb
      .selectFrom('sessions')
      .select('capacity')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(capacity.capacity).toBe(5);
  });

  test("the console's home shows today at the park, with counts and devices to check", async ({
    browser,
    request,
    serverDb
  }) => {
    const id = `ses-e2e-today-home-${tag()}`;
    // Early today: whatever the hour, it is one of today's sessions.
    await addSession(serverDb, id, { startsAt: dayAt(0, 0, 2), capacity: 7 });
    await serverDb.updateTable('sessions').set({ seats_taken: 3 }).where('id', '=', id).execute();
    // A kiosk enrolled and never synced since.
    const res = await request.post('/api/devices/enrol', {
      data: { code: await enrolmentCode('kiosk') }
    });
    expect(res.status()).toBe(201);

    const librarian = await consoleFor(browser, 'librarian');
    try {
      const page = librarian.page;
      await page.goto('/staff');
      await expect(
        page.getByRole('heading', { name: 'Hoy en Parque Biblioteca España' })
      ).toBeVisible();
      const row = page.getByTestId('today-sessions').getByRole('row').filter({ hasText: '12:02' });
      await expect(row).toContainText('3 / 7');
      await expect(page.getByTestId('today-devices')).toContainText('nunca se ha sincronizado');
      for (const viewport of [
        { width: 1280, height: 900 },
        { width: 360, height: 740 }
      ]) {
        await page.setViewportSize(viewport);
        const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
        expect(result.violations).toEqual([]);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        expect(overflow).toBeLessThanOrEqual(0);
      }
      await row.getByRole('link').click();
      await expect(page.getByTestId('session-counts')).toContainText('3 de 7 cupos');
    } finally {
      await librarian.close();
    }
  });

  test('no-shows: the seats of people not arrived go to the waitlist with one tap', async ({
    browser,
    serverDb
  }) => {
    const id = `ses-e2e-release-${tag()}`;
    // Started an hour ago: past the policy's minutes after the start.
    const start = Date.now() - 3_600_000;
    await addSession(serverDb, id, { startsAt: start, capacity: 2 });
    const stamp = (i: number) => stampAt(start - 86_400_000 + i);
    await seedTicket(serverDb, id, {
      name: 'Elena Llegó',
      code: randomCode(),
      status: 'confirmed',
      stamp: stamp(1),
      checkedIn: stampAt(start - 60_000, 'desk')
    });
    await seedTicket(serverDb, id, {
      name: 'Fabio No Vino',
      code: randomCode(),
      status: 'confirmed',
      stamp: stamp(2)
    });
    await seedTicket(serverDb, id, {
      name: 'Gloria Espera',
      code: randomCode(),
      status: 'waitlisted',
      position: 1,
      stamp: stamp(3)
    });
    const librarian = await consoleFor(browser, 'librarian');
    try {
      const page = librarian.page;
      await page.goto(`/staff/sessions/${id}`);
      await page.getByRole('button', { name: 'Dar los cupos a la lista de espera (1)' }).click();
      await expect(page.getByTestId('edit-done')).toHaveText(
        'Se liberaron los cupos de quienes no habían llegado.'
      );
      await expect(page.getByRole('heading', { name: /Liberar los cupos/ })).toHaveCount(0);
    } finally {
      await librarian.close();
    }
    const rows = await serverDb
      .selectFrom('registrations')
      .select(['name', 'status', 'reason'])
      .where('session_id', '=', id)
      .orderBy('name')
      .execute();
    expect(rows).toEqual([
      { name: 'Elena Llegó', status: 'confirmed', reason: null },
      { name: 'Fabio No Vino', status: 'cancelled', reason: 'no_show_released' },
      { name: 'Gloria Espera', status: 'confirmed', reason: null }
    ]);
  });
});
