import { expect, test } from './fixtures';

test.describe('kiosk offline', () => {
  test('home, catalogue and a workshop reload offline with their data', async ({
    kiosk: page,
    context
  }) => {
    await page.goto('/workshops');
    const firstLink = page.getByTestId('results').getByRole('link').first();
    const title = (await firstLink.textContent())?.trim() ?? '';
    const href = (await firstLink.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/workshops\//);

    await context.setOffline(true);

    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Hoy en Parque Biblioteca España'
    );
    await expect(page.getByTestId('sync-status')).toContainText('Sin conexión');
    await expect(page.getByTestId('session').first()).toBeVisible();

    await page.reload();
    await expect(page.getByTestId('session').first()).toBeVisible();

    await page.goto('/workshops');
    await expect(page.getByTestId('results').getByRole('listitem').first()).toBeVisible();

    await page.goto(href);
    await expect(page.getByTestId('workshop-title')).toHaveText(title);
    await page.reload();
    await expect(page.getByTestId('workshop-title')).toHaveText(title);
    await expect(page.getByTestId('session').first()).toBeVisible();
  });

  test('search works offline', async ({ kiosk: page, context }) => {
    await context.setOffline(true);
    await page.goto('/workshops');
    const results = page.getByTestId('results');
    await expect(results.getByRole('listitem').first()).toBeVisible();
    const all = await results.getByRole('listitem').count();
    await page.getByLabel('Buscar talleres').pressSequentially('ingles');
    // The query narrows the list (it would not if it were ignored), to matches only.
    await expect.poll(() => results.getByRole('listitem').count()).toBeLessThan(all);
    const found = await results.getByRole('listitem').allInnerTexts();
    expect(found.length).toBeGreaterThan(0);
    for (const text of found) expect(text).toMatch(/ingl[eé]s|english/i);
  });
});
