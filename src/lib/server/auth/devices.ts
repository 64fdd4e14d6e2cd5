/**
 * Device credentials (DESIGN §9). Every device that syncs holds a server-issued id and a
 * random secret, sent as `Authorization: Device <id>.<secret>`, never in a URL. Phones get
 * one on first contact and stay anonymous; kiosks and desks get theirs by enrolment with a
 * one-time code a librarian made for one park, and are bound to that park. The server keeps
 * only SHA-256 of secrets and codes.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { formatCode, normaliseCode, randomCode } from '../../domain/codes';
import { writeTransaction, type Db, type Tx } from '../db/index';
import type { DeviceKind } from '../db/schema';
import { releaseLeasesIn } from '../leases';
import { audit } from './audit';
import type { CredentialProblem, DeviceIdentity } from './types';

/** 256 random bits: far past the 128 the issue asks, and no slow hash is needed. */
const SECRET_BYTES = 32;
/** 25^8 ≈ 1.5·10^11 codes, live 15 minutes, with attempts rate-limited per address. */
export const ENROLMENT_CODE_LENGTH = 8;
export const ENROLMENT_TTL_MS = 15 * 60_000;
/** last_seen_at is written at most once a minute per device, not on every request. */
const SEEN_EVERY_MS = 60_000;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface IssuedCredential {
  deviceId: string;
  secret: string;
  kind: DeviceKind;
  branchId: string | null;
}

export const credentialHeader = (c: { deviceId: string; secret: string }) =>
  `Device ${c.deviceId}.${c.secret}`;

async function insertDevice(
  trx: Db | Tx,
  kind: DeviceKind,
  branchId: string | null,
  now: Date,
  extra: { label?: string | null; enrolledBy?: string | null } = {}
): Promise<IssuedCredential> {
  const deviceId = randomUUID();
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  await trx
    .insertInto('devices')
    .values({
      id: deviceId,
      secret_hash: sha256(secret),
      kind,
      branch_id: branchId,
      status: 'active',
      label: extra.label ?? null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      enrolled_by: extra.enrolledBy ?? null,
      revoked_at: null,
      revoked_by: null
    })
    .execute();
  return { deviceId, secret, kind, branchId };
}

/** A phone's first contact: an anonymous credential, bound to no park. */
export function issuePhoneCredential(db: Db, now = new Date()): Promise<IssuedCredential> {
  return insertDevice(db, 'phone', null, now);
}

export class EnrolmentError extends Error {}

/** A librarian's one-time code for a kiosk or desk of one park (shown as text and QR). */
export async function createEnrolment(
  db: Db,
  opts: { branchId: string; kind: 'kiosk' | 'desk'; staffId: string; label?: string | null },
  now = new Date()
): Promise<{ code: string; display: string; expiresAt: string }> {
  const code = randomCode(ENROLMENT_CODE_LENGTH, (n) => randomBytes(n));
  const expiresAt = new Date(now.getTime() + ENROLMENT_TTL_MS).toISOString();
  await db
    .insertInto('enrolments')
    .values({
      code_hash: sha256(code),
      branch_id: opts.branchId,
      kind: opts.kind,
      label: opts.label ?? null,
      created_by: opts.staffId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
      device_id: null
    })
    .execute();
  await audit(
    db,
    {
      kind: 'enrolment_created',
      staffId: opts.staffId,
      branchId: opts.branchId,
      detail: { kind: opts.kind }
    },
    now
  );
  return { code, display: formatCode(code), expiresAt };
}

/**
 * A device enters or scans its code. The code is spent in the same transaction that makes
 * the credential, so two devices racing with one code get one credential. A device that
 * already held a credential (re-enrolling) has the old one revoked as superseded.
 */
export async function enrolDevice(
  db: Db,
  typed: string,
  opts: { previous?: DeviceIdentity | null } = {},
  now = new Date()
): Promise<IssuedCredential> {
  const code = normaliseCode(typed, ENROLMENT_CODE_LENGTH);
  if (!code) throw new EnrolmentError('an enrolment code has 8 letters and digits');
  return writeTransaction(db, async (trx, version) => {
    const row = await trx
      .selectFrom('enrolments')
      .selectAll()
      .where('code_hash', '=', sha256(code))
      .executeTakeFirst();
    if (!row || row.used_at !== null || row.expires_at <= now.toISOString()) {
      // One answer for unknown, used and expired: the code tells a guesser nothing.
      throw new EnrolmentError('this code is not valid: it may have expired or been used');
    }
    const issued = await insertDevice(trx, row.kind, row.branch_id, now, {
      label: row.label,
      enrolledBy: row.created_by
    });
    await trx
      .updateTable('enrolments')
      .set({ used_at: now.toISOString(), device_id: issued.deviceId })
      .where('code_hash', '=', row.code_hash)
      .where('used_at', 'is', null)
      .execute();
    await audit(
      trx,
      {
        kind: 'device_enrolled',
        staffId: row.created_by,
        deviceId: issued.deviceId,
        branchId: row.branch_id,
        detail: { kind: row.kind }
      },
      now
    );
    const previous = opts.previous;
    if (previous && previous.kind !== 'phone') {
      await revokeIn(trx, version, previous.id, null, now, 'device_superseded');
    }
    return issued;
  });
}

/** Parses `Device <id>.<secret>`; null when the header is absent or in another scheme. */
export function parseDeviceHeader(header: string | null): { id: string; secret: string } | null {
  if (!header?.startsWith('Device ')) return null;
  const value = header.slice(7).trim();
  const dot = value.indexOf('.');
  if (dot <= 0) return { id: '', secret: '' };
  return { id: value.slice(0, dot), secret: value.slice(dot + 1) };
}

