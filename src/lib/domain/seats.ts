/** Seat arithmetic the kiosk pages need; kept free of schemas so pages stay small. */
export function seatsLeft(session: { capacity: number; seatsTaken: number }): number {
  return Math.max(0, session.capacity - session.seatsTaken);
}
