/**
 * The desk on the day of a workshop, offline (issue 9 §4): an enrolled desk of the demo
 * park, after its first sync, goes offline and
 *  - opens a roster of 40 confirmed people: by choosing the session on /desk, and by
 *    navigating to /desk (a reload served by the service worker);
 *  - checks the 40 in one after another by their ticket codes.
 * A QR scan ends in the same code path (ScanButton hands the decoded code to byCode), so
 * the check-in figure is the desk's part of a scan; the camera's decode time is not in it.
 *
 * Every time is taken in the page with performance.now() and a MutationObserver, so no
 * Playwright round trip is in a figure. "DOM" is the moment the observer sees the wanted
 * state, with style and layout forced; "frame" adds two requestAnimationFrame callbacks
 * (a frame was produced; includes the wait for the next vsync), as for search.
 */
import type { Browser, Page } from '@playwright/test';
import { encodeHlc } from '../../src/lib/domain/hlc';
import {
  newTicketCode,
  personKey,
  PRIVACY_NOTICE_VERSION
} from '../../src/lib/domain/registration';
import { localDateKey, startOfLocalDay } from '../../src/lib/domain/schedule';
import { createEnrolment } from '../../src/lib/server/auth/devices';
import { saveSessions } from '../../src/lib/server/catalogue';
import { openDb, writeTransaction } from '../../src/lib/server/db/index';
import { newContext } from './browser';
import { DESK, HOME_BRANCH_NAME, TARGETS, TIME_ZONE } from './config';
import type { Figure } from './main';
import { median, percentile } from './stats';

export interface DeskPerson {
  name: string;
  code: string;
}

export interface DeskSeed {
  people: DeskPerson[];
}

/**
 * Two sessions early today (so they are today's whatever the hour) at the desk's park,
 * written as the server keeps them: 40 confirmed tickets in the first, none in the second.
 */
export async function seedDesk(dbPath: string): Promise<DeskSeed> {
  const db = openDb({ sqlitePath: dbPath });
  try {
    const now = new Date();
    const dayStart = Date.parse(startOfLocalDay(localDateKey(now, TIME_ZONE), TIME_ZONE));
    const at = (minutes: number) => new Date(dayStart + minutes * 60_000).toISOString();
    const people = Array.from({ length: DESK.people }, (_, i) => ({
      // Two digits: no name is a part of another, so a row can be found by its text.
      name: `Persona ${String(i + 1).padStart(2, '0')} Escritorio`,
      code: newTicketCode((n) => crypto.getRandomValues(new Uint8Array(n)))
    }));
    await writeTransaction(db, async (trx, version) => {
      const session = {
        workshopId: DESK.workshopId,
        branchId: DESK.branchId,
        room: 'Sala de cómputo',
        status: 'scheduled' as const
      };
      await saveSessions(trx, version, [
        {
          ...session,
          id: DESK.sessionId,
          startsAt: at(1),
          endsAt: at(121),
          capacity: DESK.people,
          seatsTaken: DESK.people
        },
        {
          ...session,
          id: DESK.otherSessionId,
          startsAt: at(3),
          endsAt: at(123),
          capacity: 10,
          seatsTaken: 0
        }
      ]);
      const iso = now.toISOString();
      await trx
        .insertInto('registrations')
        .values(
          people.map((p, i) => ({
            id: crypto.randomUUID(),
            session_id: DESK.sessionId,
            workshop_id: DESK.workshopId,
            branch_id: DESK.branchId,
            client_id: 'bench-desk',
            code: p.code,
            name: p.name,
            person_key: personKey(p.name, undefined),
            contact: null,
            age_band: null,
            comuna: null,
            consent_version: PRIVACY_NOTICE_VERSION,
            consent_at: iso,
            status: 'confirmed',
            position: null,
            reason: null,
            stamp: encodeHlc({ wall: dayStart - 86_400_000 + i, counter: 0, node: 'bench' }),
            checked_in_stamp: null,
            created_at: iso,
            consent_hash: null,
            received_at: iso,
            version
          }))
        )
        .execute();
    });
    return { people };
  } finally {
    await db.destroy();
  }
}

