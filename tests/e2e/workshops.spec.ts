/**
 * Workshops in the console (issue 9 §2): a librarian creates one, edits it, duplicates it
 * as a template and archives the copy; an enrolled kiosk's catalogue shows the new one
 * after its next sync and no longer shows the archived one. A facilitator never reaches
 * the editing form, and a librarian of another park does not find the workshop at all. A
 * desk's offline edit that lost to a later one is shown on the workshop's page.
 * Every new page is checked with axe at 1280 and 360 px.
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { createEnrolment } from '../../src/lib/server/auth/devices';
import { saveWorkshops } from '../../src/lib/server/catalogue';
import { stampAt } from '../../src/lib/server/test/factories';
import {
  BRANCH_ID,
  BRANCH_NAME,
  expect,
  openDevice,
  staffCookie,
  test,
  writeTransaction
} from './fixtures';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const DEMO_WORKSHOP = 'ws-espana-correo';
const OTHER_PARK = 'br-san-javier';

async function signInAs(context: BrowserContext, cookie: Record<string, string>, base: string) {
  const [name, value] = cookie.cookie!.split('=') as [string, string];
  await context.addCookies([{ name, value, url: base }]);
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
    // On failure, name what sticks out.
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth)
        .map(
          (e) =>
            `${e.tagName.toLowerCase()}.${e.className}#${e.id}[${(e.textContent ?? '').slice(0, 40)}]`
        )
        .slice(0, 8)
    );
    expect(overflow, `${page.url()} at ${viewport.width}px: ${wide.join(' ')}`).toBeLessThanOrEqual(
      0
    );
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The kiosk's catalogue, searched for `text`. */
async function searchCatalogue(kiosk: Page, text: string) {
  await kiosk.goto('/workshops');
  await kiosk.getByLabel('Buscar talleres').fill(text);
  return kiosk.getByTestId('results');
}

