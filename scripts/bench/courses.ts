/**
 * Course benchmarks (issue 4), against the production build with the demo courses:
 *  - download efficiency: bytes fetched ÷ bytes needed, for a first download, a resume
 *    after the connection drops half-way, and an update that changed one picture
 *    (target ≤ 1.05 each). Bytes are counted by Chromium (DevTools protocol), bodies and
 *    headers separately; "needed" is the missing assets plus one manifest.
 *  - time to the first lesson's text on a throttled connection (400 kbit/s, 400 ms round
 *    trip), from tapping "Start" on the course list, with the app itself already installed
 *    (target < 3 s).
 * Run by `npm run bench`; prints a table and writes bench-results/courses.json.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { CourseManifest } from '../../src/lib/domain/course';
import { openDb } from '../../src/lib/server/db/index';
import { importCourse, readCourseDir } from '../../src/lib/server/content/import';
import { publishEverywhere } from '../../src/lib/server/content/publishing';
import { ContentStore } from '../../src/lib/server/content/store';
import { launchBrowser, newContext } from './browser';
import { removeSnapshot, snapshotBuild, startServer } from './server';
import { median, round } from './stats';

const PORT = Number(process.env.BENCH_COURSES_PORT ?? 4302);
const DB = join('data', 'bench-courses.db');
const CONTENT = join('data', 'bench-content');
const RUNS = 3;
const THROTTLE = { latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

/**
 * A slow line that can be cut: a TCP proxy in front of the server that passes responses on
 * at `bytesPerSecond` and, on cut(), drops every connection and refuses new ones.
 */
function slowLine(target: number, port: number, bytesPerSecond: number) {
  const sockets = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    // 20 slices a second, each at most a twentieth of the rate.
    const slice = Math.max(1, Math.floor(bytesPerSecond / 20));
    let queue = Buffer.alloc(0);
    let timer: NodeJS.Timeout | undefined;
    const pump = () => {
      if (queue.length === 0 || client.destroyed) {
        timer = undefined;
        if (!upstream.destroyed) upstream.resume();
        return;
      }
      client.write(queue.subarray(0, slice));
      queue = queue.subarray(slice);
      timer = setTimeout(pump, 50);
    };
    upstream.on('data', (chunk: Buffer) => {
      queue = Buffer.concat([queue, chunk]);
      if (queue.length > slice * 40) upstream.pause();
      timer ??= setTimeout(pump, 0);
    });
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    listen: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    cut: () => {
      down = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore: () => {
      down = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}

interface Traffic {
  body: number;
  headers: number;
  requests: number;
}

/**
 * Counts the bytes Chromium received for course requests (manifests and content), bodies
 * and headers apart. A finished request's wire size is loadingFinished's encoded length
 * (a manifest revalidated with a 304 is only headers there, though the page gets the
 * cached body); its headers are responseReceived's encoded length. A request cut off
 * counts the body bytes that reached the page (content is not compressed).
 */
async function meter(page: Page): Promise<{ cdp: CDPSession; take: () => Traffic }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const headers = new Map<string, number>();
  const received = new Map<string, number>();
  let traffic: Traffic = { body: 0, headers: 0, requests: 0 };
  const counted = (id: string) =>
    /\/api\/(content|courses\/[^/]+\/manifest)/.test(urls.get(id) ?? '');
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.responseReceived', (e) => {
    headers.set(e.requestId, e.response.encodedDataLength);
  });
  cdp.on('Network.dataReceived', (e) => {
    received.set(e.requestId, (received.get(e.requestId) ?? 0) + e.dataLength);
  });
  const add = (id: string, body: number) => {
    traffic.body += body;
    traffic.headers += headers.get(id) ?? 0;
    traffic.requests++;
  };
  cdp.on('Network.loadingFinished', (e) => {
    if (counted(e.requestId))
      add(e.requestId, e.encodedDataLength - (headers.get(e.requestId) ?? 0));
  });
  cdp.on('Network.loadingFailed', (e) => {
    if (counted(e.requestId)) add(e.requestId, received.get(e.requestId) ?? 0);
  });
  return {
    cdp,
    take: () => {
      const t = traffic;
      traffic = { body: 0, headers: 0, requests: 0 };
      return t;
    }
  };
}

async function manifestOf(
  origin: string,
  id: string
): Promise<{ m: CourseManifest; bytes: number }> {
  const res = await fetch(`${origin}/api/courses/${id}/manifest`);
  const text = await res.text();
  return { m: JSON.parse(text) as CourseManifest, bytes: Buffer.byteLength(text) };
}

async function setUp(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: /Parque Biblioteca España/ }).click();
  await page
    .getByTestId('last-sync')
    .filter({ hasNotText: /sin sincronizar/i })
    .waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  return page;
}

async function downloadOnPage(page: Page, courseId: string): Promise<void> {
  await page.goto(`/learn/${courseId}`);
  await page.getByTestId('download').click();
  await page.getByTestId('download-done').waitFor({ timeout: 60_000 });
}

interface Efficiency {
  fetched: number;
  withHeaders: number;
  needed: number;
  requests: number;
}

const ratio = (e: Efficiency) => (e.fetched / e.needed).toFixed(3);

