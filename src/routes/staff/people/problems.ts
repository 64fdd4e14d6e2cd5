import { m } from '$lib/paraglide/messages';
import type { PeopleProblem } from './+page.server';

/** Why an account change was refused, as the admin reads it. */
export const PROBLEM: Record<PeopleProblem, () => string> = {
  forbidden: m.people_error_forbidden,
  bad_form: m.people_error_bad_form,
  invalid_email: m.people_error_invalid_email,
  invalid_name: m.people_error_invalid_name,
  invalid_role: m.people_error_invalid_role,
  unknown_park: m.people_error_unknown_park,
  parks_required: m.people_error_parks_required,
  admin_parks: m.people_error_admin_parks,
  email_taken: m.people_error_email_taken,
  not_found: m.people_error_not_found,
  last_admin: m.people_error_last_admin
};
