import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../domain/sync';
import {
  deleteWorkshop,
  saveBranches,
  saveCategories,
  saveSessions,
  saveWorkshops,
  updateWorkshop
} from '../catalogue';
import { currentVersion, writeTransaction } from '../db/index';
import { branch, category, session, testDb, workshop, type TestDb } from '../test/factories';
import { pull, PullError } from './pull';

let t: TestDb;

async function seed(workshopsPerBranch = 3, sessionsPerWorkshop = 2) {
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a'), branch('br-b')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    for (const b of ['br-a', 'br-b']) {
      const ws = Array.from({ length: workshopsPerBranch }, (_, i) => workshop(`${b}-w${i}`, b));
      await saveWorkshops(trx, v, ws);
      await saveSessions(
        trx,
        v,
        ws.flatMap((w) =>
          Array.from({ length: sessionsPerWorkshop }, (_, j) => session(`${w.id}-s${j}`, w.id, b))
        )
      );
    }
  });
}

/** Pulls until done, like a device would, and returns every page. */
async function pullAllPages(branchId: string, cursor?: string, limit?: number) {
  const pages: PullResponse[] = [];
  let c = cursor;
  for (let i = 0; i < 100; i++) {
    const page = await pull(t.db, { branch: branchId, cursor: c, limit });
    pages.push(page);
    c = page.cursor;
    if (!page.more) break;
  }
  return pages;
}

const ids = (pages: PullResponse[], entity: keyof PullResponse['changes']) =>
  pages.flatMap((p) => p.changes[entity].map((r) => r.id)).sort();

beforeEach(async () => {
  t = await testDb();
});
afterEach(async () => {
  await t.cleanup();
});

describe('pull', () => {
  it('sends a first-time device its park and the shared tables, and nothing of other parks', async () => {
    await seed();
    const [page, ...rest] = await pullAllPages('br-a');
    expect(rest).toEqual([]);
    expect(page?.more).toBe(false);
    expect(page?.reset).toBe(false);
    expect(ids([page!], 'branches')).toEqual(['br-a', 'br-b']);
    expect(ids([page!], 'workshops')).toEqual(['br-a-w0', 'br-a-w1', 'br-a-w2']);
    expect(page?.changes.sessions).toHaveLength(6);
    expect(page?.changes.sessions.every((s) => s.branchId === 'br-a')).toBe(true);
    expect(page?.changes.workshops[0]?.audienceIds).toEqual(['aud-1']);
  });

  it('pages through rows that share one version without losing or repeating any', async () => {
    await seed(40, 5); // 40 workshops + 200 sessions per park, all written at one version
    const pages = await pullAllPages('br-a', undefined, 17);
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.slice(0, -1).every((p) => p.more)).toBe(true);
    const sessions = ids(pages, 'sessions');
    expect(sessions).toHaveLength(200);
    expect(new Set(sessions).size).toBe(200);
    expect(ids(pages, 'workshops')).toHaveLength(40);
    expect(pages.every((p) => p.changes.sessions.length + countOthers(p) <= 17)).toBe(true);
  });

  it('after the first sync sends only what changed', async () => {
    await seed();
    const [first] = await pullAllPages('br-a');
    const again = await pull(t.db, { branch: 'br-a', cursor: first!.cursor });
    expect(countAll(again)).toBe(0);
    expect(again.cursor).toBe(first!.cursor);

    await writeTransaction(t.db, (trx, v) =>
      updateWorkshop(trx, v, 'br-a-w1', { title: 'Nuevo título' })
    );
    await writeTransaction(t.db, (trx, v) =>
      updateWorkshop(trx, v, 'br-b-w1', { title: 'Otro parque' })
    );
    const pages = await pullAllPages('br-a', first!.cursor);
    expect(ids(pages, 'workshops')).toEqual(['br-a-w1']);
    expect(pages[0]?.changes.workshops[0]?.title).toBe('Nuevo título');
    expect(ids(pages, 'sessions')).toEqual([]);
  });

  it('sends tombstones for deletions in scope only', async () => {
    await seed();
    const [first] = await pullAllPages('br-a');
    await writeTransaction(t.db, (trx, v) => deleteWorkshop(trx, v, 'br-a-w0'));
    await writeTransaction(t.db, (trx, v) => deleteWorkshop(trx, v, 'br-b-w0'));
    const pages = await pullAllPages('br-a', first!.cursor);
    const deletes = pages.flatMap((p) => p.deletes);
    expect(deletes).toEqual(
      expect.arrayContaining([
        { entity: 'workshops', id: 'br-a-w0' },
        { entity: 'sessions', id: 'br-a-w0-s0' },
        { entity: 'sessions', id: 'br-a-w0-s1' }
      ])
    );
    expect(deletes).toHaveLength(3);
  });

  it('does not skip a write that commits while a paged pass is under way', async () => {
    await seed(10, 3);
    const page1 = await pull(t.db, { branch: 'br-a', limit: 5 });
    expect(page1.more).toBe(true);
    // A write lands between pages: it is above the pass target, so the next pass gets it.
    await writeTransaction(t.db, (trx, v) =>
      updateWorkshop(trx, v, 'br-a-w0', { title: 'Cambiado a mitad' })
    );
    const rest = await pullAllPages('br-a', page1.cursor, 5);
    const all = [page1, ...rest];
    const titles = all.flatMap((p) => p.changes.workshops).filter((w) => w.id === 'br-a-w0');
    expect(titles.at(-1)?.title).toBe('Cambiado a mitad');
    const final = rest.at(-1)!;
    expect(final.more).toBe(false);
    const { version } = await currentVersion(t.db);
    expect(final.cursor.endsWith(`.${version}`)).toBe(true);
  });

  it('tells a device from another database to start over', async () => {
    await seed();
    const page = await pull(t.db, { branch: 'br-a', cursor: 'otherepoch.99' });
    expect(page.reset).toBe(true);
    expect(page.changes.workshops).toHaveLength(3);
  });

  it('refuses an unknown park with 404 and a malformed cursor with 400, changing nothing', async () => {
    await seed();
    const before = await currentVersion(t.db);
    await expect(pull(t.db, { branch: 'nope' })).rejects.toMatchObject({
      status: 404,
      code: 'unknown_branch'
    });
    await expect(pull(t.db, { branch: 'br-a', cursor: 'garbage' })).rejects.toBeInstanceOf(
      PullError
    );
    await expect(pull(t.db, { branch: 'br-a', cursor: 'garbage' })).rejects.toMatchObject({
      status: 400
    });
    expect(await currentVersion(t.db)).toEqual(before);
  });

  it('answers a cursor from the future (history went back under one epoch) with a reset for that device only', async () => {
    await seed();
    const before = await currentVersion(t.db);
    const ahead = `${before.epoch}.${before.version + 5}`;
    const page = await pull(t.db, { branch: 'br-a', cursor: ahead });
    expect(page.reset).toBe(true);
    expect(page.changes.workshops).toHaveLength(3);
    expect(page.cursor.startsWith(`${before.epoch}.`)).toBe(true);
    // Any device can send any cursor: it must not make every other device resync.
    expect(await currentVersion(t.db)).toEqual(before);
  });
});

function countOthers(p: PullResponse): number {
  return countAll(p) - p.changes.sessions.length;
}

function countAll(p: PullResponse): number {
  return (
    Object.values(p.changes).reduce((n, list: unknown[]) => n + list.length, 0) + p.deletes.length
  );
}
