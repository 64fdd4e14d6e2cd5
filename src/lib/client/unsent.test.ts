import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialRefused } from './credential';
import { META, ParqueDb } from './db';
import { settleUnsent, UnsentRefused, unsentChanges } from './unsent';

let db: ParqueDb;
const KIOSK = '6f1c2a9e-3b1d-4c5e-9f00-0a1b2c3d4e5f';

beforeEach(async () => {
  db = new ParqueDb('unsent', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  await db.meta.put({
    key: META.credential,
    value: { deviceId: KIOSK, secret: 's', kind: 'kiosk', branchId: 'br-a' }
  });
  await db.meta.put({ key: META.clientId, value: KIOSK });
  for (const id of [4, 5]) {
    await db.outbox.add({
      id,
      name: 'registerAttendee',
      args: { registrationId: `r${id}`, name: `Persona ${id}` },
      at: 'x'
    });
  }
  await db.registrations.put({ id: 'r4', code: 'ACDEFGHJ' } as never);
});
afterEach(async () => {
  await db.delete();
});

/** A fetch that answers like the server and records what was sent. */
function server(status = 200) {
  const sent: { action: string; deviceId: string; ids: number[] }[] = [];
  const fetchFn = (async (_url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as {
      action: string;
      deviceId: string;
      mutations: { id: number }[];
    };
    sent.push({
      action: body.action,
      deviceId: body.deviceId,
      ids: body.mutations.map((m) => m.id)
    });
    const n = body.mutations.length;
    const answer =
      status === 200
        ? {
            action: body.action,
            applied: body.action === 'send' ? n : 0,
            rejected: 0,
            discarded: body.action === 'discard' ? n : 0
          }
        : { error: 'unauthenticated', message: 'a member of staff must sign in' };
    return new Response(JSON.stringify(answer), { status });
  }) as typeof fetch;
  return { sent, fetchFn };
}

describe('a refused kiosk’s unsent changes', () => {
  it('are set apart under the refused credential, not left for the next one to send', async () => {
    await credentialRefused(db, 'device_revoked');
    expect(await db.outbox.count()).toBe(0);
    expect(await db.registrations.count()).toBe(0);
    const [held] = await unsentChanges(db);
    expect(held).toMatchObject({ deviceId: KIOSK, branchId: 'br-a', kind: 'kiosk' });
    expect(held?.mutations.map((m) => m.id)).toEqual([4, 5]);
  });

  it('stay on the device when the server refuses (no staff session), and leave once sent', async () => {
    await credentialRefused(db, 'device_revoked');
    const refused = server(401);
    await expect(settleUnsent(db, 'send', refused.fetchFn)).rejects.toBeInstanceOf(UnsentRefused);
    expect((await unsentChanges(db))[0]?.mutations).toHaveLength(2);
    const ok = server();
    expect(await settleUnsent(db, 'send', ok.fetchFn)).toMatchObject({ applied: 2 });
    expect(ok.sent).toEqual([{ action: 'send', deviceId: KIOSK, ids: [4, 5] }]);
    expect(await unsentChanges(db)).toEqual([]);
  });

  it('a phone keeps its outbox for its next credential', async () => {
    await db.meta.put({
      key: META.credential,
      value: { deviceId: KIOSK, secret: 's', kind: 'phone', branchId: null }
    });
    await credentialRefused(db, 'bad_credential');
    expect(await db.outbox.count()).toBe(2);
    expect(await unsentChanges(db)).toEqual([]);
  });
});

describe('a cloned kiosk (issue 11, 2d)', () => {
  it('drops what the server applied from it, sets the rest aside and goes to set-up', async () => {
    const { pushAll } = await import('./sync/push');
    const conflict = (async () =>
      new Response(
        JSON.stringify({
          error: 'identity_conflict',
          message: 'another device holds this identity',
          lastMutationId: 5,
          applied: [4]
        }),
        { status: 409 }
      )) as typeof fetch;
    await expect(pushAll(db, 'br-a', conflict)).rejects.toMatchObject({
      code: 'identity_conflict'
    });
    expect(await db.meta.get(META.refused)).toMatchObject({ value: 'identity_conflict' });
    expect(await db.meta.get(META.credential)).toBeUndefined();
    const [held] = await unsentChanges(db);
    expect(held?.mutations.map((m) => m.id)).toEqual([5]);
  });
});