/** A one-time desk enrolment code, as a librarian makes on the console. */
async function deskEnrolment(dbPath: string): Promise<string> {
  const db = openDb({ sqlitePath: dbPath });
  try {
    return (await createEnrolment(db, { branchId: DESK.branchId, kind: 'desk', staffId: 'bench' }))
      .code;
  } finally {
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------------------
// In the page

export interface Timing {
  domMs: number;
  frameMs: number;
}

interface DeskWindow {
  /** performance.now() (from navigation start) when the roster first had all its rows. */
  __deskRosterAt?: number;
}

const ROWS = '[data-testid="desk-roster"] li';

/** Init script: records when a document's roster first shows `rows` rows. */
function watchRoster(args: { rows: number; selector: string }): void {
  const w = window as unknown as DeskWindow;
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll(args.selector).length < args.rows) return;
    void document.body.offsetHeight; // forces style recalculation and layout
    w.__deskRosterAt = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true });
}

/**
 * Runs `act` and resolves when `done()` holds after a DOM mutation: the time from just
 * before `act` to then (layout forced), and to two animation frames later.
 */
async function timeUntil(args: {
  act: 'submit' | 'choose';
  code?: string;
  sessionId?: string;
  name?: string;
  rows?: number;
  selector: string;
}): Promise<Timing> {
  const done = (): boolean => {
    if (args.act === 'choose') return document.querySelectorAll(args.selector).length === args.rows;
    // The confirmation for this person, and their row saying they arrived (no button).
    const message = document.querySelector('[data-testid="desk-message"]')?.textContent?.trim();
    if (message !== `Llegada registrada: ${args.name}.`) return false;
    const row = Array.from(document.querySelectorAll(args.selector)).find((li) =>
      li.textContent?.includes(args.name ?? '')
    );
    return !!row && !row.querySelector('button') && !!row.textContent?.includes('✓');
  };
  let act: () => void;
  if (args.act === 'submit') {
    const input = document.querySelector<HTMLInputElement>('#desk-code');
    const form = input?.form;
    if (!input || !form) throw new Error('no code field #desk-code on /desk');
    // Typing is the person's time, not the app's: the field is filled before the timer.
    input.value = args.code ?? '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    act = () => form.requestSubmit();
  } else {
    const radio = document.querySelector<HTMLInputElement>(
      `input[name="session"][value="${args.sessionId}"]`
    );
    if (!radio) throw new Error(`no session ${args.sessionId} on /desk`);
    act = () => radio.click();
  }
  return new Promise<Timing>((resolve, reject) => {
    let t0 = 0;
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`/desk: no ${args.act === 'submit' ? args.name : 'roster'} in 10 s`));
    }, 10_000);
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      clearTimeout(timer);
      void document.body.offsetHeight;
      const domMs = performance.now() - t0;
      requestAnimationFrame(() =>
        requestAnimationFrame(() => resolve({ domMs, frameMs: performance.now() - t0 }))
      );
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    t0 = performance.now();
    act();
  });
}

/** Resolves once no roster list is shown (the empty session is on screen). */
async function rosterGone(selector: string): Promise<void> {
  const start = performance.now();
  while (document.querySelector(selector)) {
    if (performance.now() - start > 10_000) throw new Error('/desk: the roster stayed');
    await new Promise((r) => requestAnimationFrame(r));
  }
}

// ---------------------------------------------------------------------------------------
// One run: a fresh desk

export interface DeskRun {
  /** Submit of each code → confirmation message and the row's "✓ Llegó", in order. */
  checkIns: Timing[];
  /** Choosing the session (from the empty one) → its 40 rows. */
  opens: Timing[];
  /** Offline navigation (reload of /desk) → 40 rows, from the document's navigation start. */
  navigationsMs: number[];
  /** The counts line after the 40 check-ins. */
  countsAfter: string;
  offline: boolean;
}

async function enrol(page: Page, dbPath: string): Promise<void> {
  await page.goto(`/setup?enrol=${await deskEnrolment(dbPath)}`);
  await page
    .getByRole('heading', { level: 1, name: new RegExp(HOME_BRANCH_NAME) })
    .waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    () => {
      const text = document.querySelector('[data-testid="last-sync"]')?.textContent ?? '';
      return text.trim() !== '' && !/sin sincronizar|not synced/i.test(text);
    },
    undefined,
    { timeout: 60_000 }
  );
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), {
        once: true
      })
    );
  });
}

