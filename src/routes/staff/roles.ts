import type { StaffRole } from '$lib/server/db/schema';
import { m } from '$lib/paraglide/messages';

/** A role as staff read it. */
export const ROLE_NAME: Record<StaffRole, () => string> = {
  admin: m.staff_role_admin,
  librarian: m.staff_role_librarian,
  facilitator: m.staff_role_facilitator
};
