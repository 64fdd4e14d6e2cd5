/**
 * Courses on a cheap phone (360 × 740): download, study offline, quiz, progress reaching
 * the library; a download cut half-way; a course update; a guest at the kiosk.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import type { CourseManifest } from '../../src/lib/domain/course';
import { importCourse, readCourseDir } from '../../src/lib/server/content/import';
import { publishEverywhere } from '../../src/lib/server/content/publishing';
import { ContentStore } from '../../src/lib/server/content/store';
import {
  chooseBranch,
  expect,
  openDevice,
  serviceWorkerReady,
  staffCookie,
  syncDone,
  test
} from './fixtures';

test.use({ viewport: { width: 360, height: 740 } });

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function phone(page: Page): Promise<void> {
  await chooseBranch(page);
  await syncDone(page);
  await serviceWorkerReady(page);
}

async function manifestOf(page: Page, id: string): Promise<CourseManifest> {
  return (await (await page.request.get(`/api/courses/${id}/manifest`)).json()) as CourseManifest;
}

/** Records every content request that reaches the network, by hash. */
async function countContent(context: BrowserContext): Promise<string[]> {
  const seen: string[] = [];
  await context.route('**/api/content/*', async (route) => {
    seen.push(route.request().url().split('/').pop() ?? '');
    await route.continue();
  });
  return seen;
}

async function expectImagesAndAudioLoad(page: Page): Promise<void> {
  const images = page.getByTestId('lesson-body').locator('img');
  const count = await images.count();
  for (let i = 0; i < count; i++) {
    await images.nth(i).scrollIntoViewIfNeeded();
    await expect
      .poll(() => images.nth(i).evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
  }
  if ((await page.locator('audio').count()) > 0) {
    const duration = await page.locator('audio').evaluate(async (audio: HTMLAudioElement) => {
      if (audio.readyState < 1) {
        await new Promise((resolve, reject) => {
          audio.addEventListener('loadedmetadata', resolve, { once: true });
          audio.addEventListener('error', () => reject(new Error('audio failed')), { once: true });
          audio.load();
        });
      }
      return audio.duration;
    });
    expect(duration).toBeGreaterThan(5);
  }
}

async function answerQuiz(page: Page, manifest: CourseManifest, right: boolean): Promise<void> {
  const items = page.getByTestId('quiz-item');
  for (const [n, item] of (manifest.quiz?.items ?? []).entries()) {
    const wanted = right ? item.answer : [item.answer[0] === 0 ? 1 : 0];
    for (const o of wanted) {
      await items
        .nth(n)
        .getByLabel(item.options[o] ?? '', { exact: true })
        .check();
    }
  }
  await page.getByTestId('quiz-submit').click();
}

test('a learner downloads a course, studies it offline and the progress reaches the library', async ({
  page,
  context,
  serverDb
}) => {
  await phone(page);
  const manifest = await manifestOf(page, 'celular-basico');
  await page.goto('/learn');
  const card = page.getByTestId('course-card').filter({ hasText: manifest.title });
  await expect(card.getByTestId('download-state')).toHaveText('Sin descargar');
  await expect(card).toContainText(/Tamaño: \d+ KB/);
  await card.getByRole('link', { name: /Ver curso/ }).click();
  // The size is on the button before anything is fetched.
  await expect(page.getByTestId('download')).toContainText(
    /Descargar para usar sin internet \(\d+ KB\)/
  );
  await page.getByTestId('download').click();
  await expect(page.getByTestId('download-done')).toBeVisible();

  await context.setOffline(true);
  await page.goto(`/learn/${manifest.id}/${manifest.lessons[0]?.id}`);
  for (const [i, lesson] of manifest.lessons.entries()) {
    await expect(page.getByTestId('lesson-title')).toHaveText(lesson.title);
    await expect(page.getByText(`Lección ${i + 1} de ${manifest.lessons.length}`)).toBeVisible();
    await expectImagesAndAudioLoad(page);
    const last = i === manifest.lessons.length - 1;
    await page.getByTestId(last ? 'finish-course' : 'next-lesson').click();
  }

  // The quiz, offline: a wrong try first, then a pass.
  await expect(page.getByTestId('quiz-item').first()).toBeVisible();
  await answerQuiz(page, manifest, false);
  await expect(page.getByTestId('quiz-score')).toContainText('Acertaste 0 de');
  await expect(page.getByText('Todavía no apruebas')).toBeVisible();
  expect((await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()).violations).toEqual([]);
  await page.getByRole('button', { name: 'Intentar de nuevo' }).click();
  await answerQuiz(page, manifest, true);
  const max = manifest.quiz?.items.length ?? 0;
  await expect(page.getByTestId('quiz-score')).toContainText(`Acertaste ${max} de ${max} (100 %)`);
  await expect(page.getByText('¡Aprobaste!')).toBeVisible();

  // An offline reload keeps it all.
  await page.goto(`/learn/${manifest.id}`);
  await page.reload();
  await expect(page.getByText('Leída')).toHaveCount(manifest.lessons.length);
  await expect(page.getByText('Tu mejor resultado: 100 %')).toBeVisible();
  // The course list offers to continue where the learner stopped.
  await page.goto('/learn');
  const resume = page
    .getByTestId('course-card')
    .filter({ hasText: manifest.title })
    .getByTestId('course-start');
  await expect(resume).toContainText('Continuar');
  await expect(resume).toHaveAttribute(
    'href',
    `/learn/${manifest.id}/${manifest.lessons.at(-1)?.id}`
  );
  await page.goto('/learn/profile');
  const code = ((await page.getByTestId('recovery-code').textContent()) ?? '').replace(/-/g, '');
  expect(code).toMatch(/^[A-Z0-9]{12}$/);

  // Back online, the library receives the progress.
  await context.setOffline(false);
  const codeHash = createHash('sha256').update(code).digest('hex');
  await expect
    .poll(
      async () => {
        const learner = await serverDb
          .selectFrom('learners')
          .select('id')
          .where('code_hash', '=', codeHash)
          .executeTakeFirst();
        if (!learner) return 'no learner';
        const lessons = await serverDb
          .selectFrom('lesson_progress')
          .select('lesson_id')
          .where('learner_id', '=', learner.id)
          .execute();
        const attempts = await serverDb
          .selectFrom('quiz_attempts')
          .select(['score', 'passed'])
          .where('learner_id', '=', learner.id)
          .orderBy('score')
          .execute();
        return `${lessons.length} lessons, attempts ${attempts.map((a) => `${a.score}/${a.passed}`).join(' ')}`;
      },
      { timeout: 20_000 }
    )
    .toBe(`${manifest.lessons.length} lessons, attempts 0/0 ${max}/1`);
  // The figures are for staff: a visitor's device gets no answer.
  expect((await page.request.get('/api/reports/courses')).status()).toBe(401);
  const report = await (
    await page.request.get('/api/reports/courses', { headers: await staffCookie() })
  ).json();
  expect(report).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ courseId: manifest.id, started: expect.any(Number) })
    ])
  );
});

