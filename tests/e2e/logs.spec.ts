/**
 * Nothing secret or personal reaches the server's logs (issue 8). This spec starts its own
 * production server (scripts/serve.js on build/, as deployed: NODE_ENV=production) on its
 * own port, database and content folder, keeps everything it prints on stdout and stderr,
 * and drives every API route and every staff form action with realistic personal data:
 * names, phone numbers and e-mail addresses in registrations, ticket and recovery codes,
 * device secrets, staff e-mails and passwords (right and wrong), session cookies,
 * enrolment codes. Error paths are where secrets leak, so it provokes them too: malformed
 * and oversized bodies, forged credentials and cookies, wrong codes, and the server's own
 * 500s (a form body that does not parse, a damaged content file, the database locked by
 * another process). At the end the captured output must hold none of those strings, in
 * any case or URL-encoded; and it must show that the server ran and logged those errors,
 * and every route and action must have answered, so the test cannot pass on silence.
 *
 * The app's own logging is small on purpose (hooks.server.ts logs a 500's stack, the push
 * endpoint a failure's message, the content endpoint a damaged file's hash) and does not
 * change with NODE_ENV (only the seed's demo accounts do, so the seed runs without it):
 * this test is what keeps a `console.error(request body)` from being added anywhere.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import SQLite from 'better-sqlite3';
import { zipSync } from 'fflate';
import { request, type APIRequestContext, type APIResponse } from '@playwright/test';
import { formatRecoveryCode, newRecoveryCode } from '../../src/lib/domain/course';
import { formatTicketCode } from '../../src/lib/domain/registration';
import { DEMO_ADMIN_EMAIL, DEMO_LIBRARIAN_EMAIL } from '../../src/lib/server/auth/staff';
import { SESSION_COOKIE } from '../../src/lib/server/auth/sessions';
import { ContentStore, sha256 } from '../../src/lib/server/content/store';
import { openDb } from '../../src/lib/server/db/index';
import { course } from '../../src/lib/server/test/courses';
import { randomCode, registerArgs, stampAt } from '../../src/lib/server/test/factories';
import { BRANCH_ID, expect, phoneHeaders, test } from './fixtures';

const ROOT = process.cwd();
// Beside the main e2e server's files (one set per PARQUE_E2E_PORT: playwright.config.ts).
const RUN = resolve(ROOT, (process.env.PARQUE_DB_PATH ?? 'data/e2e.db').replace(/\.db$/, ''));
const DB_PATH = `${RUN}-logs.db`;
const CONTENT_DIR = `${RUN}-logs-content`;
const OTHER_PARK = 'br-san-javier';

// The people and secrets of this test: each must never appear in the server's output.
const NAME = 'Zoraida Quintero-Test';
const PHONE = '+57 300 555 0199';
const EMAIL = 'zoraida.quintero@correo.test';
const KIOSK_NAME = 'Zoraida Quintero-Test (quiosco)';
const KIOSK_EMAIL = 'zoraida.kiosco@correo.test';
const DEMO_PASSWORD = 'demo-clave-logs-Kq8v';
const WRONG_PASSWORD = 'Zoraida-adivina-2026';
const NEW_PASSWORD = 'Quintero nueva clave 7391';
const UNKNOWN_STAFF = 'zoraida.quintero@parque.example';
const FORGED_SECRET = 'ZoraidaForgedSecret-0123456789abcdefghijklmno';
const FORGED_TOKEN = 'zoraida-forged-session-token-4f2a9c';

const secrets = new Set<string>([
  NAME,
  'Zoraida',
  'Quintero',
  PHONE,
  '300 555 0199',
  '3005550199',
  EMAIL,
  KIOSK_NAME,
  KIOSK_EMAIL,
  DEMO_PASSWORD,
  WRONG_PASSWORD,
  NEW_PASSWORD,
  UNKNOWN_STAFF,
  DEMO_LIBRARIAN_EMAIL,
  DEMO_ADMIN_EMAIL,
  FORGED_SECRET,
  FORGED_TOKEN
]);
const keep = (...values: string[]) => values.forEach((v) => secrets.add(v));

/** Every form a secret could take in a log line. */
function formsOf(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1)
  ];
}

/** The secrets found in `text`, in any case and in any of their forms. */
function leaksIn(text: string): string[] {
  const lower = text.toLowerCase();
  return [...secrets].filter((secret) =>
    formsOf(secret).some((f) => lower.includes(f.toLowerCase()))
  );
}

/** Route × method of every +server.ts under api/, page loads and actions under staff/. */
function routeKeys(dir = join(ROOT, 'src/routes')): string[] {
  const keys: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      keys.push(...routeKeys(path));
      continue;
    }
    const id = '/' + relative(join(ROOT, 'src/routes'), dir).split(sep).join('/');
    const source = () => readFileSync(path, 'utf8');
    if (name === '+server.ts' && id.startsWith('/api/')) {
      for (const m of source().matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) {
        keys.push(`${m[1]} ${id}`);
      }
    } else if (name === '+page.server.ts' && id.startsWith('/staff')) {
      if (/export const load\b/.test(source())) keys.push(`GET ${id}`);
      const actions = source().split(/export const actions\b/)[1] ?? '';
      for (const m of actions.matchAll(/^ {2}(\w+): async/gm)) {
        keys.push(m[1] === 'default' ? `POST ${id}` : `POST ${id}?/${m[1]}`);
      }
    }
  }
  return keys;
}

