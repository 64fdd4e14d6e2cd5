/**
 * Courses in the console (issue 9 §7): a librarian uploads a course folder as a zip, sees
 * the import's `file:line` problems for a broken one (and nothing is imported), previews the
 * good one at phone size, and publishes it for their park. A phone of that park then finds
 * it in /learn; a phone of another park does not. A facilitator sees the list and figures,
 * no upload form, and the upload action refuses them. axe on every page at both sizes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { zipSync } from 'fflate';
import {
  BRANCH_NAME,
  expect,
  serviceWorkerReady,
  shiftClock,
  staffCookie,
  syncDone,
  test
} from './fixtures';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const FIXTURE = 'tests/e2e/course-fixture/huerta-en-casa';
const COURSE_ID = 'huerta-en-casa';
const COURSE_TITLE = 'Huerta en casa';
const OTHER_PARK_NAME = 'Parque Biblioteca San Javier';

/** The fixture folder as a zip, the way a librarian's computer makes one (one top folder). */
function fixtureZip(over: Record<string, string> = {}): Buffer {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        files[`huerta-en-casa/${relative(FIXTURE, path).split(sep).join('/')}`] =
          readFileSync(path);
    }
  };
  walk(FIXTURE);
  for (const [path, text] of Object.entries(over)) {
    files[`huerta-en-casa/${path}`] = new TextEncoder().encode(text);
  }
  return Buffer.from(zipSync(files));
}

async function signedIn(
  browser: Browser,
  role: 'librarian' | 'facilitator'
): Promise<{ context: BrowserContext; page: Page; cookie: Record<string, string> }> {
  const context = await browser.newContext({ locale: 'es-CO', timezoneId: 'America/Bogota' });
  await shiftClock(context);
  const cookie = await staffCookie(role);
  const [name, value] = cookie.cookie!.split('=') as [string, string];
  const base = test.info().project.use.baseURL!;
  await context.addCookies([{ name, value, url: base }]);
  return { context, page: await context.newPage(), cookie };
}

