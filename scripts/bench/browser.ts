/**
 * The in-browser measurements, in headless Chromium against the production build: the
 * initial pull through the UI, a raw IndexedDB write of the same rows, search as you type,
 * and the JavaScript the kiosk home page loads.
 *
 * Functions passed to page.evaluate are serialised; tsx compiles them with esbuild's
 * keepNames, whose `__name` helper every page gets from an init script (see newContext).
 */
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumPath, CHROMIUM_ARGS } from '../chromium';
import { APP_DB_NAME, TIME_ZONE } from './config';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** A fresh context (empty storage, no service worker), like a kiosk on its first day. */
export async function newContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: origin,
    locale: 'es-CO',
    timezoneId: TIME_ZONE,
    viewport: { width: 1280, height: 900 }
  });
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  return context;
}

// ---------------------------------------------------------------------------------------
// 1. Initial pull through the UI

interface Commit {
  started: number;
  done: number;
  stores: string[];
}

interface PullProbe {
  clickAt: number | null;
  /** Read-write transactions on the app's database that completed. */
  commits: Commit[];
  /** When the status bar stopped saying "sin sincronizar". */
  uiSyncedAt: number | null;
  longTasks: { start: number; duration: number }[];
}

interface ProbeWindow {
  __benchProbe: PullProbe;
}

/**
 * Init script for the pull context. Records (in the page's clock) the first click, every
 * completed read-write transaction on the app's database, long tasks, and when the
 * status bar first shows a sync time.
 */
function instrumentPage(args: { dbName: string }): void {
  const probe: PullProbe = { clickAt: null, commits: [], uiSyncedAt: null, longTasks: [] };
  (window as unknown as ProbeWindow).__benchProbe = probe;

  const original = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (
    this: IDBDatabase,
    ...rest: Parameters<IDBDatabase['transaction']>
  ): IDBTransaction {
    const tx = original.apply(this, rest);
    if (this.name === args.dbName && tx.mode === 'readwrite') {
      const started = performance.now();
      const stores = Array.from(tx.objectStoreNames);
      tx.addEventListener('complete', () =>
        probe.commits.push({ started, done: performance.now(), stores })
      );
    }
    return tx;
  } as IDBDatabase['transaction'];

  document.addEventListener(
    'click',
    () => {
      probe.clickAt ??= performance.now();
    },
    true
  );

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        probe.longTasks.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long task timing: the figure is left out
  }

  const check = () => {
    if (probe.clickAt === null || probe.uiSyncedAt !== null) return;
    const text = document.querySelector('[data-testid="last-sync"]')?.textContent?.trim() ?? '';
    if (text !== '' && !/sin sincronizar|not synced/i.test(text)) {
      probe.uiSyncedAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true
  });
}

