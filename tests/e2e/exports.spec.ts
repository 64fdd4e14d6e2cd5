/**
 * Exports (issue 9 §5): a librarian downloads a session's roster from the console and a real
 * CSV parser reads it back field by field; a facilitator and a librarian of another park get
 * none of it; the public iCalendar feeds and a workshop's "Añadir a mi calendario" file are
 * read back with a real iCalendar parser.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import ICAL from 'ical.js';
import Papa from 'papaparse';
import { addDays, localDateKey, startOfLocalDay } from '../../src/lib/domain/schedule';
import { saveSessions } from '../../src/lib/server/catalogue';
import type { Db } from '../../src/lib/server/db/index';
import { registerArgs, stampAt } from '../../src/lib/server/test/factories';
import {
  BRANCH_ID,
  BRANCH_NAME,
  chooseBranch,
  expect,
  openDevice,
  phoneHeaders,
  staffCookie,
  test,
  writeTransaction
} from './fixtures';

const LIBRARIAN = 'biblioteca.espana@parque.example';
const PASSWORD = process.env.PARQUE_DEMO_PASSWORD ?? 'demo-password-e2e';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const ZONE = 'America/Bogota';
const WORKSHOP = 'ws-espana-correo';
const OTHER_PARK = 'br-san-javier';

/** Tomorrow in Bogotá at hh:mm: an hour no demo session has, so the card is easy to find. */
function tomorrowAt(hour: number, minute: number): number {
  const day = addDays(localDateKey(new Date(), ZONE), 1);
  return Date.parse(startOfLocalDay(day, ZONE)) + (hour * 60 + minute) * 60_000;
}

/**
 * Two sessions of the demo workshop for one test, tomorrow at 7:mm (on) and 6:mm
 * (cancelled): each test its own minute, so its cards are its own.
 */
async function sessionsOfThisTest(serverDb: Db, minute: number) {
  const tag = Date.now().toString(36);
  const on = { id: `ses-e2e-export-${tag}`, startsAt: tomorrowAt(7, minute) };
  const off = { id: `ses-e2e-export-off-${tag}`, startsAt: tomorrowAt(6, minute) };
  await writeTransaction(serverDb, (trx, v) =>
    saveSessions(
      trx,
      v,
      [on, off].map((s, i) => ({
        id: s.id,
        workshopId: WORKSHOP,
        branchId: BRANCH_ID,
        startsAt: new Date(s.startsAt).toISOString(),
        endsAt: new Date(s.startsAt + 90 * 60_000).toISOString(),
        room: 'Sala de cómputo',
        capacity: 2,
        seatsTaken: 0,
        status: i === 0 ? ('scheduled' as const) : ('cancelled' as const)
      }))
    )
  );
  return { on: on.id, off: off.id, startsAt: on.startsAt };
}

/** Registers people from a phone, through the real push, with contact and demographics. */
async function register(request: APIRequestContext, sessionId: string, names: string[]) {
  const phone = await phoneHeaders(request);
  const clientId = /Device ([^.]+)\./.exec(phone.authorization!)![1]!;
  const args = names.map((name) =>
    registerArgs(sessionId, { name, contact: '3001234567', ageBand: '60-plus', comuna: '13' })
  );
  const res = await request.post('/api/sync/push', {
    headers: phone,
    data: {
      clientId,
      branchId: BRANCH_ID,
      pendingCount: 0,
      mutations: args.map((a, i) => ({
        id: i + 1,
        name: 'registerAttendee',
        args: a,
        at: stampAt(Date.now() + i)
      }))
    }
  });
  expect(res.status()).toBe(200);
  return args;
}

async function signIn(page: Page): Promise<void> {
  await page.goto('/staff/sessions');
  await page.getByLabel('Correo electrónico').fill(LIBRARIAN);
  await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Sesiones y listas de asistencia'
  );
}

/** Signs a browser context in as a member of staff made for the test. */
async function signInAs(context: BrowserContext, cookie: Record<string, string>, base: string) {
  const [name, value] = cookie.cookie!.split('=') as [string, string];
  await context.addCookies([{ name, value, url: base }]);
}

/** The card of a session on the console, by its unusual start time. */
const card = (page: Page, time: RegExp) =>
  page.getByTestId('console-session').filter({ hasText: time });

