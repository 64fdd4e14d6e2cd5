/** Seat arithmetic the kiosk pages need; kept free of schemas so pages stay small. */

/**
 * Seats anyone may still get: capacity less confirmed seats and seats held in kiosks'
 * leases (a phone registering for a session whose free seats are all leased is
 * waitlisted, so it must not be told there are seats). A kiosk adds the seats of its own
 * leases it may still spend (`held`).
 */
export function seatsLeft(
  session: { capacity: number; seatsTaken: number; leased?: number },
  held = 0
): number {
  return Math.max(0, session.capacity - session.seatsTaken - (session.leased ?? 0)) + held;
}
