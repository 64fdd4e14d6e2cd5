/** A ticket's state as the kiosk's check-in and cancel-by-code screens name it. */
import type { RegistrationStatus } from '../domain/registration';
import { m } from '../paraglide/messages';

export const stateName: Record<RegistrationStatus, () => string> = {
  pending: m.state_pending,
  confirmed: m.ticket_confirmed,
  waitlisted: m.state_waitlisted,
  cancelled: m.state_cancelled,
  rejected: m.state_rejected
};
