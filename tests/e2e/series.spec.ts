/**
 * A series of sessions (issue 9 §3): a librarian plans a weekly series on the console with
 * a public holiday skipped, sees it on the console's week, and an enrolled kiosk shows its
 * sessions after its next sync, and offline after a reload. The dates come from the
 * holidays module at run time, so the test holds whatever day it runs.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { holidaysOn } from '../../src/lib/domain/holidays';
import { addDays, localDateKey } from '../../src/lib/domain/schedule';
import { BRANCH_ID, expect, openDevice, staffCookie, test } from './fixtures';

const LIBRARIAN = 'biblioteca.espana@parque.example';
const PASSWORD = process.env.PARQUE_DEMO_PASSWORD ?? 'demo-password-e2e';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const ZONE = 'America/Bogota';
const WORKSHOP = 'ws-espana-correo';
const ES = JSON.parse(readFileSync('messages/es.json', 'utf8')) as Record<string, string>;

/**
 * A weekly series whose first session falls in the coming week (so the console's week
 * shows it) and whose last falls on a public holiday, the only one among its dates.
 */
function plan() {
  const today = localDateKey(new Date(), ZONE);
  for (let offset = 1; offset <= 6; offset++) {
    const first = addDays(today, offset);
    if (holidaysOn(first).length > 0) continue;
    for (let week = 1; week <= 16; week++) {
      const date = addDays(first, 7 * week);
      const keys = holidaysOn(date);
      if (keys.length > 0) {
        const dates = Array.from({ length: week + 1 }, (_, i) => addDays(first, 7 * i));
        return { first, holiday: date, keys, dates };
      }
    }
  }
  throw new Error('no weekday of the coming week has a public holiday in the next 16 weeks');
}

async function axeClean(page: Page): Promise<void> {
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
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.describe('series', () => {
  test('a librarian creates a weekly series with a holiday skipped; an enrolled kiosk shows it, offline too', async ({
    page,
    browser,
    serverDb
  }) => {
    const { first, holiday, keys, dates } = plan();
    const room = `Sala serie ${Date.now().toString(36)}`;
    const kept = dates.filter((d) => d !== holiday);

    // The kiosk is enrolled and synced before the series exists.
    const kiosk = await openDevice(browser, { kiosk: true });
    await kiosk.goto(`/workshops/${WORKSHOP}`);
    await expect(kiosk.getByTestId('workshop-title')).toBeVisible();
    const kioskCards = kiosk.getByTestId('session').filter({ hasText: room });
    await expect(kioskCards).toHaveCount(0);

    // The librarian signs in on the way to the page.
    await page.goto('/staff/series/new');
    await page.getByLabel('Correo electrónico').fill(LIBRARIAN);
    await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programar sesiones');
    await axeClean(page);

    await page.getByLabel('Taller').selectOption(WORKSHOP);
    await page.getByLabel('Primera fecha').fill(first);
    await page.getByLabel('Hora de inicio').fill('05:37');
    await page.getByLabel('Duración en minutos').fill('60');
    await page.getByLabel('Cupos').fill('12');
    await page.getByLabel('Salón').fill(room);
    await page.getByLabel('Cada semana, el mismo día').check();
    await page.getByLabel('Después de un número de sesiones').check();
    await page.getByLabel('Número de sesiones', { exact: true }).fill(String(dates.length));
    await page.getByRole('button', { name: 'Ver las fechas' }).click();

    // Every date is listed; the holiday alone is unticked and named.
    const preview = page.getByTestId('series-preview');
    // Keyboard and screen-reader users are taken to the dates.
    await expect(preview.getByRole('heading', { level: 2 })).toBeFocused();
    await expect(preview.getByRole('checkbox')).toHaveCount(dates.length);
    for (const date of dates) {
      const box = preview.locator(`input[type="checkbox"][value="${date}"]`);
      if (date === holiday) await expect(box).not.toBeChecked();
      else await expect(box).toBeChecked();
    }
    const names = keys.map((k) => ES[`series_holiday_${k}`]).join(' · ');
    await expect(preview.getByTestId('holiday')).toHaveText(`Festivo: ${names}`);
    await axeClean(page);

    await page.getByRole('button', { name: 'Crear' }).click();
    await expect(page).toHaveURL(/\/staff\/sessions\?park=br-espana&created=\d+$/);
    await expect(page.locator('p[role="status"]')).toHaveText(`Sesiones creadas: ${kept.length}.`);
    // The first session is in the console's week, at its unusual hour.
    await expect(
      page.getByTestId('console-session').filter({ hasText: room }).filter({ hasText: /5:37/ })
    ).toHaveCount(1);

    const rows = await serverDb
      .selectFrom('sessions')
      .select(['starts_at', 'series_id', 'capacity'])
      .where('room', '=', room)
      .orderBy('starts_at')
      .execute();
    expect(rows.map((r) => localDateKey(r.starts_at, ZONE))).toEqual(kept);
    expect(new Set(rows.map((r) => r.series_id)).size).toBe(1);
    expect(rows.every((r) => Number(r.capacity) === 12)).toBe(true);
    // 5:37 in Bogotá (UTC-5) is 10:37 UTC.
    expect(rows.every((r) => r.starts_at.slice(11, 16) === '10:37')).toBe(true);

    // The kiosk's next sync brings them; offline, a reload still shows them.
    await kiosk.reload();
    await expect(kioskCards).toHaveCount(kept.length);
    await kiosk.context().setOffline(true);
    await kiosk.reload();
    await expect(kiosk.getByTestId('workshop-title')).toBeVisible();
    await expect(kioskCards).toHaveCount(kept.length);
    await kiosk.context().setOffline(false);
  });

  test('a facilitator can open the page but not create a series', async ({
    browser,
    baseURL,
    serverDb
  }) => {
    const cookie = await staffCookie('facilitator', [BRANCH_ID]);
    const [name, value] = cookie.cookie!.split('=') as [string, string];
    const context = await browser.newContext({ locale: 'es-CO', timezoneId: ZONE });
    await context.addCookies([{ name, value, url: baseURL! }]);
    const page = await context.newPage();
    await page.goto('/staff/series/new');
    await expect(
      page.getByText('Su rol puede ver las sesiones, pero no programarlas.')
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Ver las fechas' })).toHaveCount(0);

    const { first } = plan();
    const room = `Sala prohibida ${Date.now().toString(36)}`;
    const res = await context.request.post('/staff/series/new?/create', {
      // As a browser without JavaScript posts the form.
      headers: { origin: baseURL!, accept: 'text/html' },
      maxRedirects: 0,
      form: {
        park: BRANCH_ID,
        workshop: WORKSHOP,
        date: first,
        time: '05:41',
        duration: '60',
        room,
        capacity: '10',
        repeat: 'weekly',
        end: 'count',
        count: '2',
        seriesId: crypto.randomUUID(),
        keep: first
      }
    });
    expect(res.status()).toBe(403);
    const made = await serverDb
      .selectFrom('sessions')
      .select('id')
      .where('room', '=', room)
      .execute();
    expect(made).toEqual([]);
    await context.close();
  });
});