export async function measureDesk(
  browser: Browser,
  origin: string,
  dbPath: string,
  seed: DeskSeed
): Promise<DeskRun> {
  const context = await newContext(browser, origin);
  try {
    await context.addInitScript(watchRoster, { rows: seed.people.length, selector: ROWS });
    const page = await context.newPage();
    await enrol(page, dbPath);
    await page.goto('/desk');
    await page.waitForFunction(() => (window as unknown as DeskWindow).__deskRosterAt, undefined, {
      timeout: 30_000
    });
    await context.setOffline(true);

    const navigationsMs: number[] = [];
    for (let i = 0; i < DESK.navigations; i++) {
      await page.reload();
      const at = await page.waitForFunction(
        () => (window as unknown as DeskWindow).__deskRosterAt,
        undefined,
        { timeout: 30_000 }
      );
      navigationsMs.push((await at.jsonValue()) as number);
    }
    const offline = await page.evaluate(() => !navigator.onLine);
    // The service worker, the idle sync attempt and the first render settle.
    await page.waitForTimeout(500);

    const opens: Timing[] = [];
    for (let i = 0; i < DESK.rosterOpens; i++) {
      await page.evaluate(
        (a) => document.querySelector<HTMLInputElement>(`input[value="${a.id}"]`)?.click(),
        { id: DESK.otherSessionId }
      );
      await page.evaluate(rosterGone, ROWS);
      await page.waitForTimeout(100);
      opens.push(
        await page.evaluate(timeUntil, {
          act: 'choose' as const,
          sessionId: DESK.sessionId,
          rows: seed.people.length,
          selector: ROWS
        })
      );
      await page.waitForTimeout(100);
    }

    const checkIns: Timing[] = [];
    for (const person of seed.people) {
      checkIns.push(
        await page.evaluate(timeUntil, {
          act: 'submit' as const,
          code: person.code,
          name: person.name,
          selector: ROWS
        })
      );
      // The next person steps up: the previous arrival's outbox write and sync attempt
      // (offline: it fails at once) are over by then.
      await page.waitForTimeout(100);
    }
    const countsAfter = (await page.getByTestId('desk-counts').textContent())?.trim() ?? '';
    return { checkIns, opens, navigationsMs, countsAfter, offline };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------
// Figures

export function reportDesk(
  runs: DeskRun[],
  add: (f: Figure) => void,
  check: (ok: boolean, message: string) => void
): void {
  const group = `4. Desk, offline (${DESK.people} confirmed people)`;
  const dom = runs.map((r) => r.checkIns.map((c) => c.domMs));
  const frame = runs.map((r) => r.checkIns.map((c) => c.frameMs));
  add({
    id: 'desk.checkIn.p50Ms',
    group,
    label: `Check-in: submit code → message + "✓ Llegó" in DOM, p50 (${dom[0]?.length ?? 0}/run)`,
    unit: 'ms',
    runs: dom.map((d) => median(d))
  });
  add({
    id: 'desk.checkIn.p95Ms',
    group,
    label: 'Check-in: submit code → message + "✓ Llegó" in DOM, p95',
    unit: 'ms',
    runs: dom.map((d) => percentile(d, 95)),
    target: { max: TARGETS.deskCheckInP95Ms, strict: true }
  });
  add({
    id: 'desk.checkIn.frameP95Ms',
    group,
    label: 'Check-in: submit code → frame produced (2×rAF), p95',
    unit: 'ms',
    runs: frame.map((d) => percentile(d, 95))
  });
  add({
    id: 'desk.roster.openMs',
    group,
    label: `Roster: choose session → ${DESK.people} rows in DOM, median of ${DESK.rosterOpens}`,
    unit: 'ms',
    runs: runs.map((r) => median(r.opens.map((o) => o.domMs))),
    target: { max: TARGETS.deskRosterOpenMs, strict: true }
  });
  add({
    id: 'desk.roster.openFrameMs',
    group,
    label: 'Roster: choose session → frame produced (2×rAF), median',
    unit: 'ms',
    runs: runs.map((r) => median(r.opens.map((o) => o.frameMs)))
  });
  add({
    id: 'desk.roster.navigationMs',
    group,
    label: `Roster: offline reload of /desk → ${DESK.people} rows, median of ${DESK.navigations}`,
    unit: 'ms',
    runs: runs.map((r) => median(r.navigationsMs)),
    digits: 0
  });
  const expected = `Llegaron ${DESK.people} de ${DESK.people} confirmados`;
  for (const [i, r] of runs.entries()) {
    check(r.offline, `desk run ${i + 1}: the browser context was offline while timed`);
    check(
      r.countsAfter.startsWith(expected),
      `desk run ${i + 1}: after the check-ins the desk said "${r.countsAfter}" (expected "${expected} …")`
    );
  }
}