/** Polls the app's meta store with raw IndexedDB every ~10 ms until lastSyncAt is there. */
async function waitForLastSyncAt(args: { dbName: string; timeoutMs: number }): Promise<number> {
  const readLastSync = () =>
    new Promise<unknown>((resolve) => {
      const req = indexedDB.open(args.dbName);
      // The app has not created its database yet: do not create it for it.
      req.onupgradeneeded = () => req.transaction?.abort();
      req.onerror = () => resolve(undefined);
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('meta')) {
          db.close();
          resolve(undefined);
          return;
        }
        const get = db.transaction('meta', 'readonly').objectStore('meta').get('lastSyncAt');
        get.onsuccess = () => {
          db.close();
          resolve(get.result);
        };
        get.onerror = () => {
          db.close();
          resolve(undefined);
        };
      };
    });
  const start = performance.now();
  for (;;) {
    if (await readLastSync()) return performance.now();
    if (performance.now() - start > args.timeoutMs) {
      throw new Error(`meta.lastSyncAt did not appear within ${args.timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface RowCounts {
  workshopsInBranch: number;
  sessionsInBranch: number;
  workshopsTotal: number;
  sessionsTotal: number;
}

async function countAppRows(args: { dbName: string; branchId: string }): Promise<RowCounts> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(args.dbName);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
  const ask = (r: IDBRequest<number>) =>
    new Promise<number>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('count failed'));
    });
  try {
    const tx = db.transaction(['workshops', 'sessions'], 'readonly');
    const workshops = tx.objectStore('workshops');
    const sessions = tx.objectStore('sessions');
    const range = IDBKeyRange.bound([args.branchId, ''], [args.branchId, '\uffff']);
    return {
      workshopsInBranch: await ask(workshops.index('branchId').count(args.branchId)),
      sessionsInBranch: await ask(sessions.index('[branchId+startsAt]').count(range)),
      workshopsTotal: await ask(workshops.count()),
      sessionsTotal: await ask(sessions.count())
    };
  } finally {
    db.close();
  }
}

export interface PullRun {
  /** Click → the transaction that wrote meta.lastSyncAt completed. */
  commitMs: number;
  /** Click → the raw-IndexedDB poll saw meta.lastSyncAt. */
  pollMs: number;
  /** Click → the status bar no longer says "sin sincronizar" (DOM updated). */
  uiMs: number;
  /** Node's clock: click() called → the poll returned (includes CDP round trips). */
  nodeMs: number;
  /** Pull pages fetched, from resource timing and from Playwright's response events. */
  pages: number;
  responses: number;
  /** Σ(responseEnd − startTime) over the pull requests. */
  networkMs: number;
  /** Bytes of JSON received (encodedBodySize). */
  pullBytes: number;
  /** Σ duration of the app's read-write transactions between click and commit. */
  txMs: number;
  transactions: number;
  longTaskCount: number;
  longTaskMs: number;
  longTaskMaxMs: number;
  counts: RowCounts;
}

export interface PullSession {
  run: PullRun;
  context: BrowserContext;
  page: Page;
}

/** Chooses the park through the picker and times its first pull into IndexedDB. */
export async function measurePull(
  browser: Browser,
  origin: string,
  branchName: RegExp,
  branchId: string
): Promise<PullSession> {
  const context = await newContext(browser, origin);
  await context.addInitScript(instrumentPage, { dbName: APP_DB_NAME });
  const page = await context.newPage();
  let responses = 0;
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/api/sync/pull' && r.ok()) responses++;
  });
  await page.goto('/');
  const button = page.getByRole('button', { name: branchName });
  await button.waitFor({ timeout: 30_000 });

  const nodeT0 = performance.now();
  await button.click();
  const polledAt = await page.evaluate(waitForLastSyncAt, {
    dbName: APP_DB_NAME,
    timeoutMs: 120_000
  });
  const nodeMs = performance.now() - nodeT0;
  const responsesAtDone = responses;

  await page.waitForFunction(
    () => (window as unknown as ProbeWindow).__benchProbe.uiSyncedAt !== null,
    undefined,
    { timeout: 30_000 }
  );
  const { probe, resources } = await page.evaluate(() => ({
    probe: (window as unknown as ProbeWindow).__benchProbe,
    resources: performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname === '/api/sync/pull')
      .map((e) => {
        const r = e as PerformanceResourceTiming;
        return { start: r.startTime, end: r.responseEnd, bytes: r.encodedBodySize };
      })
  }));
  const counts = await page.evaluate(countAppRows, { dbName: APP_DB_NAME, branchId });

  const clickAt = probe.clickAt;
  if (clickAt === null || probe.uiSyncedAt === null) throw new Error('the probe saw no click');
  const metaCommits = probe.commits.filter(
    (c) => c.stores.includes('meta') && c.done >= clickAt && c.done <= polledAt
  );
  const last = metaCommits.at(-1);
  if (!last) throw new Error('no read-write transaction on meta completed after the click');
  const inPull = probe.commits.filter((c) => c.started >= clickAt && c.done <= last.done);
  const pulls = resources.filter((r) => r.start >= clickAt && r.end <= last.done);
  const longTasks = probe.longTasks.filter((t) => t.start >= clickAt && t.start <= last.done);

  return {
    context,
    page,
    run: {
      commitMs: last.done - clickAt,
      pollMs: polledAt - clickAt,
      uiMs: probe.uiSyncedAt - clickAt,
      nodeMs,
      pages: pulls.length,
      responses: responsesAtDone,
      networkMs: pulls.reduce((n, r) => n + (r.end - r.start), 0),
      pullBytes: pulls.reduce((n, r) => n + r.bytes, 0),
      txMs: inPull.reduce((n, c) => n + (c.done - c.started), 0),
      transactions: inPull.length,
      longTaskCount: longTasks.length,
      longTaskMs: longTasks.reduce((n, t) => n + t.duration, 0),
      longTaskMaxMs: longTasks.reduce((n, t) => Math.max(n, t.duration), 0),
      counts
    }
  };
}

// ---------------------------------------------------------------------------------------
// 1b. Baseline: the same rows written with raw IndexedDB in one transaction

type RawRows = Record<string, unknown[]>;

interface RawWindow {
  __rawRows?: RawRows;
}

export interface RawRun {
  /** First put → oncomplete of the one read-write transaction. */
  writeMs: number;
  /** Opening (creating) the database, outside the timer. */
  openMs: number;
  rows: number;
  pages: number;
  fetchMs: number;
}

async function fetchAllRows(args: {
  branchId: string;
  limit: number;
}): Promise<{ pages: number; rows: number; ms: number }> {
  const t0 = performance.now();
  // Pulls need a device credential: a phone's, as the app gets on first contact.
  const device = await fetch('/api/devices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}'
  });
  if (!device.ok) throw new Error(`POST /api/devices answered HTTP ${device.status}`);
  const { deviceId, secret } = (await device.json()) as { deviceId: string; secret: string };
  const headers = { authorization: `Device ${deviceId}.${secret}` };
  const all: RawRows = {};
  let cursor = '';
  let pages = 0;
  let rows = 0;
  for (;;) {
    const params = new URLSearchParams({ branch: args.branchId, limit: String(args.limit) });
    if (cursor) params.set('cursor', cursor);
    const res = await fetch(`/api/sync/pull?${params.toString()}`, { cache: 'no-store', headers });
    if (!res.ok) throw new Error(`pull answered HTTP ${res.status}`);
    const page = (await res.json()) as {
      cursor: string;
      more: boolean;
      changes: Record<string, unknown[]>;
    };
    for (const [table, list] of Object.entries(page.changes)) {
      const into = (all[table] ??= []);
      for (const row of list) into.push(row);
      rows += list.length;
    }
    pages++;
    cursor = page.cursor;
    if (!page.more) break;
  }
  (window as unknown as RawWindow).__rawRows = all;
  return { pages, rows, ms: performance.now() - t0 };
}

async function rawWrite(args: { dbName: string }): Promise<{ writeMs: number; openMs: number }> {
  const rows = (window as unknown as RawWindow).__rawRows;
  if (!rows) throw new Error('no rows fetched');
  await new Promise<void>((resolve, reject) => {
    const del = indexedDB.deleteDatabase(args.dbName);
    del.onsuccess = () => resolve();
    del.onerror = () => reject(del.error ?? new Error('delete failed'));
  });
  const t0 = performance.now();
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(args.dbName, 1);
    req.onupgradeneeded = () => {
      const d = req.result;
      d.createObjectStore('branches', { keyPath: 'id' });
      d.createObjectStore('categories', { keyPath: 'id' });
      d.createObjectStore('audiences', { keyPath: 'id' });
      d.createObjectStore('workshops', { keyPath: 'id' }).createIndex('branchId', 'branchId');
      const sessions = d.createObjectStore('sessions', { keyPath: 'id' });
      sessions.createIndex('[branchId+startsAt]', ['branchId', 'startsAt']);
      sessions.createIndex('workshopId', 'workshopId');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
  const openMs = performance.now() - t0;
  const tables = ['branches', 'categories', 'audiences', 'workshops', 'sessions'];

  const t1 = performance.now();
  const tx = db.transaction(tables, 'readwrite');
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
  for (const table of tables) {
    const store = tx.objectStore(table);
    for (const row of rows[table] ?? []) store.put(row);
  }
  await done;
  const writeMs = performance.now() - t1;
  db.close();
  return { writeMs, openMs };
}

/** Fetches the park's rows (untimed), then times one raw bulk write of all of them. */
export async function measureRawWrite(
  browser: Browser,
  origin: string,
  branchId: string
): Promise<RawRun> {
  const context = await newContext(browser, origin);
  try {
    const page = await context.newPage();
    // A same-origin page that does not boot the app (no sync, no service worker) and has
    // no CSP of its own (the API's JSON answers carry `default-src 'none'`, which would
    // refuse the fetches): made up by Playwright, never asked of the server.
    await page.route('**/__bench-blank', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' })
    );
    await page.goto('/__bench-blank');
    const fetched = await page.evaluate(fetchAllRows, { branchId, limit: 5000 });
    const { writeMs, openMs } = await page.evaluate(rawWrite, { dbName: 'raw-bench' });
    return { writeMs, openMs, rows: fetched.rows, pages: fetched.pages, fetchMs: fetched.ms };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------
// 2. Search as you type on /workshops

export interface Keystroke {
  query: string;
  /** Input dispatched → Svelte's update flushed and style/layout forced (no frame wait). */
  workMs: number;
  /** Input dispatched → two requestAnimationFrame callbacks (a frame was produced). */
  frameMs: number;
  /** The result count the page showed right after the update. */
  shown: number | null;
}

export interface SearchRun {
  keystrokes: Keystroke[];
  /** Navigation to /workshops → first result card on screen. */
  openMs: number;
  /** Clearing the field (back to every workshop), untimed in the figures above. */
  clearMs: number[];
}

async function typeOne(value: string): Promise<Omit<Keystroke, 'query'>> {
  const input = document.querySelector<HTMLInputElement>('#q');
  if (!input) throw new Error('no search field #q');
  const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
  // A task after every microtask, without setTimeout's clamping.
  const nextTask = () =>
    new Promise<void>((r) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => r();
      ch.port2.postMessage(null);
    });
  const t0 = performance.now();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await nextTask();
  void document.body.offsetHeight; // forces style recalculation and layout
  const t1 = performance.now();
  const count = document.querySelector('[data-testid="result-count"]')?.textContent ?? '';
  await nextFrame();
  await nextFrame();
  const t2 = performance.now();
  const digits = /(\d[\d.,\s\u00a0]*)/.exec(count)?.[1]?.replace(/\D/g, '');
  const shown = digits
    ? Number(digits)
    : /ningún|no results|sin resultados/i.test(count)
      ? 0
      : null;
  return { workMs: t1 - t0, frameMs: t2 - t0, shown };
}

export async function measureSearch(page: Page, queries: string[][]): Promise<SearchRun> {
  const t0 = performance.now();
  await page.goto('/workshops');
  await page.locator('[data-testid="results"] li').first().waitFor({ timeout: 60_000 });
  const openMs = performance.now() - t0;
  await page.locator('#q').waitFor();
  // Let the first render, the service worker and the idle sync settle.
  await page.waitForTimeout(500);

  const keystrokes: Keystroke[] = [];
  const clearMs: number[] = [];
  for (const prefixes of queries) {
    const cleared = await page.evaluate(typeOne, '');
    clearMs.push(cleared.workMs);
    for (const query of prefixes) {
      keystrokes.push({ query, ...(await page.evaluate(typeOne, query)) });
    }
  }
  await page.evaluate(typeOne, '');
  return { keystrokes, openMs, clearMs };
}

// ---------------------------------------------------------------------------------------
// 3a. JavaScript the kiosk home page loads

export interface JsFile {
  url: string;
  bytes: number;
  gzBytes: number;
  fromServiceWorker: boolean;
}

export interface HomeJsRun {
  files: JsFile[];
  bytes: number;
  gzBytes: number;
  serviceWorker: JsFile | null;
}

export function gzipSize(body: Buffer): number {
  return gzipSync(body, { level: 9 }).length;
}

async function fetchBody(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** Waits until no request of the page has been in flight for `quietMs`. */
async function networkQuiet(page: Page, inflight: () => number, quietMs = 500): Promise<void> {
  const deadline = Date.now() + 20_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (inflight() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
    await page.waitForTimeout(50);
  }
}

export async function measureHomeJs(
  browser: Browser,
  origin: string,
  branchName: RegExp
): Promise<HomeJsRun> {
  const context = await newContext(browser, origin);
  try {
    const page = await context.newPage();
    const seen = new Map<string, { fromServiceWorker: boolean; body: Promise<Buffer | null> }>();
    let inflight = 0;
    page.on('request', () => inflight++);
    page.on('requestfinished', () => inflight--);
    page.on('requestfailed', () => inflight--);
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.origin !== origin || !url.pathname.endsWith('.js') || seen.has(r.url())) return;
      seen.set(r.url(), {
        fromServiceWorker: r.fromServiceWorker(),
        body: r.body().catch(() => null)
      });
    });

    await page.goto('/');
    await page.getByRole('button', { name: branchName }).click();
    await page.getByRole('heading', { level: 1, name: branchName }).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await networkQuiet(page, () => inflight);

    const files: JsFile[] = [];
    for (const [url, entry] of seen) {
      const body = (await entry.body) ?? (await fetchBody(url));
      files.push({
        url: new URL(url).pathname,
        bytes: body.length,
        gzBytes: gzipSize(body),
        fromServiceWorker: entry.fromServiceWorker
      });
    }

    const swUrl = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const worker = reg?.active ?? reg?.waiting ?? reg?.installing;
      return worker?.scriptURL ?? null;
    });
    let serviceWorker: JsFile | null = null;
    if (swUrl) {
      const body = await fetchBody(swUrl);
      serviceWorker = {
        url: new URL(swUrl).pathname,
        bytes: body.length,
        gzBytes: gzipSize(body),
        fromServiceWorker: false
      };
    }
    const pageFiles = files.filter((f) => f.url !== serviceWorker?.url);
    return {
      files: pageFiles.sort((a, b) => b.gzBytes - a.gzBytes),
      bytes: pageFiles.reduce((n, f) => n + f.bytes, 0),
      gzBytes: pageFiles.reduce((n, f) => n + f.gzBytes, 0),
      serviceWorker
    };
  } finally {
    await context.close();
  }
}