async function main() {
  mkdirSync('data', { recursive: true });
  for (const s of ['', '-wal', '-shm']) rmSync(DB + s, { force: true });
  rmSync(CONTENT, { recursive: true, force: true });
  process.env.PARQUE_CONTENT_DIR = CONTENT;
  const seeded = spawnSync('npx', ['tsx', 'scripts/seed.ts'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PARQUE_DB_PATH: DB }
  });
  if (seeded.status !== 0) throw new Error('seeding the course benchmark database failed');
  const build = snapshotBuild('build', join('bench-results', 'build-courses'));
  const server = await startServer(build, DB, PORT);
  const browser = await launchBrowser();
  const results: Record<string, unknown> = {};
  try {
    // 1. First download, on a fresh phone.
    const course = 'celular-basico';
    const first = await manifestOf(server.origin, course);
    let context = await newContext(browser, server.origin);
    let page = await setUp(context);
    let m = await meter(page);
    m.take();
    await downloadOnPage(page, course);
    let t = m.take();
    const firstDownload: Efficiency = {
      fetched: t.body,
      withHeaders: t.body + t.headers,
      needed: first.m.size + first.bytes,
      requests: t.requests
    };
    await context.close();

    // 2. Resume: the line (100 kbit/s) drops when about half the course has arrived, so
    //    the cut lands inside a file, whose bytes so far are kept and resumed with a Range
    //    request; then the line comes back.
    const line = slowLine(PORT, PORT + 10, 12_500);
    await line.listen();
    context = await newContext(browser, line.origin);
    page = await setUp(context);
    m = await meter(page);
    m.take();
    await page.goto(`/learn/${course}`);
    await page.getByTestId('download').click();
    await page.waitForFunction(
      (half) => {
        const bar = document.querySelector('progress');
        return bar !== null && Number(bar.value) >= half;
      },
      first.m.size / 2,
      { timeout: 60_000 }
    );
    line.cut();
    await page.getByRole('alert').filter({ hasText: 'Se cortó' }).waitFor();
    line.restore();
    const partials = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('parque');
          open.onsuccess = () => {
            const tx = open.result.transaction('partials');
            const req = tx.objectStore('partials').count();
            req.onsuccess = () => resolve(req.result);
          };
        })
    );
    await page.getByTestId('download').click();
    await page.getByTestId('download-done').waitFor({ timeout: 60_000 });
    t = m.take();
    const resume: Efficiency = {
      fetched: t.body,
      withHeaders: t.body + t.headers,
      // The second attempt asks for the manifest again; unchanged, it costs a 304.
      needed: first.m.size + first.bytes,
      requests: t.requests
    };

    // 3. Update: a librarian changes one picture; the phone fetches the changes.
    const dir = mkdtempSync(join(tmpdir(), 'parque-bench-course-'));
    cpSync(join('content', 'courses', course), dir, { recursive: true });
    const picture = join(dir, 'img', 'camara.svg');
    writeFileSync(
      picture,
      readFileSync(picture, 'utf8').replace(
        '</svg>',
        '<circle cx="8" cy="8" r="4" fill="#c00"/></svg>'
      )
    );
    const db = openDb({ sqlitePath: DB });
    await importCourse(db, new ContentStore(CONTENT), readCourseDir(dir), course);
    await publishEverywhere(db, course);
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
    const second = await manifestOf(server.origin, course);
    const changed = second.m.assets.filter((a) => !first.m.assets.some((b) => b.hash === a.hash));
    m.take();
    await page.goto(`/learn/${course}`);
    await page
      .getByTestId('download')
      .filter({ hasText: /cambios/ })
      .click();
    await page.getByTestId('download-done').waitFor({ timeout: 60_000 });
    t = m.take();
    const update: Efficiency = {
      fetched: t.body,
      withHeaders: t.body + t.headers,
      needed: changed.reduce((n, a) => n + a.size, 0) + second.bytes,
      requests: t.requests
    };
    await context.close();
    await line.close();

    // 4. First lesson on a slow line: the app is installed, the course list shown; tap Start.
    const firstLesson: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      context = await newContext(browser, server.origin);
      await context.route('**/*', (r) => r.continue());
      await context.unroute('**/*');
      page = await setUp(context);
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto('/learn');
      const card = page.getByTestId('course-card').filter({ hasText: 'Seguridad en internet' });
      await card.waitFor();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...THROTTLE });
      const t0 = performance.now();
      await card.getByTestId('course-start').click();
      await page.getByTestId('lesson-body').locator('p').first().waitFor({ timeout: 30_000 });
      firstLesson.push(Math.round(performance.now() - t0));
      await context.close();
    }

    const rows: [string, string, string, string][] = [
      [
        'first download',
        `${ratio(firstDownload)}×`,
        '≤ 1.05',
        verdict(Number(ratio(firstDownload)) <= 1.05)
      ],
      ['resume after a cut', `${ratio(resume)}×`, '≤ 1.05', verdict(Number(ratio(resume)) <= 1.05)],
      [
        'update (one picture changed)',
        `${ratio(update)}×`,
        '≤ 1.05',
        verdict(Number(ratio(update)) <= 1.05)
      ],
      [
        'first lesson text, 400 kbit/s, 400 ms RTT',
        `${median(firstLesson)} ms (${firstLesson.join(' / ')})`,
        '< 3000 ms',
        verdict(median(firstLesson) < 3000)
      ]
    ];
    console.log('\nCourses');
    for (const [label, value, target, status] of rows) {
      console.log(`  ${label.padEnd(44)} ${value.padStart(26)}  ${target.padStart(10)}  ${status}`);
    }
    const detail = (name: string, e: Efficiency) =>
      console.log(
        `    ${name}: ${e.fetched} body bytes (${e.withHeaders} with headers, ${round(e.withHeaders / e.needed, 3)}×) in ${e.requests} requests for ${e.needed} needed`
      );
    detail('first download', firstDownload);
    detail('resume', resume);
    console.log(`      (${partials} file(s) were cut half-way and resumed with a Range request)`);
    detail('update', update);
    Object.assign(results, {
      firstDownload,
      resume,
      resumedPartials: partials,
      update,
      firstLesson
    });
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(join('bench-results', 'courses.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
    removeSnapshot(build);
  }
}

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
