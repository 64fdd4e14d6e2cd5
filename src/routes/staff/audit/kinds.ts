import { m } from '$lib/paraglide/messages';
import type { AuditKind } from '$lib/server/auth/audit';

/**
 * What each kind of event says. Partial on purpose: a kind another feature adds before it
 * gets a sentence here is shown as "Event «kind»" with its details, never hidden.
 */
const KIND: Partial<Record<AuditKind, () => string>> = {
  sign_in: m.audit_kind_sign_in,
  sign_in_failed: m.audit_kind_sign_in_failed,
  sign_in_locked: m.audit_kind_sign_in_locked,
  sign_out: m.audit_kind_sign_out,
  sign_out_everywhere: m.audit_kind_sign_out_everywhere,
  password_changed: m.audit_kind_password_changed,
  password_reset: m.audit_kind_password_reset,
  staff_created: m.audit_kind_staff_created,
  staff_disabled: m.audit_kind_staff_disabled,
  staff_enabled: m.audit_kind_staff_enabled,
  role_changed: m.audit_kind_role_changed,
  parks_changed: m.audit_kind_parks_changed,
  enrolment_created: m.audit_kind_enrolment_created,
  enrolment_failed: m.audit_kind_enrolment_failed,
  device_enrolled: m.audit_kind_device_enrolled,
  device_revoked: m.audit_kind_device_revoked,
  device_superseded: m.audit_kind_device_superseded,
  device_renamed: m.audit_kind_device_renamed,
  orphan_sent: m.audit_kind_orphan_sent,
  orphan_discarded: m.audit_kind_orphan_discarded,
  roster_exported: m.audit_kind_roster_exported
};

export function kindText(kind: string): string {
  const known = Object.hasOwn(KIND, kind) ? KIND[kind as AuditKind] : undefined;
  return known ? known() : m.audit_kind_unknown({ kind });
}