const FORGED: CredentialProblem = {
  status: 401,
  code: 'bad_credential',
  message: 'this device credential is not valid; set the device up again'
};
const REVOKED: CredentialProblem = {
  status: 401,
  code: 'device_revoked',
  message: 'this device was revoked by the library; it must be set up again'
};

/** The device a header names, if its secret matches and it is not revoked. */
export async function authenticateDevice(
  db: Db,
  header: string | null,
  now = new Date()
): Promise<DeviceIdentity | CredentialProblem | null> {
  const parsed = parseDeviceHeader(header);
  if (!parsed) return null;
  if (!/^[0-9a-f-]{36}$/.test(parsed.id) || parsed.secret.length > 200) return FORGED;
  const row = await db
    .selectFrom('devices')
    .select(['id', 'secret_hash', 'kind', 'branch_id', 'status', 'last_seen_at'])
    .where('id', '=', parsed.id)
    .executeTakeFirst();
  // Compare hashes in constant time, and hash even when the device is unknown, so timing
  // says nothing about which ids exist.
  const given = Buffer.from(sha256(parsed.secret), 'hex');
  const want = Buffer.from(row?.secret_hash ?? sha256(''), 'hex');
  const match = timingSafeEqual(given, want) && row !== undefined;
  if (!match) return FORGED;
  if (row.status !== 'active') return REVOKED;
  if (!row.last_seen_at || now.getTime() - Date.parse(row.last_seen_at) > SEEN_EVERY_MS) {
    await db
      .updateTable('devices')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  return { id: row.id, kind: row.kind, branchId: row.branch_id };
}

export const isCredentialProblem = (
  v: DeviceIdentity | CredentialProblem | null
): v is CredentialProblem => v !== null && 'code' in v;

async function revokeIn(
  trx: Tx,
  version: number,
  deviceId: string,
  staffId: string | null,
  now: Date,
  kind: 'device_revoked' | 'device_superseded'
): Promise<boolean> {
  const row = await trx
    .selectFrom('devices')
    .select(['branch_id', 'status'])
    .where('id', '=', deviceId)
    .executeTakeFirst();
  if (!row || row.status !== 'active') return false;
  await trx
    .updateTable('devices')
    .set({ status: 'revoked', revoked_at: now.toISOString(), revoked_by: staffId, version })
    .where('id', '=', deviceId)
    .execute();
  // The seats it held go back to the pool now, not at each session's start.
  await releaseLeasesIn(trx, version, deviceId, now);
  await audit(trx, { kind, staffId, deviceId, branchId: row.branch_id }, now);
  return true;
}

/** Revokes a device: its next request is refused, and it wipes what it holds. */
export function revokeDevice(
  db: Db,
  deviceId: string,
  staffId: string,
  now = new Date()
): Promise<boolean> {
  return writeTransaction(db, (trx, version) =>
    revokeIn(trx, version, deviceId, staffId, now, 'device_revoked')
  );
}

export interface DeviceSummary {
  id: string;
  kind: DeviceKind;
  branchId: string | null;
  label: string | null;
  status: string;
  createdAt: string;
  lastSeenAt: string | null;
  pendingCount: number | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  /** Who made its enrolment code (their name; null if unknown or since deleted). */
  enrolledByName: string | null;
  appVersion: string | null;
  storageUsed: number | null;
  pendingSince: string | null;
}

/** Kiosks and desks of some parks, with their last sync and pending count (for the console). */
export async function listDevices(db: Db, branchIds: string[] | 'all'): Promise<DeviceSummary[]> {
  let q = db
    .selectFrom('devices')
    .leftJoin('clients', 'clients.client_id', 'devices.id')
    .leftJoin('staff', 'staff.id', 'devices.enrolled_by')
    .select([
      'devices.id',
      'devices.kind',
      'devices.branch_id',
      'devices.label',
      'devices.status',
      'devices.created_at',
      'devices.last_seen_at',
      'clients.pending_count',
      'clients.last_push_at',
      'clients.last_pull_at',
      'clients.app_version',
      'clients.storage_used',
      'clients.pending_since',
      'staff.name as enrolled_by_name'
    ])
    .where('devices.kind', '!=', 'phone');
  if (branchIds !== 'all') {
    if (branchIds.length === 0) return [];
    q = q.where('devices.branch_id', 'in', branchIds);
  }
  const rows = await q.orderBy('devices.created_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    branchId: r.branch_id,
    label: r.label,
    status: r.status,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    pendingCount: r.pending_count,
    lastPushAt: r.last_push_at,
    lastPullAt: r.last_pull_at,
    enrolledByName: r.enrolled_by_name,
    appVersion: r.app_version,
    // bigint: PostgreSQL hands it back as text.
    storageUsed: r.storage_used === null ? null : Number(r.storage_used),
    pendingSince: r.pending_since
  }));
}

/** The longest label a kiosk's name needs ("Quiosco de la entrada, segundo piso"). */
export const DEVICE_LABEL_MAX = 60;

/**
 * Renames a kiosk or desk, audited with the old and new names (a device's name, never a
 * person's). False when there is no such active device; the caller checks the park.
 */
export async function renameDevice(
  db: Db,
  deviceId: string,
  label: string,
  staffId: string,
  now = new Date()
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('devices')
      .select(['label', 'branch_id', 'kind', 'status'])
      .where('id', '=', deviceId)
      .executeTakeFirst();
    if (!row || row.kind === 'phone' || row.status !== 'active') return false;
    if (row.label === label) return true;
    await trx.updateTable('devices').set({ label }).where('id', '=', deviceId).execute();
    await audit(
      trx,
      {
        kind: 'device_renamed',
        staffId,
        deviceId,
        branchId: row.branch_id,
        detail: { from: row.label, to: label }
      },
      now
    );
    return true;
  });
}
