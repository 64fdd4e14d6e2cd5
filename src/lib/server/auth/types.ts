/**
 * Who is asking (DESIGN §9): resolved once per request in hooks.server.ts from the
 * `Authorization: Device …` header and the staff session cookie, then checked against
 * the policy table (policy.ts). A UUID in a body or a URL proves nothing.
 */
import type { DeviceKind, StaffRole } from '../db/schema';

export interface DeviceIdentity {
  id: string;
  kind: DeviceKind;
  /** The park a kiosk or desk is bound to; null for phones. */
  branchId: string | null;
}

export interface StaffIdentity {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  /** Parks a librarian or facilitator works in; an admin has every park. */
  branchIds: string[];
  /** The hashed session id, for sign-out. */
  sessionId: string;
  mustChangePassword: boolean;
}

/** A credential that was sent but is not good: the request is refused whatever it asks. */
export interface CredentialProblem {
  status: 401 | 403;
  code: 'bad_credential' | 'device_revoked';
  message: string;
}

export interface Caller {
  device: DeviceIdentity | null;
  staff: StaffIdentity | null;
  problem: CredentialProblem | null;
}

export const ANONYMOUS: Caller = { device: null, staff: null, problem: null };

/** May this member of staff act in this park? */
export function staffInPark(staff: StaffIdentity, branchId: string): boolean {
  return staff.role === 'admin' || staff.branchIds.includes(branchId);
}