/** A port nobody listens on now (the OS picks it): never the main e2e server's. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '0.0.0.0', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

let server: ChildProcess | undefined;
const contexts: APIRequestContext[] = [];
let exited: Promise<number | null> = Promise.resolve(null);
const output: Buffer[] = [];
const logged = () => Buffer.concat(output).toString('utf8');
let base = '';
let seedOutput = '';

async function stopServer(): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  server.kill('SIGTERM');
  const done = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))
  ]);
  if (!done) {
    server.kill('SIGKILL');
    await exited;
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  for (const suffix of ['', '-wal', '-shm']) rmSync(DB_PATH + suffix, { force: true });
  rmSync(CONTENT_DIR, { recursive: true, force: true });
  // PARQUE_E2E_NOW: the seed and the server run on the suite's shifted clock (e2e-clock.js).
  const clock = process.env.PARQUE_E2E_OFFSET_MS
    ? `--import=${join(ROOT, 'scripts/e2e-clock.js')}`
    : '';
  const nodeOptions = [process.env.NODE_OPTIONS, clock].filter(Boolean).join(' ');
  const env = {
    ...process.env,
    PARQUE_DB_PATH: DB_PATH,
    PARQUE_CONTENT_DIR: CONTENT_DIR,
    PARQUE_DEMO_PASSWORD: DEMO_PASSWORD,
    NODE_OPTIONS: nodeOptions
  };
  // The seed makes the demo staff only outside production; its own output is not the
  // server's log (it lists the demo accounts' e-mails on purpose), but holds no password.
  const seedEnv: NodeJS.ProcessEnv = { ...env };
  delete seedEnv.NODE_ENV;
  const seeded = spawnSync('npx', ['tsx', 'scripts/seed.ts'], {
    cwd: ROOT,
    env: seedEnv,
    encoding: 'utf8'
  });
  expect(seeded.status, seeded.stderr).toBe(0);
  seedOutput = seeded.stdout + seeded.stderr;
  expect(seedOutput).not.toContain(DEMO_PASSWORD);

  const port = await freePort();
  base = `http://localhost:${port}`;
  const child = spawn(process.execPath, ['scripts/serve.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      NODE_ENV: 'production',
      PORT: String(port),
      ORIGIN: base,
      // Every request comes from 127.0.0.1, as in the main e2e server.
      PARQUE_LIMIT_FACTOR: '100'
    }
  });
  server = child;
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${logged()}`);
    try {
      if ((await fetch(`${base}/api/branches`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${logged()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

test.afterAll(async () => {
  for (const c of contexts.splice(0)) await c.dispose();
  await stopServer();
  // What the server printed, for a failure's post-mortem (data/ is not committed).
  writeFileSync(`${RUN}-logs-output.txt`, logged());
});

test('no password, token, device secret or personal field appears in the server’s logs', async () => {
  test.setTimeout(240_000);
  const open = async () => {
    // One context per "browser": each has its own cookie jar, so a sign-in in one never
    // rides along on another's requests.
    const c = await request.newContext({ baseURL: base, maxRedirects: 0 });
    contexts.push(c);
    return c;
  };
  const anon = await open();

  /** Statuses each route and action answered, by `METHOD /route/id` (and `?/action`). */
  const answered = new Map<string, number[]>();
  const record = (key: string, status: number) =>
    answered.set(key, [...(answered.get(key) ?? []), status]);
  async function hit(
    key: string,
    pending: Promise<APIResponse>,
    want: number | number[]
  ): Promise<APIResponse> {
    const res = await pending;
    record(key, res.status());
    const wanted = [want].flat();
    if (!wanted.includes(res.status())) {
      expect(wanted, `${key}: ${res.status()} ${(await res.text()).slice(0, 500)}`).toContain(
        res.status()
      );
    }
    return res;
  }
  const json = (headers: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    ...headers
  });
  // A form posted by a browser without scripts: the page answers (HTML), with the status.
  const form = (headers: Record<string, string> = {}) => ({
    origin: base,
    accept: 'text/html',
    ...headers
  });
  const brokenMultipart = (field: string, value: string) => ({
    headers: form({ 'content-type': 'multipart/form-data; boundary=zq' }),
    data: `--zq\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}`
  });
  /** Over the body limit of the route (64 KB unless it has its own, 256 KB for a push). */
  const big = (text: string, bytes = 70_000) => text.repeat(Math.ceil(bytes / text.length));
  /**
   * An oversized body, sent on a connection of its own that is closed after the answer: the
   * server answers 413 without reading the body, so that connection cannot carry another
   * request (it would wait for the keep-alive timeout and be reset).
   */
  async function oversized(
    key: string,
    path: string,
    options: { headers: Record<string, string>; data?: string; form?: Record<string, string> }
  ): Promise<void> {
    const once = await request.newContext({ baseURL: base, maxRedirects: 0 });
    try {
      await hit(key, once.post(path, options), 413);
    } finally {
      await once.dispose();
    }
  }
  const forged = { authorization: `Device ${crypto.randomUUID()}.${FORGED_SECRET}` };
  const credentialOf = (c: { deviceId: string; secret: string }) => {
    keep(c.secret, `${c.deviceId}.${c.secret}`);
    return { authorization: `Device ${c.deviceId}.${c.secret}` };
  };
  const tokenOf = (res: APIResponse) => {
    const cookie = res
      .headersArray()
      .find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith(SESSION_COOKIE));
    const token = /=([^;]+)/.exec(cookie?.value ?? '')?.[1] ?? '';
    expect(token.length).toBeGreaterThan(20);
    keep(token);
    return token;
  };

  const db = openDb({ sqlitePath: DB_PATH });
  const sessions = await db
    .selectFrom('sessions')
    .select('id')
    .where('branch_id', '=', BRANCH_ID)
    .where('starts_at', '>', new Date(Date.now() + 86_400_000).toISOString())
    .orderBy('starts_at')
    .limit(4)
    .execute();
  // The test park's calendar feeds: its slug, a category and a workshop it offers.
  const park = await db
    .selectFrom('branches')
    .select('slug')
    .where('id', '=', BRANCH_ID)
    .executeTakeFirstOrThrow();
  const offered = await db
    .selectFrom('workshops')
    .innerJoin('categories', 'categories.id', 'workshops.category_id')
    .select(['workshops.id as workshopId', 'categories.slug as category'])
    .where('workshops.branch_id', '=', BRANCH_ID)
    .executeTakeFirstOrThrow();
  await db.destroy();
  expect(sessions).toHaveLength(4);
  const [s1, s2, s3, s4] = sessions.map((s) => s.id) as [string, string, string, string];

  await test.step('public routes', async () => {
    await hit('GET /api/branches', anon.get('/api/branches', { headers: forged }), 200);
    await hit('GET /api/courses', anon.get('/api/courses'), 200);
    const manifest = await hit(
      'GET /api/courses/[id]/manifest',
      anon.get('/api/courses/celular-basico/manifest'),
      200
    );
    await hit(
      'GET /api/courses/[id]/manifest',
      anon.get('/api/courses/celular-basico/manifest', {
        headers: { 'if-none-match': manifest.headers()['etag'] ?? '' }
      }),
      304
    );
    await hit(
      'GET /api/courses/[id]/manifest',
      anon.get(`/api/courses/${encodeURIComponent(NAME)}/manifest`),
      404
    );
    const files = Object.values(
      ((await manifest.json()) as { files: Record<string, string> }).files
    );
    expect(files.length).toBeGreaterThan(1);
    await hit('GET /api/content/[hash]', anon.get(`/api/content/${files[0]}`), 200);
    await hit(
      'GET /api/content/[hash]',
      anon.get(`/api/content/${files[0]}`, { headers: { range: 'bytes=0-9' } }),
      206
    );
    await hit('GET /api/content/[hash]', anon.get(`/api/content/${'a'.repeat(64)}`), 404);
    await hit('GET /api/content/[hash]', anon.get(`/api/content/${EMAIL}`), 404);
    // A file damaged on disk: the server logs its hash (and must log nothing else). The
    // smallest other file, so that it is one the server checks before sending.
    const store = new ContentStore(CONTENT_DIR);
    const damaged = files
      .filter((h) => h !== files[0])
      .sort((a, b) => statSync(store.pathOf(a)).size - statSync(store.pathOf(b)).size)[0]!;
    const bytes = readFileSync(store.pathOf(damaged));
    bytes[0] = bytes[0]! ^ 0xff;
    writeFileSync(store.pathOf(damaged), bytes);
    await hit('GET /api/content/[hash]', anon.get(`/api/content/${damaged}`), 500);

    const parkFeed = await hit(
      'GET /api/calendar/parks/[park].ics',
      anon.get(`/api/calendar/parks/${park.slug}.ics`, { headers: forged }),
      200
    );
    await hit(
      'GET /api/calendar/parks/[park].ics',
      anon.get(`/api/calendar/parks/${park.slug}.ics`, {
        headers: { 'if-none-match': parkFeed.headers()['etag'] ?? '' }
      }),
      304
    );
    await hit(
      'GET /api/calendar/parks/[park].ics',
      anon.get(`/api/calendar/parks/${encodeURIComponent(NAME)}.ics?lang=en`),
      404
    );
    await hit(
      'GET /api/calendar/parks/[park]/[category].ics',
      anon.get(`/api/calendar/parks/${park.slug}/${offered.category}.ics?lang=en`),
      200
    );
    await hit(
      'GET /api/calendar/parks/[park]/[category].ics',
      anon.get(`/api/calendar/parks/${park.slug}/${encodeURIComponent(EMAIL)}.ics`),
      404
    );
    await hit(
      'GET /api/calendar/workshops/[id].ics',
      anon.get(`/api/calendar/workshops/${offered.workshopId}.ics`),
      200
    );
    await hit(
      'GET /api/calendar/workshops/[id].ics',
      anon.get(`/api/calendar/workshops/${encodeURIComponent(PHONE)}.ics`),
      404
    );
  });

  // A visitor's phone: its credential, registrations with contact, a learner profile.
  const phone = await phoneHeaders(anon);
  record('POST /api/devices', 201); // phoneHeaders checked the 201
  const phoneId = /Device ([^.]+)\./.exec(phone.authorization!)![1]!;
  keep(phone.authorization!.slice('Device '.length), phone.authorization!.split('.')[1]!);
  const recoveryCode = newRecoveryCode((n) => crypto.getRandomValues(new Uint8Array(n)));
  keep(recoveryCode, formatRecoveryCode(recoveryCode), sha256(recoveryCode));
  const first = registerArgs(s1, {
    name: NAME,
    contact: PHONE,
    ageBand: '29-59',
    comuna: '13'
  });
  const second = registerArgs(s2, { name: NAME, contact: EMAIL });
  keep(first.code, second.code, formatTicketCode(first.code), formatTicketCode(second.code));
  let phoneMutations = 0;
  const phoneMutation = (name: string, args: unknown) => ({
    id: ++phoneMutations,
    name,
    args,
    at: stampAt(Date.now())
  });

  await test.step('a phone: credential, push, pull, recovery', async () => {
    await hit(
      'POST /api/devices',
      anon.post('/api/devices', { headers: json(forged), data: `{"name": "${NAME}"` }),
      201
    );
    const push = (mutations: unknown[], headers = phone, clientId = phoneId) =>
      anon.post('/api/sync/push', {
        headers: json(headers),
        data: { clientId, branchId: BRANCH_ID, pendingCount: 0, mutations }
      });
    await hit(
      'POST /api/sync/push',
      push([
        phoneMutation('registerAttendee', first),
        phoneMutation('registerAttendee', second),
        phoneMutation('createLearner', {
          learnerId: crypto.randomUUID(),
          codeHash: sha256(recoveryCode)
        }),
        // Refused one by one: a contact that is neither a phone nor an e-mail, a bad code.
        phoneMutation('registerAttendee', registerArgs(s3, { name: NAME, contact: `${EMAIL}@@` })),
        phoneMutation('cancelRegistration', { registrationId: second.registrationId, code: 'X' }),
        phoneMutation('cancelRegistration', {
          registrationId: second.registrationId,
          code: second.code
        })
      ]),
      200
    );
    const registration = registerArgs(s3, { name: NAME, contact: PHONE });
    keep(registration.code);
    const body = JSON.stringify({
      clientId: phoneId,
      branchId: BRANCH_ID,
      pendingCount: 0,
      mutations: [phoneMutation('registerAttendee', registration)]
    });
    phoneMutations--;
    await hit(
      'POST /api/sync/push',
      anon.post('/api/sync/push', { headers: json(phone), data: body.slice(0, -7) }),
      400
    );
    await hit(
      'POST /api/sync/push',
      anon.post('/api/sync/push', { headers: json(phone), data: `[${body}]` }),
      400
    );
    await hit(
      'POST /api/sync/push',
      anon.post('/api/sync/push', {
        headers: json(phone),
        data: { clientId: phoneId, name: NAME, contact: EMAIL, mutations: 'Zoraida' }
      }),
      400
    );
    await oversized('POST /api/sync/push', '/api/sync/push', {
      headers: json(phone),
      data: `{"name": "${big(NAME, 300_000)}"}`
    });
    await hit(
      'POST /api/sync/push',
      anon.post('/api/sync/push', {
        headers: form({ ...phone, 'content-type': 'text/plain' }),
        data: body
      }),
      415
    );
    await hit('POST /api/sync/push', push([], phone, crypto.randomUUID()), 403);
    await hit(
      'POST /api/sync/push',
      push([{ ...phoneMutation('registerAttendee', registration), id: 99 }]),
      409
    );
    phoneMutations--;
    await hit('POST /api/sync/push', push([], forged), 401);
    await hit('POST /api/sync/push', push([], { authorization: `Device zoraida.${PHONE}` }), 401);
    await hit('POST /api/sync/push', push([], { authorization: `Bearer ${FORGED_TOKEN}` }), 401);

    const pull = (query: string, headers = phone) =>
      anon.get(`/api/sync/pull?${query}`, { headers });
    await hit('GET /api/sync/pull', pull(`branch=${BRANCH_ID}&client=${phoneId}`), 200);
    await hit(
      'GET /api/sync/pull',
      pull(`branch=${BRANCH_ID}&cursor=${encodeURIComponent(`${NAME}.${EMAIL}`)}`),
      400
    );
    await hit('GET /api/sync/pull', pull(`branch=${BRANCH_ID}&client=${NAME}`), 400);
    await hit('GET /api/sync/pull', pull(`branch=${BRANCH_ID}`, forged), 401);

    const recover = (data: unknown, headers = phone) =>
      anon.post('/api/learners/recover', { headers: json(headers), data });
    await hit(
      'POST /api/learners/recover',
      recover({ code: formatRecoveryCode(recoveryCode).toLowerCase() }),
      200
    );
    const wrong = newRecoveryCode((n) => crypto.getRandomValues(new Uint8Array(n)));
    keep(wrong);
    await hit('POST /api/learners/recover', recover({ code: wrong }), 404);
    await hit('POST /api/learners/recover', recover({ code: NAME }), 400);
    await hit('POST /api/learners/recover', recover(`{"code": "${recoveryCode}"`), 400);
    await oversized('POST /api/learners/recover', '/api/learners/recover', {
      headers: json(phone),
      data: `{"code": "${big(recoveryCode)}"}`
    });
    await hit('POST /api/learners/recover', recover({ code: recoveryCode }, forged), 401);
  });

  // Staff: sign-in with right and wrong passwords, the console's pages, a new password.
  const signIn = (ctx: APIRequestContext, email: string, password: string) =>
    ctx.post('/staff/sign-in', { headers: form(), form: { email, password } });
  const librarian = await open();
  const admin = await open();

  await test.step('staff sign-in and password change', async () => {
    await hit('GET /staff/sign-in', anon.get('/staff/sign-in'), 200);
    await hit('POST /staff/sign-in', signIn(anon, DEMO_LIBRARIAN_EMAIL, WRONG_PASSWORD), 400);
    await hit('POST /staff/sign-in', signIn(anon, UNKNOWN_STAFF, DEMO_PASSWORD), 400);
    await hit('POST /staff/sign-in', signIn(anon, DEMO_LIBRARIAN_EMAIL, ''), 400);
    await hit(
      'POST /staff/sign-in',
      anon.post('/staff/sign-in', {
        form: { email: DEMO_LIBRARIAN_EMAIL, password: DEMO_PASSWORD }
      }),
      403 // no Origin: SvelteKit's cross-site form check
    );
    await hit(
      'POST /staff/sign-in',
      anon.post('/staff/sign-in', {
        headers: form({ 'content-type': 'application/json' }),
        data: { email: DEMO_LIBRARIAN_EMAIL, password: DEMO_PASSWORD }
      }),
      415
    );
    await oversized('POST /staff/sign-in', '/staff/sign-in', {
      headers: form(),
      form: { email: DEMO_LIBRARIAN_EMAIL, password: big(DEMO_PASSWORD) }
    });
    // A body that does not parse: a 500, whose stack the server logs.
    await hit(
      'POST /staff/sign-in',
      anon.post('/staff/sign-in', brokenMultipart('password', DEMO_PASSWORD)),
      500
    );
    const signedIn = await hit(
      'POST /staff/sign-in',
      signIn(librarian, DEMO_LIBRARIAN_EMAIL, DEMO_PASSWORD),
      303
    );
    tokenOf(signedIn);
    tokenOf(await hit('POST /staff/sign-in', signIn(admin, DEMO_ADMIN_EMAIL, DEMO_PASSWORD), 303));
    await hit('GET /staff/sign-in', librarian.get('/staff/sign-in'), 303);
    await hit('GET /staff', librarian.get('/staff'), 200);
    await hit('GET /staff', anon.get('/staff'), 303);
    await hit(
      'GET /staff',
      anon.get('/staff', { headers: { cookie: `${SESSION_COOKIE}=${FORGED_TOKEN}` } }),
      303
    );
    await hit('GET /staff/devices', librarian.get('/staff/devices'), 200);
    await hit('GET /staff/password', librarian.get('/staff/password'), 200);

    const change = (current: string, next: string, confirm = next) =>
      librarian.post('/staff/password', { headers: form(), form: { current, next, confirm } });
    await hit('POST /staff/password', change(WRONG_PASSWORD, NEW_PASSWORD), 400);
    await hit('POST /staff/password', change(DEMO_PASSWORD, NEW_PASSWORD, WRONG_PASSWORD), 400);
    await hit('POST /staff/password', change(DEMO_PASSWORD, 'Zoraida'), 400);
    await hit(
      'POST /staff/password',
      librarian.post('/staff/password', brokenMultipart('next', NEW_PASSWORD)),
      500
    );
    await hit(
      'POST /staff/password',
      anon.post('/staff/password', {
        headers: form(),
        form: { current: DEMO_PASSWORD, next: NEW_PASSWORD, confirm: NEW_PASSWORD }
      }),
      303 // not signed in: to the sign-in page
    );
    await hit('POST /staff/password', change(DEMO_PASSWORD, NEW_PASSWORD), 200);
    await hit('POST /staff/sign-in', signIn(anon, DEMO_LIBRARIAN_EMAIL, DEMO_PASSWORD), 400);
    const again = await open();
    tokenOf(
      await hit('POST /staff/sign-in', signIn(again, DEMO_LIBRARIAN_EMAIL, NEW_PASSWORD), 303)
    );
  });

  // Devices: a librarian's enrolment codes, kiosks and desks enrolled with them.
  const enrolCode = async (kind: 'kiosk' | 'desk') => {
    const res = await hit(
      'POST /staff/devices?/enrol',
      librarian.post('/staff/devices?/enrol', {
        headers: form(),
        form: { branchId: BRANCH_ID, kind, label: `Quiosco de ${NAME}` }
      }),
      200
    );
    const display = /data-testid="enrolment-code"[^>]*>([A-Z0-9-]+)</.exec(await res.text())?.[1];
    expect(display).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    keep(display!, display!.replace('-', ''));
    return display!;
  };
  const enrol = async (code: string) => {
    const res = await hit(
      'POST /api/devices/enrol',
      anon.post('/api/devices/enrol', { headers: json(), data: { code } }),
      201
    );
    const issued = (await res.json()) as { deviceId: string; secret: string };
    return { id: issued.deviceId, headers: credentialOf(issued) };
  };
  let kiosk = { id: '', headers: {} as Record<string, string> };
  let desk = { id: '', headers: {} as Record<string, string> };

  await test.step('enrolment codes, kiosks and desks', async () => {
    const kioskCode = await enrolCode('kiosk');
    kiosk = await enrol(kioskCode.toLowerCase());
    desk = await enrol(await enrolCode('desk'));
    const devicesForm = (data: Record<string, string>) =>
      librarian.post('/staff/devices?/enrol', { headers: form(), form: data });
    await hit(
      'POST /staff/devices?/enrol',
      devicesForm({ branchId: OTHER_PARK, kind: 'kiosk', label: NAME }),
      403
    );
    await hit(
      'POST /staff/devices?/enrol',
      devicesForm({ branchId: BRANCH_ID, kind: NAME, label: EMAIL }),
      400
    );
    await hit(
      'POST /staff/devices?/enrol',
      librarian.post('/staff/devices?/enrol', brokenMultipart('label', NAME)),
      500
    );
    const enrolApi = (data: unknown, headers: Record<string, string> = {}) =>
      anon.post('/api/devices/enrol', { headers: json(headers), data });
    await hit('POST /api/devices/enrol', enrolApi({ code: kioskCode }), 400); // spent
    const wrong = randomCode();
    keep(wrong);
    await hit('POST /api/devices/enrol', enrolApi({ code: wrong }, forged), 400);
    await hit('POST /api/devices/enrol', enrolApi({ code: `${NAME} ${EMAIL}` }), 400);
    await hit('POST /api/devices/enrol', enrolApi(`{"code": "${kioskCode}"`), 400);
    await oversized('POST /api/devices/enrol', '/api/devices/enrol', {
      headers: json(),
      data: `{"code": "${big(kioskCode)}"}`
    });
  });

  // The kiosk registers a walk-up visitor; the visitor takes the ticket home on the phone.
  const walkUp = registerArgs(s1, { name: KIOSK_NAME, contact: KIOSK_EMAIL, ageBand: '60-plus' });
  keep(walkUp.code, formatTicketCode(walkUp.code));
  let kioskMutations = 0;
  const kioskPush = (mutations: { name: string; args: unknown }[]) =>
    anon.post('/api/sync/push', {
      headers: json(kiosk.headers),
      data: {
        clientId: kiosk.id,
        branchId: BRANCH_ID,
        pendingCount: 0,
        mutations: mutations.map((m) => ({ ...m, id: ++kioskMutations, at: stampAt(Date.now()) }))
      }
    });

  await test.step('a kiosk: push, check-in, roster, leases; the ticket goes home', async () => {
    const wrongTicket = randomCode();
    keep(wrongTicket);
    await hit(
      'POST /api/sync/push',
      kioskPush([
        { name: 'registerAttendee', args: walkUp },
        { name: 'checkIn', args: { code: walkUp.code, sessionId: s1 } },
        { name: 'checkIn', args: { code: wrongTicket, sessionId: s1 } },
        { name: 'checkIn', args: { code: first.code } },
        { name: 'cancelByCode', args: { code: second.code, sessionId: s2 } },
        { name: 'cancelByCode', args: { code: wrongTicket } }
      ]),
      200
    );
    const roster = await hit(
      'GET /api/sync/pull',
      anon.get(`/api/sync/pull?branch=${BRANCH_ID}&limit=1000`, { headers: kiosk.headers }),
      200
    );
    expect(await roster.text()).toContain(KIOSK_NAME); // the roster did carry the name
    await hit(
      'GET /api/sync/pull',
      anon.get(`/api/sync/pull?branch=${OTHER_PARK}`, { headers: kiosk.headers }),
      403
    );

    const leases = (data: unknown, headers = kiosk.headers) =>
      anon.post('/api/sync/leases', { headers: json(headers), data });
    await hit('POST /api/sync/leases', leases({ clientId: kiosk.id, branchId: BRANCH_ID }), 200);
    await hit(
      'POST /api/sync/leases',
      leases({ clientId: kiosk.id, branchId: BRANCH_ID, release: true }),
      200
    );
    await hit('POST /api/sync/leases', leases({ clientId: NAME, branchId: EMAIL }), 400);
    await hit('POST /api/sync/leases', leases(`{"clientId": "${kiosk.id}"`), 400);
    await hit(
      'POST /api/sync/leases',
      leases({ clientId: crypto.randomUUID(), branchId: BRANCH_ID }),
      403
    );
    await hit(
      'POST /api/sync/leases',
      leases({ clientId: phoneId, branchId: BRANCH_ID }, phone),
      403
    );
    await hit(
      'POST /api/sync/leases',
      leases({ clientId: kiosk.id, branchId: BRANCH_ID }, forged),
      401
    );

    const claim = (data: unknown, headers = phone) =>
      anon.post('/api/tickets/claim', { headers: json(headers), data });
    await hit(
      'POST /api/tickets/claim',
      claim({ code: formatTicketCode(walkUp.code).toLowerCase() }),
      200
    );
    const wrong = randomCode();
    keep(wrong);
    await hit('POST /api/tickets/claim', claim({ code: wrong }), 404);
    await hit('POST /api/tickets/claim', claim({ code: NAME }), 404);
    await hit('POST /api/tickets/claim', claim(`{"code": "${walkUp.code}"`), 400);
    await oversized('POST /api/tickets/claim', '/api/tickets/claim', {
      headers: json(phone),
      data: `{"code": "${big(walkUp.code)}"}`
    });
    await hit('POST /api/tickets/claim', claim({ code: walkUp.code }, kiosk.headers), 403);
    await hit('POST /api/tickets/claim', claim({ code: walkUp.code }, forged), 401);
  });

  await test.step('reports and course publishing', async () => {
    await hit('GET /api/reports/courses', librarian.get('/api/reports/courses'), 200);
    // A session's roster as CSV: the people registered for it, names and contacts.
    await hit('GET /staff/sessions', librarian.get('/staff/sessions'), 200);
    await hit('GET /staff/sessions', librarian.get(`/staff/sessions?park=${OTHER_PARK}`), 200);
    await hit('GET /staff/sessions', anon.get('/staff/sessions'), 303);
    const csv = await hit(
      'GET /api/sessions/[id]/roster.csv',
      librarian.get(`/api/sessions/${s1}/roster.csv`),
      200
    );
    expect(await csv.text()).toContain(KIOSK_NAME); // the export did carry the names
    await hit(
      'GET /api/sessions/[id]/roster.csv',
      admin.get(`/api/sessions/${s1}/roster.csv?lang=en`),
      200
    );
    await hit(
      'GET /api/sessions/[id]/roster.csv',
      librarian.get(`/api/sessions/${encodeURIComponent(NAME)}/roster.csv`),
      404
    );
    await hit(
      'GET /api/sessions/[id]/roster.csv',
      anon.get(`/api/sessions/${s1}/roster.csv`, { headers: phone }),
      403
    );
    await hit(
      'GET /api/sessions/[id]/roster.csv',
      anon.get(`/api/sessions/${s1}/roster.csv`, {
        headers: { cookie: `${SESSION_COOKIE}=${FORGED_TOKEN}` }
      }),
      401
    );
    // One session on the console, its contacts, and a librarian's edits of it, with
    // personal data in the reason and the forms (a name where a number belongs).
    await hit('GET /staff/sessions/[id]', librarian.get(`/staff/sessions/${s1}`), 200);
    await hit('GET /staff/sessions/[id]', librarian.get(`/staff/sessions/${NAME}`), 404);
    await hit('GET /staff/sessions/[id]', anon.get(`/staff/sessions/${s1}`), 303);
    const contacts = await hit(
      'GET /api/sessions/[id]/contacts.csv',
      librarian.get(`/api/sessions/${s1}/contacts.csv`),
      200
    );
    expect(await contacts.text()).toContain(KIOSK_EMAIL); // the export did carry contacts
    await hit(
      'GET /api/sessions/[id]/contacts.csv',
      librarian.get(`/api/sessions/${encodeURIComponent(EMAIL)}/contacts.csv`),
      404
    );
    await hit(
      'GET /api/sessions/[id]/contacts.csv',
      anon.get(`/api/sessions/${s1}/contacts.csv`, { headers: phone }),
      403
    );
    // The sign-in sheet (names of the confirmed); its ticks become check-ins.
    await hit('GET /staff/sessions/[id]/sheet', librarian.get(`/staff/sessions/${s1}/sheet`), 200);
    await hit('GET /staff/sessions/[id]/sheet', admin.get(`/staff/sessions/${NAME}/sheet`), 404);
    await hit(
      'POST /staff/sessions/[id]/sheet?/ticks',
      librarian.post(`/staff/sessions/${s1}/sheet?/ticks`, {
        headers: form(),
        form: { code: walkUp.code }
      }),
      200
    );
    await hit(
      'POST /staff/sessions/[id]/sheet?/ticks',
      librarian.post(`/staff/sessions/${s1}/sheet?/ticks`, {
        headers: form(),
        form: { code: NAME }
      }),
      400
    );
    const edit = (action: string, data: Record<string, string>) =>
      librarian.post(`/staff/sessions/${s4}?/${action}`, { headers: form(), form: data });
    await hit('POST /staff/sessions/[id]?/capacity', edit('capacity', { capacity: '31' }), 200);
    await hit('POST /staff/sessions/[id]?/capacity', edit('capacity', { capacity: NAME }), 400);
    // Moved to two days ago (a correction), so its no-shows' seats can be released.
    const past = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await hit(
      'POST /staff/sessions/[id]?/move',
      edit('move', { date: past, start: '09:00', end: '11:00' }),
      200
    );
    await hit('POST /staff/sessions/[id]?/release', edit('release', { to: 'waitlist' }), 200);
    await hit('POST /staff/sessions/[id]?/release', edit('release', { to: NAME }), 400);
    await hit(
      'POST /staff/sessions/[id]?/move',
      edit('move', { date: NAME, start: EMAIL, end: '11:00' }),
      400
    );
    await hit(
      'POST /staff/sessions/[id]?/cancel',
      edit('cancel', { reason: `Aviso para ${NAME}` }),
      400
    );
    await hit(
      'POST /staff/sessions/[id]?/cancel',
      edit('cancel', { reason: `Aviso para ${NAME}`, confirm: 'yes' }),
      200
    );
    await hit(
      'GET /api/reports/courses',
      anon.get('/api/reports/courses', { headers: phone }),
      403
    );
    await hit(
      'GET /api/reports/courses',
      anon.get('/api/reports/courses', {
        headers: { cookie: `${SESSION_COOKIE}=${FORGED_TOKEN}` }
      }),
      401
    );
    const zip = zipSync(
      Object.fromEntries([...course()].map(([path, bytes]) => [`curso-logs/${path}`, bytes]))
    );
    const publish = (ctx: APIRequestContext, data: Buffer, type = 'application/zip') =>
      ctx.post('/api/courses?id=curso-logs', {
        headers: { origin: base, 'content-type': type },
        data
      });
    await hit('POST /api/courses', publish(librarian, Buffer.from(zip)), 201);
    await hit('POST /api/courses', publish(admin, Buffer.from(zip)), 200); // unchanged
    await hit('POST /api/courses', publish(librarian, Buffer.from(`PK${NAME}`)), 422);
    await hit('POST /api/courses', publish(librarian, Buffer.from(NAME), 'text/plain'), 415);
    await hit('POST /api/courses', publish(anon, Buffer.from(zip)), 401);
  });

  await test.step('courses in the console', async () => {
    await hit('GET /staff/courses', librarian.get('/staff/courses'), 200);
    await hit('GET /staff/courses', anon.get('/staff/courses'), 303);
    const upload = (name: string, bytes: Uint8Array) =>
      librarian.post('/staff/courses?/upload', {
        headers: form(),
        multipart: {
          course: { name, mimeType: 'application/zip', buffer: Buffer.from(bytes) }
        }
      });
    // A course that names a person in its text, refused for its quiz: its problems are
    // the page's, never the log's; then a file named after the person, not a zip at all.
    const personal = course({
      'course.md': `---\ntitle: Curso de ${NAME}\nsummary: ${EMAIL}\nlanguage: es\nlevel: inicial\nminutes: 20\n---\n${PHONE}\n`,
      'quiz.md': `---\ntitle: Q\n---\n## ¿${NAME}?\n- [ ] a\n- [ ] b\n`
    });
    const personalZip = zipSync(
      Object.fromEntries([...personal].map(([path, bytes]) => [`curso-consola/${path}`, bytes]))
    );
    await hit('POST /staff/courses?/upload', upload('curso-consola.zip', personalZip), 422);
    await hit(
      'POST /staff/courses?/upload',
      upload(`${NAME}.zip`, new TextEncoder().encode(EMAIL)),
      422
    );
    const good = course({
      'course.md': `---\ntitle: Curso de ${NAME}\nsummary: ${EMAIL}\nlanguage: es\nlevel: inicial\nminutes: 20\n---\n${PHONE}\n`
    });
    const goodZip = zipSync(
      Object.fromEntries([...good].map(([path, bytes]) => [`curso-consola/${path}`, bytes]))
    );
    await hit('POST /staff/courses?/upload', upload('curso-consola.zip', goodZip), 200);
    await hit(
      'POST /staff/courses?/upload',
      librarian.post('/staff/courses?/upload', brokenMultipart('course', NAME)),
      500
    );
    await hit(
      'POST /staff/courses?/upload',
      anon.post('/staff/courses?/upload', { headers: form() }),
      303
    );

    const previewPath = '/staff/courses/curso-consola';
    await hit('GET /staff/courses/[id]/[[lesson]]', librarian.get(previewPath), 200);
    await hit('GET /staff/courses/[id]/[[lesson]]', librarian.get(`${previewPath}/final`), 200);
    await hit(
      'GET /staff/courses/[id]/[[lesson]]',
      librarian.get(`/staff/courses/${encodeURIComponent(NAME)}`),
      404
    );
    const park = (action: string, branchId: string) =>
      librarian.post(`${previewPath}?/${action}`, { headers: form(), form: { branchId } });
    await hit('POST /staff/courses/[id]/[[lesson]]?/publish', park('publish', BRANCH_ID), 200);
    await hit('POST /staff/courses/[id]/[[lesson]]?/publish', park('publish', OTHER_PARK), 403);
    await hit('POST /staff/courses/[id]/[[lesson]]?/publish', park('publish', NAME), 403);
    await hit(
      'POST /staff/courses/[id]/[[lesson]]?/publish',
      librarian.post(`${previewPath}?/publish`, brokenMultipart('branchId', NAME)),
      500
    );
    await hit('POST /staff/courses/[id]/[[lesson]]?/unpublish', park('unpublish', BRANCH_ID), 200);
    await hit('POST /staff/courses/[id]/[[lesson]]?/unpublish', park('unpublish', BRANCH_ID), 409);
    await hit(
      'POST /staff/courses/[id]/[[lesson]]?/unpublish',
      librarian.post(`${previewPath}?/unpublish`, brokenMultipart('branchId', EMAIL)),
      500
    );
  });

  await test.step('workshops in the console', async () => {
    const probe = openDb({ sqlitePath: DB_PATH });
    const { id: categoryId } = await probe
      .selectFrom('categories')
      .select('id')
      .executeTakeFirstOrThrow();
    await probe.destroy();
    await hit('GET /staff/workshops', librarian.get('/staff/workshops'), 200);
    await hit('GET /staff/workshops', anon.get('/staff/workshops'), 303);
    await hit('GET /staff/workshops/new', librarian.get('/staff/workshops/new'), 200);
    await hit(
      'GET /staff/workshops/new',
      librarian.get(`/staff/workshops/new?from=${offered.workshopId}`),
      200
    );
    await hit(
      'GET /staff/workshops/new',
      librarian.get(`/staff/workshops/new?from=${encodeURIComponent(NAME)}`),
      404
    );
    // A facilitator's name is in the form; the refusals are provoked with it too.
    const id = crypto.randomUUID();
    const create = (fields: Record<string, string>) =>
      librarian.post('/staff/workshops/new?/create', {
        headers: form(),
        form: { workshopId: id, park: BRANCH_ID, categoryId, facilitator: NAME, ...fields }
      });
    await hit('POST /staff/workshops/new?/create', create({ title: '   ' }), 400);
    await hit('POST /staff/workshops/new?/create', create({ title: 'Taller de logs' }), 303);
    await hit('GET /staff/workshops/[id]', librarian.get(`/staff/workshops/${id}`), 200);
    await hit(
      'GET /staff/workshops/[id]',
      librarian.get(`/staff/workshops/${encodeURIComponent(NAME)}`),
      404
    );
    const save = (fields: Record<string, string>) =>
      librarian.post(`/staff/workshops/${id}?/save`, {
        headers: form(),
        form: { categoryId, facilitator: NAME, ...fields }
      });
    await hit('POST /staff/workshops/[id]?/save', save({ title: big(NAME, 200) }), 400);
    await hit('POST /staff/workshops/[id]?/save', save({ title: 'Taller', bring: PHONE }), 200);
    await hit(
      'POST /staff/workshops/[id]?/archive',
      librarian.post(`/staff/workshops/${id}?/archive`, {
        headers: form(),
        form: { archived: 'true' }
      }),
      200
    );
  });

  // What a refused kiosk had not sent, sent or discarded by a librarian (POST /api/devices/unsent).
  const unsent = (
    action: string,
    deviceId: string,
    mutations: unknown[],
    ctx: APIRequestContext = librarian,
    headers: Record<string, string> = {}
  ) =>
    ctx.post('/api/devices/unsent', {
      headers: json(headers),
      data: { action, deviceId, branchId: BRANCH_ID, kind: 'kiosk', mutations }
    });
  const offline = registerArgs(s3, { name: KIOSK_NAME, contact: KIOSK_EMAIL, comuna: '07' });
  const lockedUnsent = [
    { id: 1, name: 'registerAttendee', args: offline, at: stampAt(Date.now()) }
  ];
  keep(offline.code, formatTicketCode(offline.code));

  await test.step('the database locked by another process: failures the server logs', async () => {
    // Another process (a CLI tool, a backup) holds SQLite's write lock past the app's 5 s
    // busy timeout: the writes of these requests fail, and the server logs the failures.
    const lock = new SQLite(DB_PATH);
    try {
      lock.exec('BEGIN IMMEDIATE');
      const locked = registerArgs(s2, { name: KIOSK_NAME, contact: PHONE });
      keep(locked.code);
      await hit(
        'POST /api/sync/push',
        kioskPush([{ name: 'registerAttendee', args: locked }]),
        [500, 503]
      );
      kioskMutations--;
      await hit(
        'POST /api/sync/push',
        anon.post('/api/sync/push', {
          headers: json(phone),
          data: {
            clientId: phoneId,
            branchId: BRANCH_ID,
            pendingCount: 0,
            mutations: [phoneMutation('registerAttendee', registerArgs(s3, { name: NAME }))]
          }
        }),
        [500, 503]
      );
      await hit('POST /staff/sign-in', signIn(anon, DEMO_ADMIN_EMAIL, WRONG_PASSWORD), 500);
      // The roster is read, then its audit row cannot be written.
      await hit(
        'GET /api/sessions/[id]/roster.csv',
        librarian.get(`/api/sessions/${s1}/roster.csv`),
        500
      );
      await hit('POST /api/devices/unsent', unsent('send', crypto.randomUUID(), lockedUnsent), 500);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
  });

  await test.step('planning a series of sessions', async () => {
    await hit('GET /staff/series/new', librarian.get('/staff/series/new'), 200);
    await hit('GET /staff/series/new', anon.get('/staff/series/new'), 303);
    // Tomorrow or later in Bogotá, whatever the hour: the UTC date plus one.
    const date = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const series = {
      park: BRANCH_ID,
      workshop: 'ws-espana-correo',
      date,
      time: '05:53',
      duration: '60',
      room: `Sala de ${NAME}`,
      capacity: '10',
      repeat: 'weekly',
      end: 'count',
      count: '2'
    };
    const plan = (action: string, fields: Record<string, string>) =>
      librarian.post(`/staff/series/new?/${action}`, { headers: form(), form: fields });
    await hit('POST /staff/series/new?/preview', plan('preview', series), 200);
    await hit('POST /staff/series/new?/preview', plan('preview', { ...series, count: '900' }), 400);
    const seriesId = crypto.randomUUID();
    await hit(
      'POST /staff/series/new?/create',
      plan('create', { ...series, seriesId, keep: date }),
      303
    );
    await hit('POST /staff/series/new?/create', plan('create', { ...series, seriesId }), 400);
  });

  await test.step("the admins' pages: staff accounts, the audit log, renaming a device", async () => {
    const STAFF_EMAIL = 'zoraida.personal@correo.test';
    keep(STAFF_EMAIL);
    const people = (action: string, data: Record<string, string>, ctx = admin) =>
      ctx.post(`/staff/people?/${action}`, { headers: form(), form: data });
    const passwordIn = async (res: APIResponse) => {
      const shown = /data-testid="temporary-password"[^>]*>([^<]+)</.exec(await res.text());
      expect(shown?.[1]?.trim()).toBeTruthy();
      keep(shown![1]!.trim());
    };
    await hit('GET /staff/people', admin.get('/staff/people'), 200);
    await hit('GET /staff/people', librarian.get('/staff/people'), 403);
    const made = { name: NAME, email: STAFF_EMAIL, role: 'librarian', parks: BRANCH_ID };
    await passwordIn(await hit('POST /staff/people?/create', people('create', made), 200));
    await hit('POST /staff/people?/create', people('create', made), 400); // e-mail taken
    await hit('POST /staff/people?/create', people('create', made, librarian), 403);
    await hit(
      'POST /staff/people?/create',
      admin.post('/staff/people?/create', brokenMultipart('email', STAFF_EMAIL)),
      500
    );
    const ids = new SQLite(DB_PATH, { readonly: true });
    const idOf = (email: string) =>
      (ids.prepare('select id from staff where email = ?').get(email) as { id: string }).id;
    const [made_id, admin_id] = [idOf(STAFF_EMAIL), idOf(DEMO_ADMIN_EMAIL)];
    ids.close();
    const role = (staffId: string, r: string, parks = BRANCH_ID) =>
      people('role', { staffId, role: r, parks });
    await hit('POST /staff/people?/role', role(made_id, 'facilitator'), 200);
    await hit('POST /staff/people?/role', role(admin_id, 'librarian'), 409); // the last admin
    await hit('POST /staff/people?/role', role(NAME, 'librarian'), 404);
    await hit(
      'POST /staff/people?/status',
      people('status', { staffId: made_id, status: 'disabled' }),
      200
    );
    await hit(
      'POST /staff/people?/status',
      people('status', { staffId: made_id, status: NAME }),
      400
    );
    await passwordIn(
      await hit('POST /staff/people?/reset', people('reset', { staffId: made_id }), 200)
    );
    await hit('POST /staff/people?/reset', people('reset', { staffId: made_id }, librarian), 403);

    await hit(
      'GET /staff/audit',
      admin.get(`/staff/audit?staff=${made_id}&kind=staff_created`),
      200
    );
    await hit('GET /staff/audit', admin.get(`/staff/audit?from=${encodeURIComponent(NAME)}`), 200);
    await hit('GET /staff/audit', librarian.get('/staff/audit'), 403);

    const rename = (deviceId: string, label: string) =>
      librarian.post('/staff/devices?/rename', { headers: form(), form: { deviceId, label } });
    await hit('POST /staff/devices?/rename', rename(kiosk.id, KIOSK_NAME), 200);
    await hit('POST /staff/devices?/rename', rename(kiosk.id, ''), 400);
    await hit('POST /staff/devices?/rename', rename(NAME, KIOSK_NAME), 400);
    await hit('POST /staff/devices?/rename', rename(phoneId, KIOSK_NAME), 404);
    await hit(
      'POST /staff/devices?/rename',
      librarian.post('/staff/devices?/rename', brokenMultipart('label', KIOSK_NAME)),
      500
    );
  });

  await test.step('revoking a kiosk, signing out', async () => {
    const revoke = (deviceId: string) =>
      librarian.post('/staff/devices?/revoke', { headers: form(), form: { deviceId } });
    await hit('POST /staff/devices?/revoke', revoke(kiosk.id), 200);
    await hit('POST /staff/devices?/revoke', revoke(kiosk.id), 409); // already revoked
    await hit('POST /staff/devices?/revoke', revoke(phoneId), 404);
    await hit('POST /staff/devices?/revoke', revoke(NAME), 400);
    await hit(
      'POST /staff/devices?/revoke',
      librarian.post('/staff/devices?/revoke', brokenMultipart('deviceId', kiosk.id)),
      500
    );
    await hit(
      'GET /api/sync/pull',
      anon.get(`/api/sync/pull?branch=${BRANCH_ID}`, { headers: kiosk.headers }),
      401
    );
    // The revoked kiosk's offline registration: a librarian sends it, or discards it.
    const left = [
      { id: kioskMutations + 1, name: 'registerAttendee', args: offline, at: stampAt(Date.now()) }
    ];
    await hit('POST /api/devices/unsent', unsent('send', kiosk.id, left), 200);
    await hit('POST /api/devices/unsent', unsent('discard', kiosk.id, left), 200);
    await hit('POST /api/devices/unsent', unsent('send', desk.id, left), 409); // still enrolled
    await hit('POST /api/devices/unsent', unsent(NAME, kiosk.id, left), 400);
    await hit('POST /api/devices/unsent', unsent('send', kiosk.id, left, anon), 401);
    await hit('POST /api/devices/unsent', unsent('send', kiosk.id, left, anon, phone), 403);
    await hit(
      'POST /api/devices/unsent',
      librarian.post('/api/devices/unsent', {
        headers: json(),
        data: JSON.stringify({ action: 'send', deviceId: kiosk.id, mutations: left }).slice(0, -9)
      }),
      400
    );
    await oversized('POST /api/devices/unsent', '/api/devices/unsent', {
      headers: json({ cookie: `${SESSION_COOKIE}=${FORGED_TOKEN}` }),
      data: `{"mutations": "${big(KIOSK_NAME, 300_000)}"}`
    });
    await hit(
      'POST /staff/sign-out?/here',
      librarian.post('/staff/sign-out?/here', { headers: form(), form: {} }),
      303
    );
    await hit('GET /staff', librarian.get('/staff'), 303);
    await hit(
      'POST /staff/sign-out?/everywhere',
      admin.post('/staff/sign-out?/everywhere', { headers: form(), form: {} }),
      303
    );
    await hit(
      'POST /staff/sign-out?/here',
      anon.post('/staff/sign-out?/here', {
        headers: form({ cookie: `${SESSION_COOKIE}=${FORGED_TOKEN}` }),
        form: {}
      }),
      303
    );
  });

  for (const c of contexts.splice(0)) await c.dispose();
  // Everything the server will print is printed by the time it has exited.
  await stopServer();
  const out = logged();

  // It ran, and its error logging worked: the start line and each logged failure are here.
  expect(out).toContain(`Listening on ${base}`);
  expect(out).toMatch(/content [0-9a-f]{64} on disk does not match its hash/);
  expect(out).toContain('FormData'); // the stacks of the unparsable form bodies
  expect(out).toContain('database is locked');

  // Every route and action was driven, and each answered at least once with success.
  const missing = routeKeys().filter(
    (key) => !(answered.get(key) ?? []).some((s) => s >= 200 && s < 400)
  );
  expect(missing, JSON.stringify(Object.fromEntries(answered))).toEqual([]);
  expect(routeKeys().length).toBeGreaterThan(15);

  // And nothing of the people or secrets above. (The matcher does find what is there: the
  // seed's output, which is not the server's log, lists the demo accounts on purpose.)
  for (const secret of secrets) expect(secret.length, secret).toBeGreaterThanOrEqual(6);
  expect(leaksIn(seedOutput)).toEqual(expect.arrayContaining([DEMO_LIBRARIAN_EMAIL]));
  expect(leaksIn(out), out).toEqual([]);
});
