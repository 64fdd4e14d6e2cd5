import AxeBuilder from '@axe-core/playwright';
import { chooseBranch, expect, test } from './fixtures';

const pages = ['/', '/workshops', '/workshops/ws-espana-correo', '/setup'];

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
        await expect(page.locator('main')).not.toContainText('Cargando');
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
