import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  saveBranches,
  saveCategories,
  saveSessions,
  saveWorkshops,
  updateWorkshop
} from '../../server/catalogue';
import { writeTransaction } from '../../server/db/index';
import { pull, PullError } from '../../server/sync/pull';
import {
  branch,
  category,
  session,
  testDb,
  workshop,
  type TestDb
} from '../../server/test/factories';
import { adoptCredential } from '../credential';
import { getMeta, META, ParqueDb } from '../db';
import { PageSuperseded } from './apply';
import { pullAll, PullFailed } from './pull';

let server: TestDb;
let db: ParqueDb;
let requests: string[];

/** fetch() answered by the real pull function over a real SQLite file, in process. */
const fetchFn = (async (input: RequestInfo | URL) => {
  const url = new URL(String(input), 'http://kiosk.test');
  requests.push(url.search);
  try {
    const page = await pull(server.db, {
      branch: url.searchParams.get('branch') ?? '',
      cursor: url.searchParams.get('cursor') ?? undefined,
      limit: url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : undefined
    });
    return new Response(JSON.stringify(page), { status: 200 });
  } catch (e) {
    if (e instanceof PullError) {
      return new Response(JSON.stringify({ error: e.code, message: e.message }), {
        status: e.status
      });
    }
    throw e;
  }
}) as typeof fetch;

beforeEach(async () => {
  requests = [];
  server = await testDb();
  db = new ParqueDb('pull-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  // These tests answer pull alone: the device holds its credential already.
  await adoptCredential(db, {
    deviceId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    secret: 'secret',
    kind: 'phone',
    branchId: null
  });
  await writeTransaction(server.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a'), branch('br-b')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    const ws = Array.from({ length: 30 }, (_, i) =>
      workshop(`w${String(i).padStart(2, '0')}`, 'br-a')
    );
    await saveWorkshops(trx, v, ws);
    await saveSessions(
      trx,
      v,
      ws.map((w) => session(`${w.id}-s`, w.id, 'br-a'))
    );
  });
});
afterEach(async () => {
  await db.delete();
  await server.cleanup();
});

describe('pullAll against the real server pull', () => {
  it('follows pages until done and ends with the whole park on the device', async () => {
    const result = await pullAll(db, 'br-a', fetchFn, { limit: 10 });
    expect(result.pages).toBeGreaterThanOrEqual(7);
    expect(await db.workshops.count()).toBe(30);
    expect(await db.sessions.count()).toBe(30);
    expect(await db.branches.count()).toBe(2);
    expect(await getMeta(db, META.lastSyncAt)).toBeTypeOf('string');
  });

  it('asks only for what changed on the next run', async () => {
    await pullAll(db, 'br-a', fetchFn, { limit: 10 });
    await writeTransaction(server.db, (trx, v) =>
      updateWorkshop(trx, v, 'w07', { title: 'Título nuevo' })
    );
    requests = [];
    const result = await pullAll(db, 'br-a', fetchFn, { limit: 10 });
    expect(result).toEqual({ pages: 1, rows: 1 });
    expect(requests[0]).toContain('cursor=');
    expect((await db.workshops.get('w07'))?.title).toBe('Título nuevo');
  });

  it('reports a refusal as permanent with the server message, and keeps the copy', async () => {
    await pullAll(db, 'br-a', fetchFn);
    const failure = await pullAll(db, 'no-such-park', fetchFn).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PullFailed);
    expect(failure).toMatchObject({
      permanent: true,
      message: 'there is no library park with id "no-such-park"'
    });
    expect(await db.workshops.count()).toBe(30);
  });

  it('treats a network failure as temporary and keeps the cursor', async () => {
    await pullAll(db, 'br-a', fetchFn);
    const cursor = await getMeta(db, META.cursor);
    const offline = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    await expect(pullAll(db, 'br-a', offline)).rejects.toThrow('Failed to fetch');
    expect(await getMeta(db, META.cursor)).toBe(cursor);
  });
});

describe('pullAll pipelining', () => {
  it('asks for the next page before the current one is written, and stops cleanly on failure', async () => {
    const order: string[] = [];
    let calls = 0;
    const slowApplyFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      order.push(`fetch ${calls}`);
      if (calls === 3) throw new TypeError('Failed to fetch');
      return fetchFn(input, init);
    }) as typeof fetch;
    const progress: number[] = [];
    await expect(
      pullAll(db, 'br-a', slowApplyFetch, { limit: 10, onProgress: (n) => progress.push(n) })
    ).rejects.toThrow('Failed to fetch');
    // Page 2 was requested before page 1 was reported applied.
    expect(order.slice(0, 2)).toEqual(['fetch 1', 'fetch 2']);
    expect(progress).toEqual([10, 20]);
    // What was applied stays, with a cursor that resumes after it.
    expect((await db.workshops.count()) + (await db.branches.count())).toBeGreaterThan(0);
    const resumed = await pullAll(db, 'br-a', fetchFn, { limit: 10 });
    expect(resumed.rows).toBe(30 + 30 + 2 + 2 - 20);
    expect(await db.sessions.count()).toBe(30);
  });
});

describe('a park chosen while a pull is in flight (issue 11, 2c)', () => {
  it('the old pull writes nothing over the new park, and the new park downloads', async () => {
    const { chooseBranch } = await import('./engine');
    await chooseBranch(db, 'br-a');
    await writeTransaction(server.db, (trx, v) =>
      saveWorkshops(trx, v, [workshop('wb', 'br-b')]).then(() =>
        saveSessions(trx, v, [session('wb-s', 'wb', 'br-b')])
      )
    );
    // The first page of br-a is held on the wire while the visitor picks br-b.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await fetchFn(input, init);
      if (String(input).includes('branch=br-a')) await held;
      return res;
    }) as typeof fetch;
    const old = pullAll(db, 'br-a', slow, { limit: 10 });
    await new Promise((r) => setTimeout(r, 20));
    await chooseBranch(db, 'br-b');
    release();
    await expect(old).rejects.toBeInstanceOf(PageSuperseded);
    expect(await db.workshops.count()).toBe(0);
    expect(await getMeta(db, META.cursor)).toBeUndefined();

    await pullAll(db, 'br-b', fetchFn, { limit: 10 });
    expect((await db.workshops.toArray()).map((w) => w.id)).toEqual(['wb']);
  });

  it('a page another tab already wrote is not written again', async () => {
    const [first, second] = await Promise.allSettled([
      pullAll(db, 'br-a', fetchFn, { limit: 100 }),
      pullAll(db, 'br-a', fetchFn, { limit: 100 })
    ]);
    // One of them wrote the page; the other found the cursor moved and stopped.
    const outcomes = [first, second].map((r) =>
      r.status === 'fulfilled' ? 'wrote' : r.reason instanceof PageSuperseded ? 'superseded' : r
    );
    expect(outcomes.sort()).toEqual(['superseded', 'wrote']);
    expect(await db.workshops.count()).toBe(30);
  });
});