test('a download cut half-way resumes without fetching the finished files again', async ({
  page,
  context
}) => {
  await phone(page);
  const manifest = await manifestOf(page, 'seguridad-en-linea');
  const finished = new Map<string, number>();
  let cut = false;
  let resumed = false;
  const resumedRequests: string[] = [];
  await context.route('**/api/content/*', async (route) => {
    const hash = route.request().url().split('/').pop() ?? '';
    if (cut) return route.abort('internetdisconnected');
    if (resumed) resumedRequests.push(hash);
    const response = await route.fetch();
    finished.set(hash, (finished.get(hash) ?? 0) + 1);
    // The connection drops once four files have arrived.
    if (!resumed && [...finished.values()].reduce((a, b) => a + b, 0) >= 4) cut = true;
    await route.fulfill({ response });
  });
  await page.goto(`/learn/${manifest.id}`);
  await page.getByTestId('download').click();
  await expect(page.getByRole('alert')).toContainText('Se cortó la conexión');
  const before = new Map(finished);
  expect(before.size).toBeGreaterThanOrEqual(4);
  expect(before.size).toBeLessThan(manifest.assets.length);
  // What the phone kept: files verified and stored before the cut. (A file still arriving
  // when the line dropped is not among them; its bytes so far are kept and resumed.)
  const stored = async () =>
    page.evaluate(async () => {
      const cache = await caches.open('parque-content');
      return (await cache.keys()).map((r) => r.url.split('/').pop() ?? '').sort();
    });
  const kept = await stored();
  expect(kept.length).toBeGreaterThanOrEqual(3);
  expect(kept.length).toBeLessThan(manifest.assets.length);

  await page.goto('/learn');
  await expect(
    page
      .getByTestId('course-card')
      .filter({ hasText: manifest.title })
      .getByTestId('download-state')
  ).toContainText('Descarga pausada');

  cut = false;
  resumed = true;
  await page.goto(`/learn/${manifest.id}`);
  await expect(page.getByTestId('download')).toContainText('Continuar la descarga');
  await page.getByTestId('download').click();
  await expect(page.getByTestId('download-done')).toBeVisible();
  // Nothing the phone had finished before the cut was fetched again, and now it has it all.
  expect(resumedRequests.filter((h) => kept.includes(h))).toEqual([]);
  expect(resumedRequests.length).toBe(manifest.assets.length - kept.length);
  expect(await stored()).toEqual(manifest.assets.map((a) => a.hash).sort());
});

