/**
 * Hybrid logical clock (Kulkarni et al. 2014). Device clocks are wrong; a stamp orders a
 * device's own edits even when its clock jumps back, breaks ties for last-writer-wins on
 * uncontended fields, and orders the waitlist. It never decides capacity (DESIGN §4).
 *
 * A stamp is a string that sorts like the clock: 11 base-36 digits of milliseconds (good
 * until the year 5138), 4 of counter, then the node id to make every stamp unique.
 */

export interface Hlc {
  wall: number;
  counter: number;
  node: string;
}

const WALL_DIGITS = 11;
const COUNTER_DIGITS = 4;
/** 36^4 − 1: events within one millisecond on one device; far more than a kiosk makes. */
const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1;
const STAMP = /^([0-9a-z]{11})-([0-9a-z]{4})-([A-Za-z0-9_-]{1,64})$/;

export function encodeHlc(h: Hlc): string {
  return `${h.wall.toString(36).padStart(WALL_DIGITS, '0')}-${h.counter
    .toString(36)
    .padStart(COUNTER_DIGITS, '0')}-${h.node}`;
}

export function decodeHlc(stamp: string): Hlc {
  const m = STAMP.exec(stamp);
  if (!m) throw new Error(`not an HLC stamp: ${stamp.slice(0, 80)}`);
  return { wall: parseInt(m[1]!, 36), counter: parseInt(m[2]!, 36), node: m[3]! };
}

export function isHlcStamp(stamp: string): boolean {
  return STAMP.test(stamp);
}

/** The next stamp for a local event: never behind the previous one, whatever the clock does. */
export function tick(prev: Hlc, now: number): Hlc {
  if (now > prev.wall) return { wall: now, counter: 0, node: prev.node };
  if (prev.counter >= MAX_COUNTER) return { wall: prev.wall + 1, counter: 0, node: prev.node };
  return { wall: prev.wall, counter: prev.counter + 1, node: prev.node };
}

/** Folds in a stamp seen from elsewhere, so later local stamps sort after it. */
export function receive(prev: Hlc, remote: Hlc, now: number): Hlc {
  const wall = Math.max(prev.wall, remote.wall, now);
  let counter: number;
  if (wall === prev.wall && wall === remote.wall)
    counter = Math.max(prev.counter, remote.counter) + 1;
  else if (wall === prev.wall) counter = prev.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) return { wall: wall + 1, counter: 0, node: prev.node };
  return { wall, counter, node: prev.node };
}

/**
 * How far ahead of the server a stamp may be before the server pulls it back: a device
 * whose clock runs a day fast must not jump the waitlist. Five minutes covers honest drift.
 */
export const MAX_CLOCK_LEAD_MS = 5 * 60_000;

/** The server's view of a client stamp: clamped to at most MAX_CLOCK_LEAD_MS ahead. */
export function clampStamp(stamp: string, serverNow: number): string {
  const h = decodeHlc(stamp);
  const limit = serverNow + MAX_CLOCK_LEAD_MS;
  return h.wall > limit ? encodeHlc({ wall: limit, counter: h.counter, node: h.node }) : stamp;
}

/**
 * How far before the server receives it a stamp may claim to be: a kiosk offline for a
 * week still keeps its queue in order, but no older claim is believed. (Seat leases are
 * granted for sessions up to 7 days ahead, PARQUE_LEASE_DAYS, so nothing a kiosk confirms
 * offline needs an older stamp.)
 */
export const MAX_STAMP_AGE_MS = 7 * 24 * 60 * 60_000;

/**
 * Floors a device's stamp so a backdated one cannot jump a waitlist (issue 8): never
 * before `notBefore` (the later of the device's creation and MAX_STAMP_AGE_MS before
 * receipt), and never before the last stamp the server accepted from that device.
 */
export function floorStamp(stamp: string, notBefore: number, lastAccepted: string | null): string {
  let h = decodeHlc(stamp);
  // The counter is kept, so a run of a device's stamps keeps its order when lifted.
  if (h.wall < notBefore) h = { wall: notBefore, counter: h.counter, node: h.node };
  if (lastAccepted !== null && encodeHlc(h) < lastAccepted) {
    const last = decodeHlc(lastAccepted);
    h =
      last.counter < MAX_COUNTER
        ? { wall: last.wall, counter: last.counter + 1, node: h.node }
        : { wall: last.wall + 1, counter: 0, node: h.node };
  }
  return encodeHlc(h);
}
