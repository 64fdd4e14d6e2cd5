/**
 * Scanning a ticket's QR with the camera, on a kiosk's check-in page and on the desk.
 * Chromium's fake camera plays a video made here from the ticket code (YUV4MPEG2: the QR
 * drawn in the luma plane), so the page reads real camera frames, with BarcodeDetector
 * where the browser has it and the jsQR fallback otherwise (headless Chromium on Linux has
 * none, so this exercises jsQR).
 */
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'uqr';
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium';
import { localDateKey, startOfLocalDay } from '../../src/lib/domain/schedule';
import { randomCode, stampAt } from '../../src/lib/server/test/factories';
import {
  addSession,
  BRANCH_NAME,
  enrolAsKiosk,
  expect,
  laterToday,
  registerFor,
  seedTicket,
  serviceWorkerReady,
  shiftClock,
  syncDone,
  test
} from './fixtures';

const SESSION = 'e2e-camera-today';
const W = 640;
const H = 480;

/** A few seconds of video showing the QR code of `text`, as a .y4m file. */
function qrVideo(text: string, path: string): void {
  const qr = encode(text, { ecc: 'M', border: 4 });
  const scale = Math.floor((Math.min(W, H) * 0.8) / qr.size);
  const x0 = Math.floor((W - qr.size * scale) / 2);
  const y0 = Math.floor((H - qr.size * scale) / 2);
  const luma = Buffer.alloc(W * H, 235);
  for (let y = 0; y < qr.size * scale; y++) {
    for (let x = 0; x < qr.size * scale; x++) {
      if (qr.data[Math.floor(y / scale)]![Math.floor(x / scale)]) luma[(y0 + y) * W + x0 + x] = 16;
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: 20 }, () => frame)]));
}

/** A browser whose camera films the QR code of `text` (granted without a prompt). */
function browserFilming(text: string, dir: string): Promise<Browser> {
  const video = join(dir, 'ticket.y4m');
  qrVideo(text, video);
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`
    ]
  });
}

test('a kiosk checks a ticket in by scanning its QR with the camera', async ({
  serverDb,
  baseURL
}) => {
  await addSession(serverDb, SESSION, { startsAt: laterToday(), capacity: 30 });
  const dir = mkdtempSync(join(tmpdir(), 'parque-camera-'));
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const context = await browser.newContext({
      baseURL,
      locale: 'es-CO',
      timezoneId: 'America/Bogota'
    });
    await shiftClock(context);
    const phone = await context.newPage();
    await phone.goto('/');
    await phone.getByRole('button', { name: new RegExp(BRANCH_NAME) }).click();
    await syncDone(phone);
    const code = await registerFor(phone, SESSION, 'Yesenia Cámara');
    await expect(phone.getByTestId('ticket-status')).toHaveText('Cupo confirmado');
    await browser.close();

    // The kiosk's camera films that ticket.
    browser = await browserFilming(code, dir);
    const kioskContext = await browser.newContext({
      baseURL,
      locale: 'es-CO',
      timezoneId: 'America/Bogota',
      permissions: ['camera']
    });
    await shiftClock(kioskContext);
    const kiosk = await kioskContext.newPage();
    await enrolAsKiosk(kiosk);
    await syncDone(kiosk);
    await serviceWorkerReady(kiosk);
    await kiosk.goto('/');
    await syncDone(kiosk);
    await kiosk.getByRole('link', { name: 'Asistencia' }).click();
    await kiosk.getByRole('button', { name: 'Escanear el código QR' }).click();
    await expect(kiosk.getByTestId('checkin-result')).toContainText('¡Hola, Yesenia!', {
      timeout: 20_000
    });
    await expect(kiosk.getByLabel('Código del tiquete')).toHaveValue('');
  } finally {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an offline desk checks a person in by scanning the QR of their ticket', async ({
  serverDb,
  baseURL
}) => {
  const zone = 'America/Bogota';
  const tag = Date.now().toString(36);
  const id = `ses-e2e-desk-qr-${tag}`;
  // Early today in Bogotá: whatever the hour, it is one of today's sessions.
  const start = Date.parse(startOfLocalDay(localDateKey(new Date(), zone), zone)) + 9 * 60_000;
  await addSession(serverDb, id, { startsAt: start, capacity: 10 });
  const names = [`Gloria Escáner ${tag}`, `Hugo Escáner ${tag}`];
  const codes = names.map(() => randomCode());
  for (const [i, name] of names.entries()) {
    await seedTicket(serverDb, id, {
      name,
      code: codes[i]!,
      status: 'confirmed',
      stamp: stampAt(start - 86_400_000 + i)
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'parque-camera-'));
  let browser: Browser | undefined;
  try {
    // Gloria's ticket was printed at a kiosk: its QR is the claim link carrying the code.
    browser = await browserFilming(`${baseURL}/tickets/claim?code=${codes[0]}`, dir);
    const context = await browser.newContext({
      baseURL,
      locale: 'es-CO',
      timezoneId: zone,
      permissions: ['camera']
    });
    await shiftClock(context);
    const desk = await context.newPage();
    // This test's session (its radio is named by time and title, like others of today).
    const session = desk.locator(`input[name="session"][value="${id}"]`);
    await enrolAsKiosk(desk, 'desk');
    await syncDone(desk);
    await serviceWorkerReady(desk);
    await desk.goto('/desk');
    await session.check();
    await expect(desk.getByTestId('desk-roster')).toContainText(names[1]!);
    const axe = await new AxeBuilder({ page: desk })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    expect(axe.violations).toEqual([]);

    // Headless Chromium has no BarcodeDetector: the desk fetched the QR decoder, which is
    // not precached, for the service worker to keep (src/service-worker.ts).
    const onDemand = () =>
      desk.evaluate(async () => (await (await caches.open('immutable-on-demand')).keys()).length);
    await expect.poll(onDemand).toBeGreaterThan(0);
    await context.setOffline(true);
    await desk.reload();
    await session.check();
    await desk.getByRole('button', { name: 'Escanear el código QR' }).click();
    await expect(desk.getByTestId('desk-message')).toHaveText(`Llegada registrada: ${names[0]}.`, {
      timeout: 20_000
    });
    await expect(desk.getByRole('listitem').filter({ hasText: names[0]! })).toContainText(
      '✓ Llegó'
    );
    await expect(desk.getByTestId('desk-counts')).toHaveText(
      'Llegaron 1 de 2 confirmados · 0 sin inscripción'
    );
    // The camera is off again, and Hugo, who was not filmed, is still expected.
    await expect(desk.getByRole('button', { name: 'Escanear el código QR' })).toBeVisible();
    await expect(
      desk.getByRole('button', { name: `Registrar la llegada de ${names[1]}` })
    ).toBeVisible();

    await context.setOffline(false);
    const arrived = async () =>
      (
        await serverDb
          .selectFrom('registrations')
          .select('name')
          .where('session_id', '=', id)
          .where('checked_in_stamp', 'is not', null)
          .execute()
      ).map((r) => r.name);
    await expect.poll(arrived, { timeout: 20_000 }).toEqual([names[0]]);
  } finally {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