test('a course update downloads only the changed picture', async ({ page, context, serverDb }) => {
  await phone(page);
  const before = await manifestOf(page, 'hoja-de-vida');
  await page.goto(`/learn/${before.id}`);
  await page.getByTestId('download').click();
  await expect(page.getByTestId('download-done')).toBeVisible();

  // A librarian publishes the course again with one picture changed.
  const dir = mkdtempSync(join(tmpdir(), 'parque-course-'));
  try {
    cpSync('content/courses/hoja-de-vida', dir, { recursive: true });
    const picture = join(dir, 'img/entrevista.svg');
    writeFileSync(
      picture,
      readFileSync(picture, 'utf8').replace(
        '</svg>',
        '<circle cx="5" cy="5" r="3" fill="#c00"/></svg>'
      )
    );
    const result = await importCourse(
      serverDb,
      new ContentStore(process.env.PARQUE_CONTENT_DIR ?? 'data/e2e-content'),
      readCourseDir(dir),
      'hoja-de-vida'
    );
    expect(result).toMatchObject({ changed: true, newAssets: 1 });
    // An import is a draft until published (the console's job; courses-console.spec.ts).
    await publishEverywhere(serverDb, result.id);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const after = await manifestOf(page, 'hoja-de-vida');
  const changed = after.assets.filter((a) => !before.assets.some((b) => b.hash === a.hash));
  expect(changed.map((a) => a.type)).toEqual(['image/svg+xml']);

  const fetched = await countContent(context);
  await page.goto('/learn');
  await expect(
    page.getByTestId('course-card').filter({ hasText: after.title }).getByTestId('download-state')
  ).toHaveText('Hay una versión nueva');
  await page.goto(`/learn/${after.id}`);
  await expect(page.getByTestId('download')).toContainText('Descargar los cambios');
  await page.getByTestId('download').click();
  await expect(page.getByTestId('download-done')).toBeVisible();
  expect(fetched).toEqual(changed.map((a) => a.hash));

  // Offline, the lesson shows the new picture.
  await context.setOffline(true);
  const lesson = after.lessons.find((l) => l.media.includes('img/entrevista.svg'));
  await page.goto(`/learn/${after.id}/${lesson?.id}`);
  const img = page.getByTestId('lesson-body').locator(`img[src$="${changed[0]?.hash}"]`);
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
});

test('a kiosk guest saves their progress with a code and carries it to a phone', async ({
  browser,
  page
}) => {
  const kiosk = await openDevice(browser, { kiosk: true });
  await kiosk.setViewportSize({ width: 1280, height: 900 });
  const manifest = await manifestOf(kiosk, 'seguridad-en-linea');
  await kiosk.goto('/learn');
  await kiosk
    .getByTestId('course-card')
    .filter({ hasText: manifest.title })
    .getByTestId('course-start')
    .click();
  await expect(kiosk.getByTestId('lesson-title')).toHaveText(manifest.lessons[0]?.title ?? '');
  await kiosk.getByTestId('next-lesson').click();
  await expect(kiosk.getByTestId('lesson-title')).toHaveText(manifest.lessons[1]?.title ?? '');
  await kiosk.goto('/learn');
  await expect(kiosk.getByText('Estás probando como invitado')).toBeVisible();
  await expect(kiosk.getByTestId('course-card').filter({ hasText: manifest.title })).toContainText(
    '1 de 5 lecciones leídas'
  );
  await kiosk.getByRole('button', { name: 'Guardar mi avance' }).click();
  await expect(kiosk.getByTestId('guest-message')).toContainText(/[A-Z0-9]{4}-[A-Z0-9]{4}-/);
  const message = (await kiosk.getByTestId('guest-message').textContent()) ?? '';
  const code = /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(message)?.[1];
  expect(code).toBeTruthy();
  await kiosk.getByRole('button', { name: 'Terminar y borrar' }).click();
  await expect(kiosk.getByTestId('guest-message')).toContainText('quedó libre');
  await expect(
    kiosk.getByTestId('course-card').filter({ hasText: manifest.title })
  ).not.toContainText('lecciones leídas');

  // On the visitor's own phone, the code brings the progress back (once the kiosk has sent it).
  await phone(page);
  await page.goto('/learn/profile');
  await expect
    .poll(
      async () => {
        await page.getByLabel('Código de recuperación').fill(code ?? '');
        await page.getByRole('button', { name: 'Traer mi avance' }).click();
        return page.getByText(/Listo: tu avance|no conoce ese código/).textContent();
      },
      { timeout: 20_000 }
    )
    .toContain('Listo');
  await page.goto('/learn');
  await expect(page.getByTestId('course-card').filter({ hasText: manifest.title })).toContainText(
    '1 de 5 lecciones leídas'
  );
  await kiosk.context().close();
});

test('a guest who ends the visit without saving leaves nothing behind', async ({ browser }) => {
  const kiosk = await openDevice(browser, { kiosk: true });
  await kiosk.goto('/learn/celular-basico/botones-y-pantalla');
  await kiosk.getByTestId('next-lesson').click();
  await expect(kiosk.getByTestId('lesson-title')).not.toHaveText('Los botones y la pantalla');
  await kiosk.goto('/learn');
  await kiosk.getByRole('button', { name: 'Terminar y borrar' }).click();
  await expect(kiosk.getByText('lecciones leídas')).toHaveCount(0);
  // Nothing of the guest's was queued for the library.
  await expect(kiosk.getByText(/cambios? por enviar/)).toHaveCount(0);
  await kiosk.context().close();
});
