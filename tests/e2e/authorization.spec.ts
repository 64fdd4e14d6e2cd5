/**
 * The authorisation matrix (issue 8): every API route × every kind of caller, over HTTP
 * against the production build. The expected cells are written out by hand here, not
 * derived from the policy table, so a change to either shows up as a failure; a route
 * added to src/routes/api without a row here fails the first test.
 *
 * A = let through to the handler (whatever it then answers: 200, 201, 400, 404…),
 * 401 = who are you?, 403 = not for you (a signed-in librarian is known, but sync is for
 * devices), 405 = no such method.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { revokeDevice } from '../../src/lib/server/auth/devices';
import { openDb } from '../../src/lib/server/db/index';
import { registerArgs, stampAt } from '../../src/lib/server/test/factories';
import { BRANCH_ID, enrolmentCode, expect, phoneHeaders, staffCookie, test } from './fixtures';

const OTHER_PARK = 'br-san-javier';

const CALLERS = [
  'none',
  'forged',
  'revoked',
  'phone',
  'kiosk-other-park',
  'kiosk',
  'desk',
  'facilitator',
  'librarian-other-park',
  'librarian',
  'admin'
] as const;
type CallerName = (typeof CALLERS)[number];

//                                   none forged revoked phone kOther kiosk desk facil lOther libr admin
const MATRIX: Record<string, string> = {
  'GET /api/branches':
    '              A    A      A       A     A      A     A    A     A      A    A',
  'GET /api/content/[hash]':
    '        A    A      A       A     A      A     A    A     A      A    A',
  'GET /api/courses':
    '               A    A      A       A     A      A     A    A     A      A    A',
  'POST /api/courses':
    '              401  401    401     403   403    403   403  403   A      A    A',
  'GET /api/courses/[id]/manifest':
    ' A    A      A       A     A      A     A    A     A      A    A',
  'POST /api/devices':
    '              A    A      A       A     A      A     A    A     A      A    A',
  'POST /api/devices/enrol':
    '        A    A      A       A     A      A     A    A     A      A    A',
  'POST /api/devices/unsent':
    '       401  401    401     403   403    403   403  403   403    A    A',
  'GET /api/sync/pull':
    '             401  401    401     A     403    A     A    403   403    403  403',
  'POST /api/sync/push':
    '            401  401    401     A     403    A     A    403   403    403  403',
  'POST /api/sync/leases':
    '          401  401    401     403   403    A     403  403   403    403  403',
  'POST /api/learners/recover':
    '     401  401    401     A     A      A     A    403   403    403  403',
  'POST /api/tickets/claim':
    '        401  401    401     A     403    403   403  403   403    403  403',
  'GET /api/reports/courses':
    '       401  401    401     403   403    403   403  A     A      A    A',
  'GET /api/calendar/parks/[park].ics':
    ' A    A      A       A     A      A     A    A     A      A    A',
  'GET /api/calendar/parks/[park]/[category].ics':
    'A    A      A       A     A      A     A    A     A      A    A',
  'GET /api/calendar/workshops/[id].ics':
    ' A    A      A       A     A      A     A    A     A      A    A',
  // The park is checked in the handler: another park's librarian is let through to a 404.
  'GET /api/sessions/[id]/roster.csv':
    '   401  401    401     403   403    403   403  403   A      A    A',
  'GET /api/sessions/[id]/contacts.csv':
    ' 401  401    401     403   403    403   403  403   A      A    A'
};

/** Route ids of every +server.ts under src/routes/api. */
function apiRouteIds(dir = join(process.cwd(), 'src/routes/api')): string[] {
  const root = join(process.cwd(), 'src/routes');
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...apiRouteIds(path));
    else if (name === '+server.ts') out.push('/' + relative(root, dir).split(sep).join('/'));
  }
  return out;
}

