/**
 * The console's workshop reads: the form sends only what changed, and the overwritten
 * edits are read back from the audit log with who made them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffIdentity } from '../auth/types';
import { saveBranches, saveCategories, saveWorkshops } from '../catalogue';
import { writeTransaction, type Db } from '../db/index';
import { push } from '../sync/push';
import { branch, category, stampAt, testDb, workshop, type TestDb } from '../test/factories';
import { applyStaffMutation } from './apply';
import { changedFields, EMPTY_FORM, formErrors, readBase, readWorkshopForm } from './workshop-form';
import { WORKSHOP_REJECTIONS } from '../../domain/workshop-edit';
import { parkWorkshops, workshopOverwrites } from './workshops';

const NOW = new Date('2026-11-25T15:00:00.000Z');

describe('the workshop form', () => {
  it('reads posted values trimmed, audiences repeated and deduplicated', () => {
    const data = new FormData();
    data.set('title', '  Correo  \n');
    data.append('audienceIds', 'aud-1');
    data.append('audienceIds', 'aud-1');
    data.append('audienceIds', 'aud-2');
    expect(readWorkshopForm(data)).toEqual({
      ...EMPTY_FORM,
      title: 'Correo',
      audienceIds: ['aud-1', 'aud-2']
    });
  });

  it('sends only the fields that differ from the values it was drawn with', () => {
    const base = { ...EMPTY_FORM, title: 'A', room: 'Sala 1', audienceIds: ['x', 'y'] };
    expect(changedFields(base, { ...base, audienceIds: ['y', 'x'] })).toEqual({});
    expect(changedFields(base, { ...base, title: 'B', audienceIds: ['x'] })).toEqual({
      title: 'B',
      audienceIds: ['x']
    });
  });

  it('refuses a blank title, and a category taken away, beside their fields', () => {
    expect(formErrors({ title: ' ', categoryId: '' }, false)).toEqual({
      title: WORKSHOP_REJECTIONS.titleEmpty,
      categoryId: WORKSHOP_REJECTIONS.categoryMissing
    });
    expect(formErrors({ summary: 'x' }, false)).toEqual({});
    expect(formErrors({ summary: 'x' }, true)).toEqual({
      title: WORKSHOP_REJECTIONS.titleEmpty,
      categoryId: WORKSHOP_REJECTIONS.categoryMissing
    });
  });

  it('reads its base back, and nothing from a tampered one', () => {
    const data = new FormData();
    data.set('base', JSON.stringify({ ...EMPTY_FORM, title: 'A' }));
    expect(readBase(data)?.title).toBe('A');
    data.set('base', '{"title": 3}');
    expect(readBase(data)).toBeNull();
    data.set('base', 'not json');
    expect(readBase(data)).toBeNull();
  });
});

describe('overwritten edits, from the audit log', () => {
  let t: TestDb;
  let db: Db;
  const ana: StaffIdentity = {
    id: 'st-ana',
    email: 'ana@parque.test',
    name: 'Ana',
    role: 'librarian',
    branchIds: ['br-a'],
    sessionId: 'x',
    mustChangePassword: false
  };
  beforeEach(async () => {
    t = await testDb();
    db = t.db;
    await writeTransaction(db, async (trx, v) => {
      await saveBranches(trx, v, [branch('br-a')]);
      await saveCategories(trx, 'categories', v, [category('cat-1')]);
      await saveCategories(trx, 'audiences', v, [category('aud-1')]);
      await saveWorkshops(trx, v, [
        workshop('w1', 'br-a'),
        workshop('w2', 'br-a', { status: 'archived', title: 'Antes' })
      ]);
    });
    const now = new Date().toISOString();
    await db
      .insertInto('staff')
      .values({
        id: ana.id,
        email: ana.email,
        name: 'Ana',
        password_hash: 'x',
        role: 'librarian',
        status: 'active',
        locked_until: null,
        created_at: now,
        updated_at: now
      })
      .execute();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('names the desk whose older edit lost, the value it sent, and who holds the field', async () => {
    await applyStaffMutation(
      db,
      ana,
      'br-a',
      'saveWorkshop',
      {
        workshopId: 'w1',
        fields: { title: 'De Ana' }
      },
      NOW
    );
    const desk = crypto.randomUUID();
    await push(
      db,
      {
        clientId: desk,
        branchId: 'br-a',
        pendingCount: 0,
        mutations: [
          {
            id: 1,
            name: 'saveWorkshop',
            args: { workshopId: 'w1', fields: { title: 'Del mostrador' } },
            at: stampAt(NOW.getTime() - 60_000, 'desk')
          }
        ]
      },
      () => new Date(NOW.getTime() + 60_000),
      { id: desk, kind: 'desk', branchId: 'br-a' }
    );
    const notices = await workshopOverwrites(db, 'w1', 'st-other');
    expect(notices).toEqual([
      {
        kind: 'lost',
        field: 'title',
        at: new Date(NOW.getTime() + 60_000).toISOString(),
        who: { kind: 'device', name: desk.slice(0, 8) },
        sent: 'Del mostrador',
        by: { kind: 'staff', name: 'Ana' },
        byAt: NOW.toISOString()
      }
    ]);
    // Ana reads herself as "you".
    expect((await workshopOverwrites(db, 'w1', ana.id))[0]?.by).toEqual({ kind: 'you', name: '' });
    expect(await workshopOverwrites(db, 'w2', ana.id)).toEqual([]);
  });

  it("lists a park's workshops with their status", async () => {
    expect(await parkWorkshops(db, 'br-a')).toMatchObject([
      { id: 'w2', title: 'Antes', status: 'archived' },
      { id: 'w1', status: 'active' }
    ]);
  });
});
