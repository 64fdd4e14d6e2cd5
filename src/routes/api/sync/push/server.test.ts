/**
 * The push endpoint under bad input: every malformed body gets a 4xx with a clear message
 * and changes nothing; a fuzz of random bodies never gets a 500.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'parque-push-endpoint-'));
process.env.PARQUE_DB_PATH = join(dir, 'endpoint.db');

const { POST } = await import('./+server');
const { getDb } = await import('$lib/server/db/instance');
const { writeTransaction } = await import('$lib/server/db/index');
const { saveBranches, saveCategories, saveSessions, saveWorkshops } =
  await import('$lib/server/catalogue');
const f = await import('$lib/server/test/factories');

const CLIENT = '0b5a7c3e-1d2f-4a6b-8c9d-0e1f2a3b4c5d';

async function post(body: string | object, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const request = new Request('http://parque.test/api/sync/push', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: text
  });
  // The hooks resolved the caller: a phone whose credential's id is CLIENT.
  const locals = {
    caller: { device: { id: CLIENT, kind: 'phone', branchId: null }, staff: null, problem: null }
  };
  const getClientAddress = () => '127.0.0.1';
  const res = await POST({ request, locals, getClientAddress } as unknown as Parameters<
    typeof POST
  >[0]);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function snapshot() {
  const db = await getDb();
  return {
    registrations: await db.selectFrom('registrations').select('id').execute(),
    clients: await db.selectFrom('clients').selectAll().execute(),
    state: await db.selectFrom('sync_state').selectAll().execute()
  };
}

const good = (over: Record<string, unknown> = {}) => ({
  clientId: CLIENT,
  branchId: 'br-a',
  pendingCount: 0,
  mutations: [
    { id: 1, name: 'registerAttendee', args: f.registerArgs('s1'), at: f.stampAt(Date.now()) }
  ],
  ...over
});

beforeAll(async () => {
  const db = await getDb();
  await writeTransaction(db, async (trx, v) => {
    await saveBranches(trx, v, [f.branch('br-a')]);
    await saveCategories(trx, 'categories', v, [f.category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [f.category('aud-1')]);
    await saveWorkshops(trx, v, [f.workshop('w1', 'br-a')]);
    await saveSessions(trx, v, [
      f.session('s1', 'w1', 'br-a', { startsAt: new Date(Date.now() + 86_400_000).toISOString() })
    ]);
  });
});

describe('POST /api/sync/push refuses malformed bodies and changes nothing', () => {
  const cases: [string, string | object, number, RegExp][] = [
    ['not JSON', '{"clientId": ', 400, /not valid JSON/],
    ['not an object', '[1,2,3]', 400, /object/i],
    ['clientId not a UUID', good({ clientId: 'kiosk-1' }), 400, /clientId/],
    ['wrong types', good({ pendingCount: 'many' }), 400, /pendingCount/],
    [
      'negative id',
      good({ mutations: [{ id: -1, name: 'x', args: {}, at: f.stampAt(1) }] }),
      400,
      /mutations\.0\.id/
    ],
    [
      'fractional id',
      good({ mutations: [{ id: 1.5, name: 'x', args: {}, at: f.stampAt(1) }] }),
      400,
      /id/
    ],
    [
      'huge id (a gap)',
      good({ mutations: [{ id: 2 ** 40, name: 'x', args: {}, at: f.stampAt(1) }] }),
      409,
      /send 1 first/
    ],
    [
      'bad stamp',
      good({ mutations: [{ id: 1, name: 'x', args: {}, at: 'yesterday' }] }),
      400,
      /HLC/
    ],
    [
      'oversized name',
      good({ mutations: [{ id: 1, name: 'x'.repeat(500), args: {}, at: f.stampAt(1) }] }),
      400,
      /name/
    ],
    [
      'too many mutations',
      good({
        mutations: Array.from({ length: 1001 }, (_, i) => ({
          id: i + 1,
          name: 'x',
          args: {},
          at: f.stampAt(1)
        }))
      }),
      400,
      /at most 100/
    ],
    ['unknown park', good({ branchId: 'nowhere' }), 404, /no library park/]
  ];

  for (const [label, body, status, message] of cases) {
    it(label, async () => {
      const before = await snapshot();
      const res = await post(body);
      expect(res.status).toBe(status);
      expect(String(res.body.message)).toMatch(message);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('more than 1 MB is refused before it is read', async () => {
    const before = await snapshot();
    const huge = JSON.stringify(good({ padding: 'x'.repeat(1_100_000) }));
    const res = await post(huge, { 'content-length': String(huge.length) });
    expect(res.status).toBe(413);
    expect(String(res.body.message)).toContain('at most');
    expect(await snapshot()).toEqual(before);
  });

  it('a fuzz of random bodies never gets a 500', async () => {
    const mutation = fc.record({
      id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
      name: fc.oneof(
        fc.constantFrom('registerAttendee', 'cancelRegistration', 'checkIn'),
        fc.string()
      ),
      args: fc.oneof(
        fc.anything(),
        fc.record({
          registrationId: fc.uuid(),
          code: fc.string(),
          sessionId: fc.string(),
          name: fc.string()
        })
      ),
      at: fc.oneof(fc.string(), fc.constant(f.stampAt(Date.now())))
    });
    const body = fc.oneof(
      fc.anything(),
      fc.record({
        clientId: fc.oneof(fc.uuid(), fc.string()),
        branchId: fc.oneof(fc.constant('br-a'), fc.string()),
        pendingCount: fc.oneof(fc.nat(), fc.integer(), fc.string()),
        mutations: fc.array(mutation, { maxLength: 5 })
      })
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await post(JSON.stringify(b) ?? 'null');
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(typeof res.body.message).toBe('string');
      }),
      { numRuns: 300 }
    );
  });
});
