/**
 * The printed sign-in sheet (issue 9 §4): every confirmed registrant is on the PDF with
 * their code, with blank lines for walk-ins; the paper's ticks are entered afterwards and
 * become check-ins on the server (the earliest stays). A facilitator gets none of it.
 */
import AxeBuilder from '@axe-core/playwright';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { formatTicketCode } from '../../src/lib/domain/registration';
import { addDays, localDateKey, startOfLocalDay } from '../../src/lib/domain/schedule';
import { registerArgs, stampAt } from '../../src/lib/server/test/factories';
import { addSession, BRANCH_ID, expect, phoneHeaders, staffCookie, test } from './fixtures';

const ZONE = 'America/Bogota';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: true }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
  }
  return text;
}

test('the sign-in sheet prints every registrant, and its ticks become check-ins', async ({
  browser,
  request,
  serverDb
}) => {
  const id = `ses-e2e-sheet-${Date.now().toString(36)}`;
  const day = addDays(localDateKey(new Date(), ZONE), 2);
  await addSession(serverDb, id, {
    startsAt: Date.parse(startOfLocalDay(day, ZONE)) + 10 * 3_600_000,
    capacity: 12
  });
  const names = ['Úrsula Peña', 'Óscar Núñez', 'María José Ríos', 'Tomás Ángel'];
  const phone = await phoneHeaders(request);
  const clientId = /Device ([^.]+)\./.exec(phone.authorization!)![1]!;
  const people = names.map((name) => registerArgs(id, { name }));
  const res = await request.post('/api/sync/push', {
    headers: phone,
    data: {
      clientId,
      branchId: BRANCH_ID,
      pendingCount: 0,
      mutations: people.map((a, i) => ({
        id: i + 1,
        name: 'registerAttendee',
        args: a,
        at: stampAt(Date.now() + i)
      }))
    }
  });
  expect(res.status()).toBe(200);

  const context = await browser.newContext({ locale: 'es-CO', timezoneId: ZONE });
  try {
    const [name, value] = (await staffCookie('librarian')).cookie!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: test.info().project.use.baseURL! }]);
    const page = await context.newPage();
    await page.goto(`/staff/sessions/${id}`);
    await page.getByRole('link', { name: 'Hoja de asistencia para imprimir' }).click();
    await expect(page.getByTestId('sheet').getByRole('row')).toHaveCount(1 + names.length);
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 360, height: 740 }
    ]) {
      await page.setViewportSize(viewport);
      const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      expect(result.violations).toEqual([]);
    }

    const text = await pdfText(await page.pdf({ format: 'A4' }));
    for (const p of people) {
      expect(text).toContain(p.name);
      expect(text).toContain(formatTicketCode(p.code));
    }
    // Blank lines for walk-ins (five at least), and none of the console's buttons.
    expect(text.match(/Sin inscripción:/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
    expect(text).not.toContain('Guardar las llegadas');

    // The paper said two of them came.
    await page.getByLabel(`Llegó ${names[0]}`).check();
    await page.getByLabel(`Llegó ${names[2]}`).check();
    await page.getByRole('button', { name: 'Guardar las llegadas marcadas' }).click();
    await expect(page.getByTestId('ticks-saved')).toHaveText('Se guardaron 2 llegadas.');
    await expect(page.getByLabel(`Llegó ${names[0]}`)).toBeDisabled();
    const arrived = await serverDb
      .selectFrom('registrations')
      .select('name')
      .where('session_id', '=', id)
      .where('checked_in_stamp', 'is not', null)
      .orderBy('name')
      .execute();
    expect(arrived.map((r) => r.name)).toEqual([names[2], names[0]]);
  } finally {
    await context.close();
  }

  // A facilitator runs workshops but takes no names away on paper.
  const facilitator = await browser.newContext({ locale: 'es-CO', timezoneId: ZONE });
  try {
    const [name, value] = (await staffCookie('facilitator')).cookie!.split('=') as [string, string];
    await facilitator.addCookies([{ name, value, url: test.info().project.use.baseURL! }]);
    const page = await facilitator.newPage();
    const res = await page.goto(`/staff/sessions/${id}/sheet`);
    expect(res?.status()).toBe(403);
    await expect(page.getByText(names[0]!)).toHaveCount(0);
  } finally {
    await facilitator.close();
  }
});
