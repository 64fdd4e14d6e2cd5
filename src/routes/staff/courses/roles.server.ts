import type { StaffRole } from '$lib/server/db/schema';

/** Who uploads and publishes courses; facilitators see the list and the figures only. */
export const MANAGES_COURSES: readonly StaffRole[] = ['admin', 'librarian'];
