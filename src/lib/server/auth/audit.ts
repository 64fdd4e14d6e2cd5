/**
 * The append-only audit trail of security events (sign-ins and failures, enrolments,
 * revocations, role changes, what became of a revoked device's registrations, roster
 * exports). Rows are only ever inserted; nothing in the app updates or deletes them.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../db/index';

export type AuditKind =
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_in_locked'
  | 'sign_out'
  | 'sign_out_everywhere'
  | 'password_changed'
  | 'password_reset'
  | 'staff_created'
  | 'staff_disabled'
  | 'staff_enabled'
  | 'role_changed'
  | 'parks_changed'
  | 'enrolment_created'
  | 'enrolment_failed'
  | 'device_enrolled'
  | 'device_revoked'
  | 'device_renamed'
  | 'device_superseded'
  | 'orphan_sent'
  | 'orphan_discarded'
  | 'roster_exported'
  | 'contacts_exported'
  | 'session_capacity_changed'
  | 'session_moved'
  | 'session_cancelled'
  | 'series_created'
  | 'workshop_created'
  | 'workshop_edited'
  | 'workshop_archived'
  | 'walk_in_added'
  | 'no_shows_released'
  | 'course_uploaded'
  | 'course_upload_refused'
  | 'course_published'
  | 'course_unpublished';

export interface AuditEvent {
  kind: AuditKind;
  staffId?: string | null;
  deviceId?: string | null;
  branchId?: string | null;
  subject?: string | null;
  /** Non-personal details only: ids, counts, kinds; never a password, token or name. */
  detail?: Record<string, string | number | boolean | null>;
}

export async function audit(db: Db | Tx, event: AuditEvent, at = new Date()): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: randomUUID(),
      at: at.toISOString(),
      kind: event.kind,
      staff_id: event.staffId ?? null,
      device_id: event.deviceId ?? null,
      branch_id: event.branchId ?? null,
      subject: event.subject ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null
    })
    .execute();
}
