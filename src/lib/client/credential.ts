/**
 * This device's credential (DESIGN §9): a server-issued id and secret, kept in IndexedDB
 * and sent as `Authorization: Device <id>.<secret>` with every sync request, never in a
 * URL. A phone gets one on first contact; a kiosk or desk by enrolment with a librarian's
 * one-time code, bound to one park. The credential's id is the device's clientId.
 *
 * Adopting a credential renumbers what is still in the outbox from 1 in the same Dexie
 * transaction: the server counts each device's mutations from 1, and nothing unsent is
 * lost or sent twice.
 */
import { forgetRoster, getMeta, META, type ParqueDb } from './db';
import { forgetSentTickets } from './kiosk/tickets';
import { setAsideUnsent } from './unsent';

export type DeviceKind = 'phone' | 'kiosk' | 'desk';

export interface DeviceCredential {
  deviceId: string;
  secret: string;
  kind: DeviceKind;
  branchId: string | null;
}

/**
 * Why the server refused the credential: the device was revoked, it is not known there, or
 * another device holds the same one (a cloned image, issue 11 2d).
 */
export type RefusalCode = 'device_revoked' | 'bad_credential' | 'identity_conflict';

/** The server refused the credential (see RefusalCode). */
export class CredentialRefused extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string
  ) {
    super(message);
  }
}

export async function readCredential(db: ParqueDb): Promise<DeviceCredential | undefined> {
  return getMeta<DeviceCredential>(db, META.credential);
}

/** Stores a credential and makes its id this device's clientId, renumbering the outbox. */
export async function adoptCredential(db: ParqueDb, issued: DeviceCredential): Promise<void> {
  await db.transaction('rw', [db.meta, db.outbox], async () => {
    await db.meta.put({ key: META.credential, value: issued });
    await db.meta.delete(META.refused);
    const current = await getMeta<string>(db, META.clientId);
    if (current === issued.deviceId) return;
    await db.meta.put({ key: META.clientId, value: issued.deviceId });
    // A new identity on the server starts at 0: number what is unsent 1, 2, 3…
    const entries = await db.outbox.orderBy('id').toArray();
    await db.outbox.clear();
    let id = 0;
    for (const e of entries) await db.outbox.add({ ...e, id: ++id });
    await db.meta.put({ key: META.nextMutationId, value: id + 1 });
    await db.meta.put({ key: META.lastMutationId, value: 0 });
  });
}

let issuing: Promise<DeviceCredential> | undefined;

/** This device's credential; a device without one (a phone) asks for one first. */
export async function credentialOf(
  db: ParqueDb,
  fetchFn: typeof fetch = fetch
): Promise<DeviceCredential> {
  const saved = await readCredential(db);
  if (saved) return saved;
  // One request even when pull, push and a page ask at once.
  issuing ??= (async () => {
    const res = await fetchFn('/api/devices', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
      cache: 'no-store'
    });
    const body = (await res.json().catch(() => ({}))) as Partial<DeviceCredential> & {
      message?: string;
    };
    if (!res.ok || !body.deviceId || !body.secret) {
      throw new Error(body.message ?? `device registration failed with HTTP ${res.status}`);
    }
    const issued: DeviceCredential = {
      deviceId: body.deviceId,
      secret: body.secret,
      kind: 'phone',
      branchId: null
    };
    await adoptCredential(db, issued);
    return issued;
  })().finally(() => {
    issuing = undefined;
  });
  return issuing;
}

export const authorizationOf = (c: DeviceCredential) => `Device ${c.deviceId}.${c.secret}`;

/**
 * fetch with this device's credential. A 401 that refuses the credential itself is turned
 * into CredentialRefused after the device has forgotten it (see `credentialRefused`).
 */
export function withCredential(db: ParqueDb, fetchFn: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const credential = await credentialOf(db, fetchFn);
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorizationOf(credential));
    const res = await fetchFn(input, { ...init, headers });
    if (res.status === 401) {
      const body = (await res
        .clone()
        .json()
        .catch(() => ({}))) as { error?: string; message?: string };
      if (body.error === 'device_revoked' || body.error === 'bad_credential') {
        await credentialRefused(db, body.error);
        throw new CredentialRefused(body.error, body.message ?? body.error);
      }
    }
    return res;
  };
}

/**
 * The server no longer accepts this device. A kiosk or desk wipes the personal data it
 * holds (the park's roster, other people's tickets, its seat leases) and returns to
 * set-up; a phone just asks for a new credential next time. What was not sent is never
 * dropped silently: a kiosk or desk sets it apart until staff send or discard it
 * (unsent.ts); a phone's outbox goes out under its next credential.
 */
export async function credentialRefused(db: ParqueDb, code: RefusalCode): Promise<void> {
  await db.transaction(
    'rw',
    [db.meta, db.roster, db.leases, db.registrations, db.outbox, db.unsent],
    async () => {
      const credential = await readCredential(db);
      await db.meta.delete(META.credential);
      if (!credential || credential.kind === 'phone') return;
      await forgetRoster(db);
      await db.leases.clear();
      await setAsideUnsent(db, credential);
      // Every ticket left belongs to a visitor, not to this kiosk: the unsent ones live on
      // in what was set apart.
      await forgetSentTickets(db, []);
      await db.meta.put({ key: META.refused, value: code });
      await db.meta.delete(META.branchId);
      await db.meta.delete(META.deviceKind);
      await db.meta.delete(META.cursor);
      await db.meta.delete(META.lastSyncAt);
    }
  );
}

/** A kiosk or desk enrols with a librarian's one-time code. */
export async function enrol(
  db: ParqueDb,
  code: string,
  fetchFn: typeof fetch = fetch
): Promise<DeviceCredential> {
  const previous = await readCredential(db);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json'
  };
  // A kiosk re-enrolling says who it was, so the server retires the old credential.
  if (previous) headers.authorization = authorizationOf(previous);
  const res = await fetchFn('/api/devices/enrol', {
    method: 'POST',
    headers,
    body: JSON.stringify({ code }),
    cache: 'no-store'
  });
  const body = (await res.json().catch(() => ({}))) as Partial<DeviceCredential> & {
    error?: string;
    message?: string;
  };
  if (!res.ok || !body.deviceId || !body.secret || !body.kind) {
    throw new EnrolFailed(body.error ?? `http_${res.status}`, body.message ?? '');
  }
  const issued: DeviceCredential = {
    deviceId: body.deviceId,
    secret: body.secret,
    kind: body.kind,
    branchId: body.branchId ?? null
  };
  await adoptCredential(db, issued);
  return issued;
}

export class EnrolFailed extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}
