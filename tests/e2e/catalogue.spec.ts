import { BRANCH_ID, expect, test, writeTransaction } from './fixtures';
import { saveSessions, updateWorkshop } from '../../src/lib/server/catalogue';

test.describe('kiosk catalogue online', () => {
  test('a first visit picks the park and shows what is on today', async ({ page, serverDb }) => {
    // A session that is on right now, whatever the hour the test runs.
    const now = Date.now();
    await writeTransaction(serverDb, (trx, v) =>
      saveSessions(trx, v, [
        {
          id: 'e2e-today',
          workshopId: 'ws-espana-correo',
          branchId: BRANCH_ID,
          startsAt: new Date(now - 60_000).toISOString(),
          endsAt: new Date(now + 3_600_000).toISOString(),
          room: 'Sala de prueba e2e',
          capacity: 20,
          seatsTaken: 3,
          status: 'scheduled'
        }
      ])
    );
    await page.goto('/');
    await expect(
      page.getByRole('heading', { name: '¿En qué parque biblioteca estás?' })
    ).toBeVisible();
    await page.getByRole('button', { name: /Parque Biblioteca España/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Hoy en Parque Biblioteca España'
    );
    const today = page.getByTestId('today');
    await expect(today).toContainText('Sala de prueba e2e');
    await expect(today).toContainText('En curso');
    await expect(today).toContainText('Quedan 17 cupos');
    await expect(page.getByTestId('last-sync')).toContainText('Actualizado');
  });

  test('search folds accents and answers as you type', async ({ kiosk: page }) => {
    await page.getByRole('link', { name: 'Catálogo', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catálogo de talleres');
    const total = await page.getByTestId('results').getByRole('listitem').count();
    expect(total).toBeGreaterThan(5);
    const search = page.getByLabel('Buscar talleres');
    await search.pressSequentially('correo electronico');
    await expect(page.getByTestId('results')).toContainText('correo electrónico');
    const narrowed = await page.getByTestId('results').getByRole('listitem').count();
    expect(narrowed).toBeLessThan(total);
    await search.fill('zzzz-nada');
    await expect(page.getByText('Ningún taller coincide')).toBeVisible();
  });

  test('filters by day, topic, audience and seats', async ({ kiosk: page }) => {
    await page.goto('/workshops');
    const count = page.getByTestId('result-count');
    await expect(count).toContainText('talleres');
    const all = Number((await count.textContent())?.match(/\d+/)?.[0]);
    await page.getByLabel('Tema').selectOption({ label: 'Alfabetización digital' });
    const digital = Number((await count.textContent())?.match(/\d+/)?.[0]);
    expect(digital).toBeGreaterThan(0);
    expect(digital).toBeLessThan(all);
    await page.getByLabel('Día').selectOption({ label: 'Próximos 7 días' });
    await page.getByLabel('Solo con cupos disponibles').check();
    await expect(page.getByTestId('results').getByText('Sin cupos')).toHaveCount(0);
    await page.getByRole('button', { name: 'Quitar filtros' }).click();
    await expect(count).toHaveText(`${all} talleres`);
  });

  test('a workshop page shows its upcoming sessions', async ({ kiosk: page }) => {
    await page.goto('/workshops');
    const first = page.getByTestId('results').getByRole('link').first();
    const title = (await first.textContent())?.trim() ?? '';
    await first.click();
    await expect(page.getByTestId('workshop-title')).toHaveText(title);
    await expect(page.getByRole('heading', { name: 'Próximas sesiones' })).toBeVisible();
    await expect(page.getByTestId('session').first()).toBeVisible();
  });

  test('a change on the server reaches an open page after reconnecting', async ({
    kiosk: page,
    context,
    serverDb
  }) => {
    await page.goto(`/workshops/ws-espana-correo`);
    await expect(page.getByTestId('workshop-title')).toBeVisible();
    await context.setOffline(true);
    await expect(page.getByTestId('sync-status')).toContainText('Sin conexión');
    await writeTransaction(serverDb, (trx, v) =>
      updateWorkshop(trx, v, 'ws-espana-correo', { title: 'Correo electrónico (renovado)' })
    );
    await context.setOffline(false);
    await expect(page.getByTestId('workshop-title')).toHaveText('Correo electrónico (renovado)');
  });

  test('switching to English changes the interface text', async ({ kiosk: page }) => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Today at Parque Biblioteca España'
    );
    await expect(page.getByRole('link', { name: 'Catalogue', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Today at Parque Biblioteca España'
    );
    await page.getByRole('button', { name: 'Español' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Hoy en Parque Biblioteca España'
    );
  });
});

test.describe('steady screens', () => {
  for (const path of ['/', '/workshops']) {
    test(`${path} is not redrawn through "loading" when a sync lands`, async ({
      kiosk: page,
      context
    }) => {
      await page.goto(path);
      await expect(
        page.getByTestId('session').or(page.getByTestId('results')).first()
      ).toBeVisible();
      await page.evaluate(() => {
        const w = window as unknown as { sawLoading: boolean };
        w.sawLoading = false;
        new MutationObserver(() => {
          if (document.querySelector('main')?.textContent?.includes('Cargando el catálogo')) {
            w.sawLoading = true;
          }
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      // Two syncs: going back online pulls at once.
      for (let i = 0; i < 2; i++) {
        await context.setOffline(true);
        await expect(page.getByTestId('sync-status')).toContainText('Sin conexión');
        await context.setOffline(false);
        await expect(page.getByTestId('sync-status')).toContainText('En línea');
        await expect(page.getByTestId('sync-status')).not.toContainText('Actualizando');
      }
      expect(
        await page.evaluate(() => (window as unknown as { sawLoading: boolean }).sawLoading)
      ).toBe(false);
    });
  }
});
