/**
 * Scanning a ticket's QR with the kiosk camera. Chromium's fake camera plays a video made
 * here from the ticket code (YUV4MPEG2: the QR drawn in the luma plane), so the page
 * reads real camera frames, with BarcodeDetector where the browser has it and the jsQR
 * fallback otherwise (headless Chromium on Linux has none, so this exercises jsQR).
 */
import { chromium, type Browser } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'uqr';
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium';
import {
  addSession,
  BRANCH_NAME,
  enrolAsKiosk,
  expect,
  laterToday,
  registerFor,
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
    const video = join(dir, 'ticket.y4m');
    qrVideo(code, video);
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [
        ...CHROMIUM_ARGS,
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`
      ]
    });
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