test.describe('exports', () => {
  test('a librarian downloads a roster as CSV; papaparse reads it field by field', async ({
    page,
    request,
    serverDb
  }) => {
    const s = await sessionsOfThisTest(serverDb, 13);
    const people = await register(request, s.on, [
      'Rosa Exportada',
      '=HYPERLINK("http://evil.example","clic")',
      'Tercera Persona'
    ]);
    // Capacity 2: the third person is first on the waitlist. The first is checked in.
    const arrival = s.startsAt - 5 * 60_000;
    await serverDb
      .updateTable('registrations')
      .set({ checked_in_stamp: stampAt(arrival, 'desk') })
      .where('code', '=', people[0]!.code)
      .execute();

    await signIn(page);
    await expect(page.getByTestId('sessions-park')).toHaveText(BRANCH_NAME);
    const ours = card(page, /7:13/);
    await expect(ours).toContainText('2 de 2 cupos');
    await expect(ours).toContainText('1 en lista de espera');
    await expect(card(page, /6:13/)).toContainText('Cancelada');

    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 360, height: 740 }
    ]) {
      await page.setViewportSize(viewport);
      const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      expect(result.violations).toEqual([]);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth
      );
      expect(overflow).toBeLessThanOrEqual(0);
    }

    const downloading = page.waitForEvent('download');
    await ours.getByRole('link', { name: /^Descargar CSV: / }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`lista-${s.on}.csv`);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.delimiter).toBe(';');
    const [header, ...rows] = parsed.data;
    expect(header).toEqual([
      'Código',
      'Nombre',
      'Estado',
      'Puesto en la lista de espera',
      'Llegada',
      'Inscripción'
    ]);

    const db = await serverDb
      .selectFrom('registrations')
      .select(['code', 'name', 'status', 'position', 'received_at'])
      .where('session_id', '=', s.on)
      .execute();
    expect(db.map((r) => r.status).sort()).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    const local = (iso: string) => {
      const f = new Intl.DateTimeFormat('en-CA', {
        timeZone: ZONE,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23'
      }).formatToParts(new Date(iso));
      const p = Object.fromEntries(f.map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    };
    const byCode = new Map(rows.map((r) => [r[0], r]));
    expect(rows).toHaveLength(3);
    for (const r of db) {
      const row = byCode.get(r.code)!;
      expect(row, r.code).toBeDefined();
      const name = r.name.startsWith('=') ? `'${r.name}` : r.name;
      expect(row).toEqual([
        r.code,
        name,
        r.status === 'confirmed' ? 'Confirmado' : 'En lista de espera',
        r.status === 'waitlisted' ? String(r.position) : '',
        r.code === people[0]!.code ? local(new Date(arrival).toISOString()) : '',
        local(r.received_at!)
      ]);
    }
    // Contact, age band and comuna never leave in a file with names.
    expect(text).not.toContain('3001234567');
    expect(text).not.toMatch(/60-plus|San Javier/);

    const audit = await serverDb
      .selectFrom('audit_events')
      .selectAll()
      .where('kind', '=', 'roster_exported')
      .where('subject', '=', s.on)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.branch_id).toBe(BRANCH_ID);
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ rows: 3, confirmed: 2, checkedIn: 1 });
    expect(JSON.stringify(audit)).not.toMatch(/Rosa|Tercera|HYPERLINK/);
  });

  test('a facilitator sees the sessions but cannot export; another park sees none of them', async ({
    browser,
    request,
    serverDb,
    baseURL
  }) => {
    const s = await sessionsOfThisTest(serverDb, 17);
    await register(request, s.on, ['Rosa Secreta']);

    const facilitator = await staffCookie('facilitator');
    const fc = await browser.newContext();
    await signInAs(fc, facilitator, baseURL!);
    const fp = await fc.newPage();
    await fp.goto('/staff/sessions');
    await expect(card(fp, /7:17/)).toContainText('1 de 2 cupos');
    await expect(fp.getByText('Su rol puede ver las sesiones, pero no descargar')).toBeVisible();
    await expect(fp.getByRole('link', { name: /Descargar CSV/ })).toHaveCount(0);
    const refused = await request.get(`/api/sessions/${s.on}/roster.csv`, {
      headers: facilitator
    });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).not.toContain('Rosa');
    await fc.close();

    const other = await staffCookie('librarian', [OTHER_PARK]);
    const oc = await browser.newContext();
    await signInAs(oc, other, baseURL!);
    const op = await oc.newPage();
    // Asking for this park by its id falls back to the librarian's own park.
    await op.goto(`/staff/sessions?park=${BRANCH_ID}`);
    await expect(op.getByTestId('sessions-park')).toHaveText('Parque Biblioteca San Javier');
    await expect(op.getByTestId('console-session').first()).toBeVisible();
    await expect(card(op, /7:17/)).toHaveCount(0);
    expect(await op.content()).not.toContain(s.on);
    await oc.close();
    const notFound = await request.get(`/api/sessions/${s.on}/roster.csv`, { headers: other });
    expect(notFound.status()).toBe(404);
    expect(await notFound.text()).not.toContain('Rosa');
    // No export happened, so nothing was audited.
    const audit = await serverDb
      .selectFrom('audit_events')
      .select('id')
      .where('kind', '=', 'roster_exported')
      .where('subject', '=', s.on)
      .execute();
    expect(audit).toEqual([]);
  });

  test('the public feeds parse with ical.js, field by field, with no personal data', async ({
    request,
    serverDb
  }) => {
    const s = await sessionsOfThisTest(serverDb, 19);
    await register(request, s.on, ['Rosa Calendario']);
    const res = await request.get('/api/calendar/parks/espana.ics');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers()['cache-control']).toBe('public, max-age=300');
    const etag = res.headers()['etag']!;
    expect(etag).toMatch(/^W\/"/);
    const again = await request.get('/api/calendar/parks/espana.ics', {
      headers: { 'if-none-match': etag }
    });
    expect(again.status()).toBe(304);

    const body = await res.text();
    for (const secret of ['Rosa', 'Calendario', '3001234567']) expect(body).not.toContain(secret);
    const codes = await serverDb.selectFrom('registrations').select('code').execute();
    for (const { code } of codes) expect(body).not.toContain(code);

    const cal = new ICAL.Component(ICAL.parse(body));
    ICAL.TimezoneService.register(new ICAL.Timezone(cal.getFirstSubcomponent('vtimezone')!));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe(`Talleres en ${BRANCH_NAME}`);
    const events = cal.getAllSubcomponents('vevent');
    const find = (id: string) =>
      events.find((e) => e.getFirstPropertyValue('uid') === `${id}@parque`)!;
    const workshop = await serverDb
      .selectFrom('workshops')
      .selectAll()
      .where('id', '=', WORKSHOP)
      .executeTakeFirstOrThrow();

    const on = find(s.on);
    expect(on).toBeDefined();
    const event = new ICAL.Event(on);
    expect(on.getFirstProperty('dtstart')!.getParameter('tzid')).toBe(ZONE);
    expect(event.startDate.toJSDate().getTime()).toBe(s.startsAt);
    expect(event.endDate.toJSDate().getTime()).toBe(s.startsAt + 90 * 60_000);
    expect(event.summary).toBe(workshop.title);
    expect(event.location).toContain('Sala de cómputo');
    expect(event.location).toContain(BRANCH_NAME);
    expect(event.description).toContain(workshop.summary);
    expect(on.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(String(on.getFirstPropertyValue('url'))).toMatch(new RegExp(`/workshops/${WORKSHOP}$`));

    const off = find(s.off);
    expect(off.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(off.getFirstPropertyValue('summary')).toBe(`Cancelado: ${workshop.title}`);

    // Every session of the park's next 60 days is there, and nothing of another park.
    const upcoming = await serverDb
      .selectFrom('sessions')
      .select('id')
      .where('branch_id', '=', BRANCH_ID)
      .where('ends_at', '>', new Date().toISOString())
      .execute();
    const uids = new Set(events.map((e) => e.getFirstPropertyValue('uid')));
    for (const { id } of upcoming) expect(uids.has(`${id}@parque`), id).toBe(true);
    expect([...uids].some((u) => String(u).includes('san-javier'))).toBe(false);

    // One category at the park: only that category's workshops.
    const digital = await request.get('/api/calendar/parks/espana/alfabetizacion-digital.ics');
    expect(digital.status()).toBe(200);
    const dcal = new ICAL.Component(ICAL.parse(await digital.text()));
    const inCategory = new Set(
      (
        await serverDb
          .selectFrom('workshops')
          .select('id')
          .where('branch_id', '=', BRANCH_ID)
          .where('category_id', '=', 'cat-digital')
          .execute()
      ).map((w) => w.id)
    );
    const devents = dcal.getAllSubcomponents('vevent');
    expect(devents.length).toBeGreaterThan(0);
    for (const e of devents) {
      const ws = /\/workshops\/([^/]+)$/.exec(String(e.getFirstPropertyValue('url')))![1]!;
      expect(inCategory.has(ws), ws).toBe(true);
    }
    expect((await request.get('/api/calendar/parks/nowhere.ics')).status()).toBe(404);
    expect((await request.get('/api/calendar/parks/espana/nothing.ics')).status()).toBe(404);
  });

  test('a phone offers "Añadir a mi calendario" on a workshop; a kiosk does not', async ({
    page,
    browser,
    serverDb
  }) => {
    const s = await sessionsOfThisTest(serverDb, 23);
    await chooseBranch(page);
    await page.goto(`/workshops/${WORKSHOP}`);
    const link = page.getByRole('link', { name: 'Añadir a mi calendario' });
    await expect(link).toBeVisible();
    const downloading = page.waitForEvent('download');
    await link.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${WORKSHOP}.ics`);
    const cal = new ICAL.Component(ICAL.parse(await readFile((await download.path())!, 'utf8')));
    const uids = cal.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid'));
    expect(uids).toContain(`${s.on}@parque`);
    // A one-off import holds no cancelled session.
    expect(uids).not.toContain(`${s.off}@parque`);

    const kiosk = await openDevice(browser, { kiosk: true });
    await kiosk.goto(`/workshops/${WORKSHOP}`);
    await expect(kiosk.getByTestId('workshop-title')).toBeVisible();
    await expect(kiosk.getByRole('link', { name: 'Añadir a mi calendario' })).toHaveCount(0);
  });
});
