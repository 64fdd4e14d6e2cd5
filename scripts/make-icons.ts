/**
 * Renders static/icons/favicon.svg to the PNG icons the web app manifest needs (192, 512
 * and a maskable 512 with the logo inside the 80 % safe zone). Run after changing the logo:
 *   npx tsx scripts/make-icons.ts
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumPath, CHROMIUM_ARGS } from './chromium';

const svg = readFileSync('static/icons/favicon.svg', 'utf8');

async function main() {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  const shots: [string, number, boolean][] = [
    ['icon-192.png', 192, false],
    ['icon-512.png', 512, false],
    ['icon-maskable-512.png', 512, true]
  ];
  for (const [name, size, maskable] of shots) {
    await page.setViewportSize({ width: size, height: size });
    const inner = maskable ? Math.round(size * 0.7) : size;
    await page.setContent(
      `<body style="margin:0;display:grid;place-items:center;width:${size}px;height:${size}px;background:${maskable ? '#064b35' : 'transparent'}">
        <div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body>`
    );
    await page.screenshot({ path: `static/icons/${name}`, omitBackground: !maskable });
  }
  await browser.close();
}

void main();