async function enrolled(request: APIRequestContext, kind: 'kiosk' | 'desk', park = BRANCH_ID) {
  const res = await request.post('/api/devices/enrol', {
    data: { code: await enrolmentCode(kind, park) }
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { deviceId: string; secret: string };
}
const deviceHeader = (c: { deviceId: string; secret: string }) => ({
  authorization: `Device ${c.deviceId}.${c.secret}`
});

/** A request each route's handler would accept from the right caller. */
function call(
  request: APIRequestContext,
  key: string,
  headers: Record<string, string>,
  ids: { deviceId?: string; branchId: string }
) {
  const clientId = ids.deviceId ?? '00000000-0000-4000-8000-000000000000';
  const json = { 'content-type': 'application/json', ...headers };
  switch (key) {
    case 'GET /api/branches':
      return request.get('/api/branches', { headers });
    case 'GET /api/content/[hash]':
      return request.get(`/api/content/${'a'.repeat(64)}`, { headers });
    case 'GET /api/courses':
      return request.get('/api/courses', { headers });
    case 'POST /api/courses':
      return request.post('/api/courses?id=x', {
        headers: { ...headers, 'content-type': 'application/zip' },
        data: Buffer.from('PK')
      });
    case 'GET /api/courses/[id]/manifest':
      return request.get('/api/courses/celular-basico/manifest', { headers });
    case 'POST /api/devices':
      return request.post('/api/devices', { headers: json, data: {} });
    case 'POST /api/devices/enrol':
      return request.post('/api/devices/enrol', { headers: json, data: { code: 'AAAA-AAAA' } });
    case 'POST /api/devices/unsent':
      // A device this server does not know (as after a restore): nothing sent, one audit row.
      return request.post('/api/devices/unsent', {
        headers: json,
        data: {
          action: 'discard',
          deviceId: crypto.randomUUID(),
          branchId: ids.branchId,
          kind: 'kiosk',
          mutations: [
            { id: 1, name: 'checkIn', args: { code: 'ACDEFGHJ' }, at: stampAt(Date.now()) }
          ]
        }
      });
    case 'GET /api/sync/pull':
      return request.get(`/api/sync/pull?branch=${ids.branchId}&limit=1`, { headers });
    case 'POST /api/sync/push':
      return request.post('/api/sync/push', {
        headers: json,
        data: { clientId, branchId: ids.branchId, pendingCount: 0, mutations: [] }
      });
    case 'POST /api/sync/leases':
      return request.post('/api/sync/leases', {
        headers: json,
        data: { clientId, branchId: ids.branchId }
      });
    case 'POST /api/learners/recover':
      return request.post('/api/learners/recover', {
        headers: json,
        data: { code: 'ACDE-FGHJ-KMNP' }
      });
    case 'POST /api/tickets/claim':
      return request.post('/api/tickets/claim', { headers: json, data: { code: 'AAAA-AAAA' } });
    case 'GET /api/reports/courses':
      return request.get('/api/reports/courses', { headers });
    case 'GET /api/calendar/parks/[park].ics':
      return request.get('/api/calendar/parks/espana.ics', { headers });
    case 'GET /api/calendar/parks/[park]/[category].ics':
      return request.get('/api/calendar/parks/espana/ingles.ics', { headers });
    case 'GET /api/calendar/workshops/[id].ics':
      return request.get('/api/calendar/workshops/ws-espana-correo.ics', { headers });
    case 'GET /api/sessions/[id]/roster.csv':
      return request.get('/api/sessions/ses-unknown/roster.csv', { headers });
    case 'GET /api/sessions/[id]/contacts.csv':
      return request.get('/api/sessions/ses-unknown/contacts.csv', { headers });
    default:
      throw new Error(`no request written for ${key}`);
  }
}

test('every API route has a row in the matrix, and every row a route', () => {
  const routes = new Set(apiRouteIds());
  const rows = new Set(Object.keys(MATRIX).map((k) => k.split(' ')[1]!));
  expect([...routes].sort()).toEqual([...rows].sort());
});

test('route × caller: each cell answers as the matrix says', async ({ request }) => {
  const phone = await phoneHeaders(request);
  const phoneId = /Device ([^.]+)\./.exec(phone.authorization!)![1]!;
  const kiosk = await enrolled(request, 'kiosk');
  const desk = await enrolled(request, 'desk');
  const kioskOther = await enrolled(request, 'kiosk', OTHER_PARK);
  const revoked = await enrolled(request, 'kiosk');
  const db = openDb({ sqlitePath: process.env.PARQUE_DB_PATH ?? 'data/e2e.db' });
  try {
    await revokeDevice(db, revoked.deviceId, 'e2e-admin');
  } finally {
    await db.destroy();
  }
  const callers: Record<CallerName, { headers: Record<string, string>; deviceId?: string }> = {
    none: { headers: {} },
    forged: {
      headers: { authorization: `Device ${crypto.randomUUID()}.${'x'.repeat(43)}` }
    },
    revoked: { headers: deviceHeader(revoked), deviceId: revoked.deviceId },
    phone: { headers: phone, deviceId: phoneId },
    'kiosk-other-park': { headers: deviceHeader(kioskOther), deviceId: kioskOther.deviceId },
    kiosk: { headers: deviceHeader(kiosk), deviceId: kiosk.deviceId },
    desk: { headers: deviceHeader(desk), deviceId: desk.deviceId },
    facilitator: { headers: await staffCookie('facilitator') },
    'librarian-other-park': { headers: await staffCookie('librarian', [OTHER_PARK]) },
    librarian: { headers: await staffCookie('librarian') },
    admin: { headers: await staffCookie('admin', []) }
  };

  const wrong: string[] = [];
  for (const [key, row] of Object.entries(MATRIX)) {
    const cells = row.trim().split(/\s+/);
    expect(cells, key).toHaveLength(CALLERS.length);
    for (const [i, name] of CALLERS.entries()) {
      const want = cells[i]!;
      const c = callers[name];
      // A kiosk of another park asks for its own park's data with this park's id.
      const res = await call(request, key, c.headers, {
        deviceId: c.deviceId,
        branchId: BRANCH_ID
      });
      const got = res.status();
      const ok = want === 'A' ? ![401, 403, 405, 500].includes(got) : got === Number(want);
      if (!ok) wrong.push(`${key} as ${name}: wanted ${want}, got ${got} ${await res.text()}`);
    }
  }
  expect(wrong).toEqual([]);
});

test('1,000 lease requests from invented kiosks take no seat and change nothing', async ({
  request,
  serverDb
}) => {
  const before = await serverDb.selectFrom('sessions').select(['id', 'leased']).execute();
  const statuses = new Set<number>();
  for (let i = 0; i < 1000; i++) {
    const clientId = crypto.randomUUID();
    const res = await request.post('/api/sync/leases', {
      headers: { authorization: `Device ${clientId}.${'x'.repeat(43)}` },
      data: { clientId, branchId: BRANCH_ID }
    });
    statuses.add(res.status());
  }
  expect([...statuses]).toEqual([401]);
  expect(await serverDb.selectFrom('sessions').select(['id', 'leased']).execute()).toEqual(before);
});

test('a phone gets no roster; a kiosk of the park does (first names, no ids), no other park', async ({
  request,
  serverDb
}) => {
  const phone = await phoneHeaders(request);
  // Someone has a ticket at the park: a phone registers for a session of the next 24 hours
  // (the roster holds today's and tomorrow's, in the park's zone).
  const session = await serverDb
    .selectFrom('sessions')
    .select('id')
    .where('branch_id', '=', BRANCH_ID)
    .where('starts_at', '>', new Date(Date.now() + 10 * 60_000).toISOString())
    .where('starts_at', '<', new Date(Date.now() + 86_400_000).toISOString())
    .orderBy('starts_at')
    .executeTakeFirstOrThrow();
  const rosa = registerArgs(session.id, { name: 'Rosa Matrix' });
  const phoneId = /Device ([^.]+)\./.exec(phone.authorization!)![1]!;
  const pushed = await request.post('/api/sync/push', {
    headers: phone,
    data: {
      clientId: phoneId,
      branchId: BRANCH_ID,
      pendingCount: 0,
      mutations: [
        {
          id: 1,
          name: 'registerAttendee',
          args: rosa,
          at: stampAt(Date.now())
        }
      ]
    }
  });
  expect(pushed.status()).toBe(200);
  const kiosk = deviceHeader(await enrolled(request, 'kiosk'));
  const rosterOf = async (headers: Record<string, string>) => {
    let cursor = '';
    let rows = 0;
    let text = '';
    for (let i = 0; i < 50; i++) {
      const res = await request.get(
        `/api/sync/pull?branch=${BRANCH_ID}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { headers }
      );
      expect(res.status()).toBe(200);
      const page = (await res.json()) as {
        cursor: string;
        more: boolean;
        roster?: { entries: { code: string; firstName: string }[] };
      };
      rows += page.roster?.entries.length ?? 0;
      text += JSON.stringify(page.roster ?? '');
      cursor = page.cursor;
      if (!page.more) break;
    }
    return { rows, text };
  };
  expect((await rosterOf(phone)).rows).toBe(0);
  const held = await rosterOf(kiosk);
  expect(held.rows).toBeGreaterThan(0);
  expect(held.text).toContain(rosa.code);
  expect(held.text).toContain('"Rosa"');
  expect(held.text).not.toContain('Matrix');
  expect(held.text).not.toContain(rosa.registrationId);
  const other = deviceHeader(await enrolled(request, 'kiosk', OTHER_PARK));
  const res = await request.get(`/api/sync/pull?branch=${BRANCH_ID}&limit=10`, {
    headers: other
  });
  expect(res.status()).toBe(403);
});
