import AxeBuilder from '@axe-core/playwright';
import { chooseBranch, expect, test } from './fixtures';

const pages = [
  '/',
  '/workshops',
  '/workshops/ws-espana-correo',
  '/setup',
  '/tickets',
  '/tickets/claim',
  '/checkin',
  '/learn',
  '/learn/celular-basico',
  '/learn/celular-basico/botones-y-pantalla',
  '/learn/celular-basico/quiz',
  '/learn/profile'
];

test.describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  test('the first-run park picker has no violations', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('button', { name: /Parque Biblioteca España/ })).toBeVisible();
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    expect(result.violations).toEqual([]);
  });

  for (const path of pages) {
    for (const [name, viewport] of [
      ['kiosk', { width: 1280, height: 900 }],
      ['phone', { width: 360, height: 740 }]
    ] as const) {
      test(`${path} at ${name} size has no violations`, async ({ page }) => {
        await page.setViewportSize(viewport);
        await chooseBranch(page);
        await page.goto(path);
        await expect(page.locator('main')).not.toContainText(/Cargando|Abriendo/);
        await expect(page.locator('h1')).toBeVisible();
        const result = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
          .analyze();
        expect(result.violations).toEqual([]);
        // Nothing scrolls sideways on a 360 px phone.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        expect(overflow).toBeLessThanOrEqual(0);
      });
    }
  }
});

test.describe('accessibility of registering', () => {
  for (const [name, viewport] of [
    ['kiosk', { width: 1280, height: 900 }],
    ['phone', { width: 360, height: 740 }]
  ] as const) {
    test(`the form, its errors and the ticket at ${name} size have no violations`, async ({
      page
    }) => {
      await page.setViewportSize(viewport);
      await chooseBranch(page);
      await page.goto('/workshops/ws-espana-correo');
      await page
        .getByRole('link', { name: /Inscribirme|Anotarme/ })
        .first()
        .click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscripción');
      const scan = async () =>
        (
          await new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
            .analyze()
        ).violations;
      expect(await scan()).toEqual([]);
      await page.getByRole('button', { name: 'Inscribirme' }).click();
      await expect(page.getByText('Escribe tu nombre o un apodo')).toBeVisible();
      expect(await scan()).toEqual([]);
      await page.getByLabel('Nombre o apodo').fill(`Axe ${name}`);
      await page.getByLabel('Acepto el aviso de privacidad').check();
      await page.getByRole('button', { name: 'Inscribirme' }).click();
      await expect(page.getByTestId('ticket-code')).toBeVisible();
      expect(await scan()).toEqual([]);
      await page.goto('/tickets');
      await expect(page.getByTestId('tickets')).toBeVisible();
      expect(await scan()).toEqual([]);
    });
  }
});