test.describe('workshops in the console', () => {
  test('a librarian creates, edits, duplicates and archives; the kiosk follows', async ({
    page,
    context,
    browser,
    serverDb,
    baseURL
  }) => {
    const tag = Date.now().toString(36);
    const title = `Robótica ${tag}`;
    const copyTitle = `Robótica avanzada ${tag}`;
    await signInAs(context, await staffCookie('librarian'), baseURL!);

    await page.goto('/staff');
    await page.getByRole('link', { name: 'Talleres: crear, editar y archivar' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Talleres');
    await expect(page.getByTestId('workshops-park')).toHaveText(BRANCH_NAME);
    await accessibleAtBothSizes(page);

    // New: a blank title (spaces pass the browser's `required`) is refused by the server,
    // beside the field, and what was typed stays.
    await page.getByRole('button', { name: 'Nuevo taller' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nuevo taller');
    await accessibleAtBothSizes(page);
    await page.getByLabel('Título').fill('   ');
    await page.getByLabel('Resumen').fill('Armamos y programamos un robot pequeño.');
    await page.getByLabel('Categoría').selectOption({ index: 1 });
    await page.getByRole('checkbox').first().check();
    await page.getByLabel('Sala habitual').fill('Sala de cómputo');
    await page.getByRole('button', { name: 'Crear taller' }).click();
    await expect(page.getByText('Escriba un título.')).toBeVisible();
    await expect(page.getByLabel('Título')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Resumen')).toHaveValue('Armamos y programamos un robot pequeño.');
    await expect(page.getByLabel('Sala habitual')).toHaveValue('Sala de cómputo');
    await accessibleAtBothSizes(page);
    expect(
      await serverDb.selectFrom('workshops').select('id').where('title', '=', '').execute()
    ).toEqual([]);

    await page.getByLabel('Título').fill(title);
    await page.getByRole('button', { name: 'Crear taller' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByText('Taller creado.')).toBeVisible();
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const created = await serverDb
      .selectFrom('workshops')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      branch_id: BRANCH_ID,
      title,
      room: 'Sala de cómputo',
      status: 'active'
    });
    await accessibleAtBothSizes(page);

    // Edit one field: only it is sent, and the page says which.
    await page.getByLabel('Qué traer').fill('Ganas de aprender');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await expect(page.getByTestId('workshop-saved')).toHaveText('Cambios guardados: Qué traer.');
    const edited = await serverDb
      .selectFrom('workshops')
      .select(['bring', 'field_stamps'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(edited.bring).toBe('Ganas de aprender');
    const stamps = JSON.parse(edited.field_stamps) as Record<string, string>;
    expect(stamps.bring! > stamps.title!).toBe(true);
    const audit = await serverDb
      .selectFrom('audit_events')
      .select(['kind', 'detail'])
      .where('subject', '=', id)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.kind)).toEqual(['workshop_created', 'workshop_edited']);
    expect(JSON.parse(audit[1]!.detail!)).toMatchObject({
      applied: 'bring',
      'bring.before': '',
      'bring.after': 'Ganas de aprender'
    });

    // Duplicate as a template: the copy starts with the original's fields.
    await page.getByRole('button', { name: 'Duplicar como plantilla' }).click();
    await expect(page.getByTestId('workshop-from')).toContainText(title);
    await expect(page.getByLabel('Título')).toHaveValue(title);
    await expect(page.getByLabel('Qué traer')).toHaveValue('Ganas de aprender');
    await page.getByLabel('Título').fill(copyTitle);
    await page.getByRole('button', { name: 'Crear taller' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(copyTitle);
    const copyId = new URL(page.url()).pathname.split('/').at(-1)!;
    expect(copyId).not.toBe(id);
    expect(
      await serverDb
        .selectFrom('workshops')
        .select(['room', 'bring', 'category_id'])
        .where('id', '=', copyId)
        .executeTakeFirstOrThrow()
    ).toEqual({
      room: 'Sala de cómputo',
      bring: 'Ganas de aprender',
      category_id: created.category_id
    });

    // An enrolled kiosk shows both after its sync.
    const kiosk = await openDevice(browser, { kiosk: true });
    await expect((await searchCatalogue(kiosk, tag)).getByRole('heading')).toHaveText(
      [title, copyTitle].sort((a, b) => a.localeCompare(b, 'es'))
    );

    // Archive the copy; rename the original too, so the kiosk shows when it has synced.
    await page.getByRole('button', { name: 'Archivar taller' }).click();
    await expect(page.getByTestId('workshop-archived-now')).toHaveText('Taller archivado.');
    await expect(page.getByTestId('workshop-archived')).toBeVisible();
    await page.goto(`/staff/workshops/${id}`);
    await page.getByLabel('Título').fill(`${title} (nuevo)`);
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await expect(page.getByTestId('workshop-saved')).toHaveText('Cambios guardados: Título.');
    await page.goto('/staff/workshops');
    await expect(page.getByTestId('workshops-archived')).toContainText(copyTitle);
    await expect(page.getByTestId('workshops-active')).not.toContainText(copyTitle);

    await kiosk.reload();
    const results = await searchCatalogue(kiosk, tag);
    // The rename arrived with the same or a later pull than the archive.
    await expect(results.getByRole('heading')).toHaveText([`${title} (nuevo)`]);
    // Its page still opens by id (tickets link to it).
    await kiosk.goto(`/workshops/${copyId}`);
    await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText(copyTitle);
  });

  test("a desk's offline edit that lost to a later console edit is shown on the workshop", async ({
    page,
    context,
    request,
    serverDb,
    baseURL
  }) => {
    const id = `ws-e2e-lww-${Date.now().toString(36)}`;
    const { categoryId } = await serverDb
      .selectFrom('workshops')
      .select('category_id as categoryId')
      .where('id', '=', DEMO_WORKSHOP)
      .executeTakeFirstOrThrow();
    await writeTransaction(serverDb, (trx, v) =>
      saveWorkshops(trx, v, [
        {
          id,
          branchId: BRANCH_ID,
          categoryId,
          audienceIds: [],
          title: 'Huerta urbana',
          summary: '',
          description: '',
          facilitator: ''
        }
      ])
    );
    // A desk of the park, enrolled as a librarian does it.
    const { code } = await createEnrolment(serverDb, {
      branchId: BRANCH_ID,
      kind: 'desk',
      staffId: 'e2e-librarian',
      label: 'Mostrador e2e'
    });
    const enrolled = await request.post('/api/devices/enrol', { data: { code } });
    expect(enrolled.status()).toBe(201);
    const desk = (await enrolled.json()) as { deviceId: string; secret: string };
    // The desk edits the title and room while offline, now...
    const offlineAt = Date.now();

    // ...then a librarian retitles it on the console, later.
    await signInAs(context, await staffCookie('librarian'), baseURL!);
    await page.goto(`/staff/workshops/${id}`);
    await page.getByLabel('Título').fill('Huerta urbana en casa');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await expect(page.getByTestId('workshop-saved')).toHaveText('Cambios guardados: Título.');
    await expect(page.getByTestId('overwrites')).toHaveCount(0);

    // The desk comes back online and pushes its older edit.
    const pushed = await request.post('/api/sync/push', {
      headers: { authorization: `Device ${desk.deviceId}.${desk.secret}` },
      data: {
        clientId: desk.deviceId,
        branchId: BRANCH_ID,
        pendingCount: 0,
        mutations: [
          {
            id: 1,
            name: 'saveWorkshop',
            args: { workshopId: id, fields: { title: 'Huerta del mostrador', room: 'Terraza' } },
            at: stampAt(offlineAt, 'desk-e2e')
          }
        ]
      }
    });
    expect(pushed.status()).toBe(200);
    expect(((await pushed.json()) as { outcomes: unknown[] }).outcomes).toEqual([
      { id: 1, status: 'applied', reason: null }
    ]);

    await page.reload();
    // The console's title stays, the desk's room is taken, and the lost title is shown.
    await expect(page.getByLabel('Título')).toHaveValue('Huerta urbana en casa');
    await expect(page.getByLabel('Sala habitual')).toHaveValue('Terraza');
    const notice = page.getByTestId('overwrites');
    await expect(notice).toContainText('Título: el cambio que hizo el dispositivo «Mostrador e2e»');
    await expect(notice).toContainText('no se aplicó, porque usted lo cambió después.');
    await expect(notice).toContainText('Valor que no se aplicó: Huerta del mostrador');
    await expect(notice).not.toContainText('Sala habitual');
    await accessibleAtBothSizes(page);
  });

  test('a facilitator sees workshops but never the editing form', async ({
    browser,
    request,
    serverDb,
    baseURL
  }) => {
    const before = await serverDb
      .selectFrom('workshops')
      .selectAll()
      .where('id', '=', DEMO_WORKSHOP)
      .executeTakeFirstOrThrow();
    const cookie = await staffCookie('facilitator');
    const context = await browser.newContext();
    await signInAs(context, cookie, baseURL!);
    const page = await context.newPage();

    await page.goto('/staff/workshops');
    await expect(page.getByText('Su rol puede ver los talleres, pero no crearlos')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Nuevo taller' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Duplicar/ })).toHaveCount(0);
    await accessibleAtBothSizes(page);

    const refused = await page.goto('/staff/workshops/new');
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole('button', { name: 'Crear taller' })).toHaveCount(0);

    await page.goto(`/staff/workshops/${DEMO_WORKSHOP}`);
    await expect(page.getByTestId('workshop-view')).toBeVisible();
    await expect(page.getByRole('textbox')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Guardar cambios' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Archivar taller' })).toHaveCount(0);
    await accessibleAtBothSizes(page);
    await context.close();

    // Posting the form's actions directly is refused too, and changes nothing.
    for (const [action, form] of [
      ['save', { title: 'Tomado por un facilitador' }],
      ['archive', { archived: 'true' }]
    ] as const) {
      const res = await request.post(`/staff/workshops/${DEMO_WORKSHOP}?/${action}`, {
        headers: { ...cookie, origin: baseURL!, accept: 'text/html' },
        form
      });
      expect(res.status()).toBe(403);
    }
    const created = await request.post('/staff/workshops/new?/create', {
      headers: { ...cookie, origin: baseURL!, accept: 'text/html' },
      form: { workshopId: crypto.randomUUID(), park: BRANCH_ID, title: 'No', categoryId: 'x' }
    });
    expect(created.status()).toBe(403);
    expect(
      await serverDb
        .selectFrom('workshops')
        .selectAll()
        .where('id', '=', DEMO_WORKSHOP)
        .executeTakeFirstOrThrow()
    ).toEqual(before);
  });

  test("a librarian of another park does not find this park's workshop", async ({
    browser,
    baseURL
  }) => {
    const context = await browser.newContext();
    await signInAs(context, await staffCookie('librarian', [OTHER_PARK]), baseURL!);
    const page = await context.newPage();
    const res = await page.goto(`/staff/workshops/${DEMO_WORKSHOP}`);
    expect(res?.status()).toBe(404);
    await page.goto(`/staff/workshops?park=${BRANCH_ID}`);
    await expect(page.getByTestId('workshops-park')).toHaveText('Parque Biblioteca San Javier');
    expect(await page.content()).not.toContain(DEMO_WORKSHOP);
    const copy = await page.goto(`/staff/workshops/new?from=${DEMO_WORKSHOP}`);
    expect(copy?.status()).toBe(404);
    await context.close();
  });
});
