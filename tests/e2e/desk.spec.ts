/**
 * The desk on the day of a workshop (issue 9 §4): an enrolled desk, offline, checks people
 * in by code and by name, adds two walk-ins, and reconnects; the server then has what the
 * desk did, and a second desk that checked one of the same people in shows one check-in.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { localDateKey, startOfLocalDay } from '../../src/lib/domain/schedule';
import { randomCode, stampAt } from '../../src/lib/server/test/factories';
import {
  addSession,
  enrolAsKiosk,
  expect,
  seedTicket,
  serviceWorkerReady,
  syncDone,
  test
} from './fixtures';

const ZONE = 'America/Bogota';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function openDesk(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'es-CO', timezoneId: ZONE });
  const page = await context.newPage();
  await enrolAsKiosk(page, 'desk');
  await syncDone(page);
  await serviceWorkerReady(page);
  return page;
}

test('an offline desk checks people in and adds walk-ins; a second desk agrees', async ({
  browser,
  serverDb
}) => {
  const tag = Date.now().toString(36);
  const id = `ses-e2e-desk-${tag}`;
  // Early today in Bogotá: whatever the hour, it is one of today's sessions.
  const today = localDateKey(new Date(), ZONE);
  // 00:13: a minute no other test's session uses (the workshop's title may have been
  // changed by another spec, so the session is found by its time).
  const start = Date.parse(startOfLocalDay(today, ZONE)) + 13 * 60_000;
  const slot = /^12:13\sa\.\s?m\./;
  await addSession(serverDb, id, { startsAt: start, capacity: 10 });
  const names = [
    `Amparo Desk ${tag}`,
    `Bruno Desk ${tag}`,
    `Carmen Desk ${tag}`,
    `Dora Desk ${tag}`
  ];
  const codes = names.map(() => randomCode());
  // Confirmed tickets, written as the server keeps them (registering closed at the start).
  for (const [i, name] of names.entries()) {
    await seedTicket(serverDb, id, {
      name,
      code: codes[i]!,
      status: 'confirmed',
      stamp: stampAt(start - 86_400_000 + i)
    });
  }

  const desk = await openDesk(browser);
  await desk.goto('/desk');
  await desk.getByRole('radio', { name: slot }).check();
  await expect(desk.getByTestId('desk-roster')).toContainText(names[3]!);
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 360, height: 740 }
  ]) {
    await desk.setViewportSize(viewport);
    const result = await new AxeBuilder({ page: desk }).withTags(WCAG).analyze();
    expect(result.violations).toEqual([]);
  }

  await desk.context().setOffline(true);
  await desk.reload();
  await desk.getByRole('radio', { name: slot }).check();
  // By code (typed with its dash and in lower case), by name found by search, from the list.
  await desk
    .getByLabel('Código de la boleta')
    .fill(`${codes[0]!.slice(0, 4)}-${codes[0]!.slice(4)}`.toLowerCase());
  await desk.getByRole('button', { name: 'Registrar llegada' }).click();
  await expect(desk.getByTestId('desk-message')).toHaveText(`Llegada registrada: ${names[0]}.`);
  await desk.getByLabel('Buscar por nombre o código').fill('bruno desk');
  await desk.getByRole('button', { name: `Registrar la llegada de ${names[1]}` }).click();
  await desk.getByLabel('Buscar por nombre o código').fill('');
  await desk.getByRole('button', { name: `Registrar la llegada de ${names[2]}` }).click();
  // A code that is not in this session is refused, and nothing changes.
  await desk.getByLabel('Código de la boleta').fill('ACDE-FGHJ');
  await desk.getByRole('button', { name: 'Registrar llegada' }).click();
  await expect(desk.getByTestId('desk-message')).toHaveText('Ese código no está en esta sesión.');
  // Two walk-ins: one gives a name and a comuna, one nothing.
  await desk.getByLabel('Nombre (opcional)').fill('Esteban Sin Cupo');
  await desk.getByLabel('Comuna o corregimiento (opcional)').selectOption('13');
  await desk.getByRole('button', { name: 'Agregar' }).click();
  await desk.getByRole('button', { name: 'Agregar' }).click();
  await expect(desk.getByTestId('desk-counts')).toHaveText(
    'Llegaron 3 de 4 confirmados · 2 sin inscripción'
  );

  // Meanwhile a second desk, online, checks the first person in too.
  const other = await openDesk(browser);
  await other.goto('/desk');
  await other.getByRole('radio', { name: slot }).check();
  await other.getByRole('button', { name: `Registrar la llegada de ${names[0]}` }).click();
  await expect(other.getByTestId('desk-counts')).toContainText('Llegaron 1 de 4');

  await desk.context().setOffline(false);
  const arrived = async () =>
    (
      await serverDb
        .selectFrom('registrations')
        .select(['name', 'checked_in_stamp'])
        .where('session_id', '=', id)
        .where('checked_in_stamp', 'is not', null)
        .orderBy('name')
        .execute()
    ).map((r) => r.name);
  await expect.poll(arrived, { timeout: 20_000 }).toEqual(names.slice(0, 3));
  const session = await serverDb
    .selectFrom('sessions')
    .select('walk_ins')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  expect(session.walk_ins).toBe(2);
  const walkIns = await serverDb
    .selectFrom('walk_ins')
    .select(['name', 'comuna'])
    .where('session_id', '=', id)
    .execute();
  expect(walkIns.map((w) => w.name).sort()).toEqual(['Esteban Sin Cupo', null].sort());

  // The second desk, after its next sync, shows one check-in each and the two walk-ins.
  await other.reload();
  await other.getByRole('radio', { name: slot }).check();
  await expect(other.getByTestId('desk-counts')).toHaveText(
    'Llegaron 3 de 4 confirmados · 2 sin inscripción'
  );
});
