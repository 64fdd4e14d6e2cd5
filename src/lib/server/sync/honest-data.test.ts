/**
 * Honest data (issue 8): consent is recorded with the server's time and the hash of the
 * notice text shown; a device cannot backdate its way up a waitlist; a phone cannot check
 * tickets in. Through push() with device identities, as the endpoint calls it.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc, MAX_STAMP_AGE_MS } from '../../domain/hlc';
import type { Mutation } from '../../domain/mutation';
import { privacy_text } from '../../paraglide/messages';
import { issuePhoneCredential } from '../auth/devices';
import type { DeviceIdentity } from '../auth/types';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { noticeHashes } from '../consent';
import { writeTransaction } from '../db/index';
import {
  branch,
  category,
  registerArgs,
  session,
  testDb,
  workshop,
  type TestDb
} from '../test/factories';
import { push } from './push';

let t: TestDb;
const NOW = new Date('2026-11-25T15:00:00.000Z');
const clock = () => NOW;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

beforeEach(async () => {
  t = await testDb();
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
    // One seat: the second person waits, and the waitlist order is what an attacker wants.
    await saveSessions(trx, v, [
      session('s1', 'w1', 'br-a', { capacity: 1, startsAt: '2026-11-27T14:00:00.000Z' })
    ]);
  });
});
afterEach(async () => {
  await t.cleanup();
});

/** A phone as the server knows it, created at `createdAt`. */
async function phone(createdAt: Date) {
  const issued = await issuePhoneCredential(t.db, createdAt);
  const device: DeviceIdentity = { id: issued.deviceId, kind: 'phone', branchId: null };
  let next = 1;
  const send = async (name: string, args: unknown, wall: number) => {
    const mutation: Mutation = {
      id: next++,
      name,
      args,
      at: encodeHlc({ wall, counter: 0, node: 'p' })
    };
    const res = await push(
      t.db,
      { clientId: device.id, branchId: 'br-a', pendingCount: 0, mutations: [mutation] },
      clock,
      device
    );
    return res.outcomes[0];
  };
  return { device, send };
}

const row = (id: string) =>
  t.db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('consent', () => {
  it('the notice hashes the server accepts are those of the text each language shows', () => {
    for (const locale of ['es', 'en'] as const) {
      expect(noticeHashes().has(sha256(privacy_text({}, { locale })))).toBe(true);
    }
    expect(noticeHashes().size).toBe(2);
  });

  it('is recorded with the server’s time and the hash of the text shown', async () => {
    const p = await phone(new Date(NOW.getTime() - 3_600_000));
    const hash = sha256(privacy_text({}, { locale: 'en' }));
    const args = registerArgs('s1', {
      consent: {
        noticeVersion: '2026-11-v1',
        acceptedAt: '2020-01-01T00:00:00.000Z',
        noticeHash: hash
      }
    });
    expect(await p.send('registerAttendee', args, NOW.getTime() - 1000)).toMatchObject({
      status: 'applied'
    });
    const r = await row(args.registrationId);
    expect(r.consent_at).toBe(NOW.toISOString());
    expect(r.received_at).toBe(NOW.toISOString());
    expect(r.consent_hash).toBe(hash);
  });

  it('a hash of some other text is refused, and nothing is written', async () => {
    const p = await phone(new Date(NOW.getTime() - 3_600_000));
    const args = registerArgs('s1', {
      consent: {
        noticeVersion: '2026-11-v1',
        acceptedAt: NOW.toISOString(),
        noticeHash: sha256('Aceptas que hagamos lo que queramos con tus datos.')
      }
    });
    expect(await p.send('registerAttendee', args, NOW.getTime() - 1000)).toMatchObject({
      status: 'rejected',
      reason: 'unknown_notice'
    });
    expect(await t.db.selectFrom('registrations').select('id').execute()).toEqual([]);
  });
});

describe('stamps are floored', () => {
  it('a backdated registration does not jump the waitlist', async () => {
    const first = await phone(new Date(NOW.getTime() - 3_600_000));
    const second = await phone(new Date(NOW.getTime() - 3_600_000));
    const cheat = await phone(new Date(NOW.getTime() - 60_000));
    const a = registerArgs('s1', { name: 'Primera Persona' });
    const b = registerArgs('s1', { name: 'Segunda Persona' });
    const c = registerArgs('s1', { name: 'Quien Hace Trampa' });
    await first.send('registerAttendee', a, NOW.getTime() - 30 * 60_000);
    await second.send('registerAttendee', b, NOW.getTime() - 20 * 60_000);
    // Claims to have registered a day ago, before anyone else and before it existed.
    await cheat.send('registerAttendee', c, NOW.getTime() - 86_400_000);
    expect((await row(a.registrationId)).status).toBe('confirmed');
    expect(await row(b.registrationId)).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(await row(c.registrationId)).toMatchObject({ status: 'waitlisted', position: 2 });
  });

  it('never before the device’s last accepted stamp, nor more than a week old', async () => {
    const old = await phone(new Date(NOW.getTime() - 30 * 86_400_000));
    const a = registerArgs('s1', { name: 'Alguien Antiguo' });
    await old.send('registerAttendee', a, NOW.getTime() - 20 * 86_400_000);
    const wall = (s: string) => parseInt(s.slice(0, 11), 36);
    expect(wall((await row(a.registrationId)).stamp)).toBe(NOW.getTime() - MAX_STAMP_AGE_MS);
    const b = registerArgs('s1', { name: 'Otra Persona' });
    await old.send('registerAttendee', b, NOW.getTime() - 10 * 60_000);
    const c = registerArgs('s1', { name: 'Tercera Persona' });
    // Goes back in time after b: lifted to just after b.
    await old.send('registerAttendee', c, NOW.getTime() - 5 * 86_400_000);
    expect((await row(c.registrationId)).stamp > (await row(b.registrationId)).stamp).toBe(true);
  });
});

describe('mutators by device kind', () => {
  it('a phone cannot check a ticket in', async () => {
    const p = await phone(new Date(NOW.getTime() - 3_600_000));
    const a = registerArgs('s1', { name: 'Ana Pérez' });
    await p.send('registerAttendee', a, NOW.getTime() - 1000);
    expect(await p.send('checkIn', { code: a.code }, NOW.getTime())).toMatchObject({
      status: 'rejected',
      reason: 'forbidden'
    });
    expect((await row(a.registrationId)).checked_in_stamp).toBeNull();
  });
});
