/**
 * The kiosk's idle reset (DESIGN §7): after 90 s without input a 30 s countdown offers to
 * keep going; then the kiosk returns home with the visitor's screens, search and guest
 * progress cleared, and the outbox untouched.
 */
import AxeBuilder from '@axe-core/playwright';
import { BRANCH_NAME, expect, syncDone, test } from './fixtures';

test('an idle kiosk warns, can be kept, then clears what the visitor left', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  await page.getByLabel(/quiosco compartido/).check();
  await page.getByRole('button', { name: new RegExp(BRANCH_NAME) }).click();
  await syncDone(page);

  // A visitor reads a lesson as a guest, then searches the catalogue.
  await page.goto('/learn/celular-basico/botones-y-pantalla');
  await page.getByTestId('next-lesson').click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Llamadas y contactos');
  await page.goto('/workshops');
  const search = page.getByLabel('Buscar talleres');
  await search.fill('correo');

  // 90 s later the countdown shows; "Sigo aquí" keeps everything.
  await page.clock.fastForward(90_000);
  const dialog = page.getByRole('dialog', { name: '¿Sigues ahí?' });
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('idle-countdown')).toHaveText('Quedan 30 segundos');
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(axe.violations).toEqual([]);
  await page.clock.runFor(5_000);
  await expect(page.getByTestId('idle-countdown')).toHaveText('Quedan 25 segundos');
  await dialog.getByRole('button', { name: 'Sigo aquí' }).click();
  await expect(dialog).toBeHidden();
  await expect(search).toHaveValue('correo');

  // Left alone again: after the warning and its countdown the kiosk starts over.
  await page.clock.fastForward(90_000);
  await expect(dialog).toBeVisible();
  await page.clock.runFor(31_000);
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/workshops');
  await expect(page.getByLabel('Buscar talleres')).toHaveValue('');
  await page.goto('/learn');
  await expect(page.getByTestId('course-card').first()).toBeVisible();
  await expect(page.getByText('lecciones leídas')).toHaveCount(0);
  await expect(page.getByText('Estás probando como invitado')).toHaveCount(0);
});
