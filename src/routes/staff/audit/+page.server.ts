import { error } from '@sveltejs/kit';
import {
  auditKinds,
  auditNames,
  DEFAULT_ZONE,
  listAuditEvents,
  parseAuditQuery,
  type AuditQuery
} from '$lib/server/auth/audit-log';
import { listDevices } from '$lib/server/auth/devices';
import { listStaff, parksOf } from '$lib/server/auth/staff';
import { getDb } from '$lib/server/db/instance';
import { requireStaff } from '../guard.server';
import type { PageServerLoad } from './$types';

export type Party =
  | { type: 'staff'; name: string }
  | { type: 'device'; label: string | null; kind: string }
  | { type: 'id'; id: string };

/**
 * The audit trail for admins: read only (there is no action here, and no code path that
 * changes a row). Filters live in the query string, so a filtered view is a link.
 */
export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  if (staff.role !== 'admin') error(403, 'only admins read the audit log');
  const db = await getDb();
  const parsed = parseAuditQuery(url.searchParams);
  const query: AuditQuery = parsed.ok ? parsed.query : {};
  const [parks, people, devices, kinds] = await Promise.all([
    parksOf(db, staff),
    listStaff(db),
    listDevices(db, 'all'),
    auditKinds(db)
  ]);
  const zoneOf = new Map(parks.map((p) => [p.id, p.timeZone]));
  const zone = (park: string | null | undefined) => (park && zoneOf.get(park)) || DEFAULT_ZONE;
  // A bad filter shows its error and no events: nothing is guessed.
  const page = parsed.ok
    ? await listAuditEvents(db, query, { timeZone: zone(query.park) })
    : { events: [], next: null };
  const names = await auditNames(db, page.events);
  /** Who an id is, as far as the database still knows. */
  const party = (id: string | null, as: 'staff' | 'device' | 'any'): Party | null => {
    if (!id) return null;
    const name = as !== 'device' ? names.staff.get(id) : undefined;
    if (name !== undefined) return { type: 'staff', name };
    const device = as !== 'staff' ? names.devices.get(id) : undefined;
    if (device) return { type: 'device', label: device.label, kind: device.kind };
    return { type: 'id', id };
  };
  // Links that keep the filters: one page older (from where this page ended), and back to
  // the newest page. Each is a query string ('' or '?…'), or null when there is none.
  const filters = Object.entries(query).filter(([key, value]) => key !== 'before' && value);
  const link = (before?: string) => {
    const params = new URLSearchParams(filters as [string, string][]);
    if (before) params.set('before', before);
    const text = params.toString();
    return text ? `?${text}` : '';
  };
  return {
    query,
    older: page.next ? link(page.next) : null,
    newest: query.before ? link() : null,
    problem: parsed.ok ? null : parsed.field,
    parks: parks.map((p) => ({ id: p.id, name: p.name })),
    people: people.map((p) => ({ id: p.id, name: p.name })),
    devices: devices.map((d) => ({ id: d.id, label: d.label, kind: d.kind })),
    // A kind asked for in a link but not stored yet still shows as chosen.
    kinds: query.kind && !kinds.includes(query.kind) ? [...kinds, query.kind] : kinds,
    events: page.events.map((e) => ({
      id: e.id,
      at: e.at,
      kind: e.kind,
      timeZone: zone(e.branchId),
      branchId: e.branchId,
      // The member of staff who acted; else the device it came from.
      who: party(e.staffId, 'staff') ?? party(e.deviceId, 'device'),
      // The device an event by staff names: where they signed in, or what they acted on.
      via: e.staffId ? party(e.deviceId, 'device') : null,
      about: party(e.subject, 'any'),
      detail: e.detail
    }))
  };
}) satisfies PageServerLoad;