/** axe finds nothing, and nothing scrolls sideways, at a desk's and a phone's width. */
async function accessibleAtBothSizes(page: Page): Promise<void> {
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 360, height: 740 }
  ]) {
    await page.setViewportSize(viewport);
    const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    expect(result.violations, `${page.url()} at ${viewport.width}px`).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    expect(overflow, `${page.url()} at ${viewport.width}px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A visitor's phone that chose `park` on the home screen, synced, with /learn open. */
async function phoneOf(browser: Browser, park: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'es-CO',
    timezoneId: 'America/Bogota',
    viewport: { width: 360, height: 740 }
  });
  await shiftClock(context);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: new RegExp(park) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(park);
  await syncDone(page);
  await serviceWorkerReady(page);
  await page.goto('/learn');
  // The demo courses are offered everywhere: the list has loaded when one shows.
  await expect(page.getByTestId('course-card').first()).toBeVisible();
  return context;
}

/**
 * The course titles a phone's /learn shows once it has refreshed its list from the server:
 * the cards then match, one for one, the list that request answered (the page shows the
 * device's stored list first, so a card missing before the refresh would prove nothing).
 */
async function learnTitles(context: BrowserContext): Promise<string[]> {
  const page = context.pages()[0]!;
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/courses');
  await page.goto('/learn');
  const list = (await (await answered).json()) as { title: string }[];
  expect(list.length).toBeGreaterThan(0);
  const cards = page.getByTestId('course-card').getByRole('heading');
  await expect(cards).toHaveText(list.map((c) => c.title).sort((a, b) => a.localeCompare(b, 'es')));
  return cards.allTextContents();
}

test('a librarian uploads, previews and publishes a course for their park only', async ({
  browser,
  serverDb
}) => {
  test.setTimeout(240_000);
  const { context, page } = await signedIn(browser, 'librarian');
  const espana = await phoneOf(browser, BRANCH_NAME);
  const sanJavier = await phoneOf(browser, OTHER_PARK_NAME);
  try {
    await page.goto('/staff');
    await page.getByRole('link', { name: /Subir, revisar y publicar cursos/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cursos');
    // The figures that were raw JSON, as a table: one row per demo course.
    await expect(page.getByTestId('course-figures').locator('tbody tr')).not.toHaveCount(0);
    await accessibleAtBothSizes(page);

    // A broken quiz: the problem and where it is; nothing imported.
    await page.getByLabel('Archivo .zip del curso').setInputFiles({
      name: 'huerta-en-casa.zip',
      mimeType: 'application/zip',
      buffer: fixtureZip({
        'quiz.md': '---\ntitle: Repaso\n---\n## ¿Sin respuesta?\n- [ ] a\n- [ ] b\n'
      })
    });
    await page.getByRole('button', { name: 'Subir el curso' }).click();
    await expect(page.getByTestId('upload-problems').getByRole('listitem')).toHaveText([
      'quiz.md:4: no option is marked right with [x]'
    ]);
    await accessibleAtBothSizes(page);
    expect(
      await serverDb.selectFrom('courses').select('id').where('id', '=', COURSE_ID).execute()
    ).toEqual([]);

    // The good one lands as a draft: no phone gets it yet.
    await page.getByLabel('Archivo .zip del curso').setInputFiles({
      name: 'huerta-en-casa.zip',
      mimeType: 'application/zip',
      buffer: fixtureZip()
    });
    await page.getByRole('button', { name: 'Subir el curso' }).click();
    await expect(page.getByTestId('upload-done')).toContainText('versión 1 como borrador');
    await expect(
      page.getByTestId('console-course').filter({ hasText: COURSE_TITLE })
    ).toContainText('Borrador');
    expect(await learnTitles(espana)).not.toContain(COURSE_TITLE);

    // The preview: the lessons as a phone shows them, picture included, in a phone's width.
    await page.getByTestId('upload-done').getByRole('link', { name: 'Revisar y publicar' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      `Vista previa: ${COURSE_TITLE}`
    );
    const phone = page.getByTestId('phone-preview');
    await expect(phone.getByTestId('preview-lesson-title')).toHaveText('Elegir las semillas');
    const picture = phone.getByTestId('preview-lesson-body').locator('img');
    await expect
      .poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    expect((await phone.boundingBox())?.width).toBeLessThanOrEqual(360);
    await page.getByRole('link', { name: 'Regar sin ahogar' }).click();
    await expect(phone.getByTestId('preview-lesson-title')).toHaveText('Regar sin ahogar');
    await accessibleAtBothSizes(page);

    // Published for the librarian's park; the other park is not theirs to publish in.
    await expect(page.getByTestId('park-row')).toHaveCount(1);
    await page
      .getByRole('button', { name: new RegExp(`^Publicar la versión 1\\s*: ${BRANCH_NAME}$`) })
      .click();
    await expect(page.locator('.ok-box')).toHaveText('Curso publicado.');
    await expect(page.getByTestId('preview-state')).toHaveText('Versión 1: publicada.');
    await accessibleAtBothSizes(page);

    expect(await learnTitles(espana)).toContain(COURSE_TITLE);
    expect(await learnTitles(sanJavier)).not.toContain(COURSE_TITLE);
    await page.goto('/staff/courses');
    await expect(
      page
        .getByTestId('console-course')
        .filter({ hasText: COURSE_TITLE })
        .getByTestId('published-in')
    ).toHaveText(BRANCH_NAME);
  } finally {
    await context.close();
    await espana.close();
    await sanJavier.close();
  }
});

test('a facilitator sees courses and figures but cannot upload', async ({ browser }) => {
  const { context, page, cookie } = await signedIn(browser, 'facilitator');
  try {
    await page.goto('/staff/courses');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cursos');
    await expect(page.getByTestId('course-figures')).toBeVisible();
    await expect(page.locator('input[type=file]')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Subir el curso' })).toHaveCount(0);
    await accessibleAtBothSizes(page);

    // The action itself refuses them (as the page's own script would post it).
    const base = test.info().project.use.baseURL!;
    const res = await page.request.post('/staff/courses?/upload', {
      headers: {
        ...cookie,
        origin: base,
        'x-sveltekit-action': 'true',
        accept: 'application/json'
      },
      multipart: {
        course: { name: 'huerta-en-casa.zip', mimeType: 'application/zip', buffer: fixtureZip() }
      }
    });
    const body = (await res.json()) as { type: string; status: number; data: string };
    expect(body).toMatchObject({ type: 'failure', status: 403 });
    expect(body.data).toContain('forbidden');

    // The preview is theirs to read, without publishing buttons.
    await page.goto('/staff/courses/celular-basico');
    await expect(page.getByTestId('phone-preview')).toBeVisible();
    await expect(page.getByRole('button', { name: /Publicar|Retirar/ })).toHaveCount(0);
    await accessibleAtBothSizes(page);
  } finally {
    await context.close();
  }
});
