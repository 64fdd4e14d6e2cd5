import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { expect, test } from './fixtures';

/** Opens the first workshop with a session that still has seats and starts registering. */
async function startRegistration(page: Page): Promise<string> {
  await page.goto('/workshops');
  await page.getByLabel('Solo con cupos disponibles').check();
  await page.getByTestId('results').getByRole('link').first().click();
  const title = (await page.getByTestId('workshop-title').textContent()) ?? '';
  await page.getByRole('link', { name: 'Inscribirme' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscripción');
  return title;
}

async function fillForm(page: Page, name: string) {
  await page.getByLabel('Nombre o apodo').fill(name);
  await page.getByLabel('Teléfono o correo (opcional)').fill('300 555 1234');
  await page.getByLabel('Edad (opcional)').selectOption({ label: '29 a 59 años' });
  await page.getByLabel('Acepto el aviso de privacidad').check();
}

/** Reads the QR on the page back with jsQR, as a phone camera would. */
async function decodeQr(page: Page): Promise<string | null> {
  const SIZE = 400;
  // Rasterise the SVG in the page; decode the pixels here (the page's CSP allows no
  // injected scripts, rightly).
  const pixels = await page.evaluate(async (size) => {
    const svg = document.querySelector('[data-testid="ticket-qr"]') as SVGSVGElement;
    const xml = new XMLSerializer().serializeToString(svg);
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0, size, size);
    return Array.from(ctx.getImageData(0, 0, size, size).data);
  }, SIZE);
  return jsQR(Uint8ClampedArray.from(pixels), SIZE, SIZE)?.data ?? null;
}

test.describe('registering at the kiosk', () => {
  test('online: the ticket is confirmed and its QR decodes to the code', async ({
    kiosk: page
  }) => {
    const title = await startRegistration(page);
    const form = page.url();
    await expect(page.getByText(`Te inscribes a: ${title}`)).toBeVisible();
    await fillForm(page, 'Luz Marina Restrepo');
    await page.getByRole('button', { name: 'Inscribirme' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
    const code = ((await page.getByTestId('ticket-code').textContent()) ?? '').replace('-', '');
    expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/);
    expect(await decodeQr(page)).toBe(code);
    await expect(page.getByTestId('pending-count')).toHaveCount(0);

    // The same person again on the same session is caught on the device and explained.
    await page.goto(form);
    await fillForm(page, 'luz marina RESTREPO');
    await page.getByRole('button', { name: 'Inscribirme' }).click();
    await expect(page.getByText('ya hay una inscripción con ese nombre')).toBeVisible();
  });

  test('bad input gets clear errors and saves nothing', async ({ kiosk: page }) => {
    await startRegistration(page);
    await page.getByLabel('Teléfono o correo (opcional)').fill('no es un contacto');
    await page.getByRole('button', { name: 'Inscribirme' }).click();
    await expect(page.getByText('Escribe tu nombre o un apodo')).toBeVisible();
    await expect(page.getByText('Escribe un teléfono (7 a 15 números)')).toBeVisible();
    await expect(page.getByText('debes aceptar el aviso de privacidad')).toBeVisible();
    await expect(page.getByLabel('Nombre o apodo')).toHaveAttribute('aria-invalid', 'true');
    await page.goto('/tickets');
    await expect(page.getByText('Aún no hay inscripciones en este equipo.')).toBeVisible();
  });

  test('offline: saved and pending, kept across a reload, confirmed after reconnecting', async ({
    kiosk: page,
    context
  }) => {
    await startRegistration(page);
    await context.setOffline(true);
    await fillForm(page, 'Jhon Fredy Úsuga');
    await page.getByRole('button', { name: 'Inscribirme' }).click();
    const status = page.getByTestId('ticket-status');
    await expect(status).toContainText('Guardada en este equipo');
    await expect(page.getByTestId('pending-count')).toHaveText('1 cambio por enviar');

    await page.reload();
    await expect(status).toContainText('Guardada en este equipo');
    await expect(page.getByTestId('pending-count')).toHaveText('1 cambio por enviar');

    await context.setOffline(false);
    await expect(status).toHaveText('Cupo confirmado');
    await expect(page.getByTestId('pending-count')).toHaveCount(0);
  });

  test('cancelling with the ticket frees the seat', async ({ kiosk: page, serverDb }) => {
    await startRegistration(page);
    await fillForm(page, 'Ana Cancelación');
    await page.getByRole('button', { name: 'Inscribirme' }).click();
    await expect(page.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
    await page.getByRole('button', { name: 'Cancelar inscripción' }).click();
    await page.getByRole('button', { name: 'Sí, cancelar' }).click();
    await expect(page.getByTestId('ticket-status')).toHaveText('Inscripción cancelada');
    await expect
      .poll(
        async () =>
          (
            await serverDb
              .selectFrom('registrations')
              .select('status')
              .where('name', '=', 'Ana Cancelación')
              .executeTakeFirst()
          )?.status
      )
      .toBe('cancelled');
  });
});
