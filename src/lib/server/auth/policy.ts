/**
 * What each request may do (DESIGN §9), in one table checked in hooks.server.ts before any
 * handler runs. Every API route and method has a row; a route without one is refused
 * (and `policy.test.ts` fails), so a new endpoint cannot ship open by accident.
 *
 * Callers are classes: `anyone`, a device by kind (`phone`, `kiosk`, `desk`, each holding a
 * server-issued credential) or staff by role. Park scope is not read from requests: a
 * kiosk's or desk's park is the one its credential is bound to, and handlers use that.
 */
import type { MutatorName } from '../../domain/mutation';
import type { DeviceKind, StaffRole } from '../db/schema';
import type { Caller } from './types';

export type CallerClass = 'anyone' | DeviceKind | StaffRole;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const ROUTE_POLICY: Record<string, Partial<Record<Method, readonly CallerClass[]>>> = {
  // Public: the catalogue's parks and course content (DESIGN §9).
  '/api/branches': { GET: ['anyone'] },
  '/api/content/[hash]': { GET: ['anyone'] },
  '/api/courses': { GET: ['anyone'], POST: ['admin', 'librarian'] },
  '/api/courses/[id]/manifest': { GET: ['anyone'] },
  // Public calendars of what is on: sessions only, no personal data (issue 9 §5).
  '/api/calendar/parks/[park].ics': { GET: ['anyone'] },
  '/api/calendar/parks/[park]/[category].ics': { GET: ['anyone'] },
  '/api/calendar/workshops/[id].ics': { GET: ['anyone'] },
  // A phone's first contact, and a kiosk's or desk's enrolment with a one-time code.
  '/api/devices': { POST: ['anyone'] },
  '/api/devices/enrol': { POST: ['anyone', 'phone', 'kiosk', 'desk'] },
  // Staff signed in on a refused kiosk or desk send or discard what it had not sent.
  '/api/devices/unsent': { POST: ['admin', 'librarian'] },
  // A device's own sync; kiosks alone hold seat leases.
  '/api/sync/pull': { GET: ['phone', 'kiosk', 'desk'] },
  '/api/sync/push': { POST: ['phone', 'kiosk', 'desk'] },
  '/api/sync/leases': { POST: ['kiosk'] },
  '/api/learners/recover': { POST: ['phone', 'kiosk', 'desk'] },
  // A visitor takes a kiosk's ticket home on their own phone.
  '/api/tickets/claim': { POST: ['phone'] },
  // A session's roster with names, for librarians and admins of its park (the handler
  // checks the park); facilitators see sessions on the console but export nothing.
  '/api/sessions/[id]/roster.csv': { GET: ['admin', 'librarian'] },
  // The contacts people left, to tell them a session changed (the handler checks the park).
  '/api/sessions/[id]/contacts.csv': { GET: ['admin', 'librarian'] },
  // Aggregates for staff.
  '/api/reports/courses': { GET: ['admin', 'librarian', 'facilitator'] }
};

/**
 * Which devices may send each mutator (checked per mutation in push.ts; a refusal is
 * recorded as rejected and the device moves on). Check-in is for a park's own kiosks and
 * desks: the server resolves the ticket within the device's bound park.
 */
export const MUTATOR_POLICY: Record<MutatorName, readonly DeviceKind[]> = {
  registerAttendee: ['phone', 'kiosk', 'desk'],
  cancelRegistration: ['phone', 'kiosk', 'desk'],
  // Shared devices serve whoever walks up with a code; a phone cancels its own tickets.
  cancelByCode: ['kiosk', 'desk'],
  checkIn: ['kiosk', 'desk'],
  createLearner: ['phone', 'kiosk', 'desk'],
  completeLesson: ['phone', 'kiosk', 'desk'],
  submitQuizAttempt: ['phone', 'kiosk', 'desk'],
  // Staff edits: the desk, behind the counter, enrolled by a librarian (DESIGN §10).
  changeCapacity: ['desk'],
  moveSession: ['desk'],
  cancelSession: ['desk'],
  // Staff work: a desk may plan sessions offline; kiosks and phones never do.
  createSeries: ['desk'],
  // A park's desk edits its workshops offline on the day (issue 9 §2); kiosks are visitors'.
  saveWorkshop: ['desk'],
  archiveWorkshop: ['desk'],
  // Someone who came without registering is added at the desk, offline too.
  addWalkIn: ['desk'],
  releaseNoShows: ['desk']
};

/**
 * Which staff roles may apply each mutator from the console (on the server, at once; see
 * console/apply.ts). Visitors' own mutators are not applied for them by staff: a
 * librarian registers someone at the desk device, which is a device like any other.
 */
export const STAFF_MUTATOR_POLICY: Record<MutatorName, readonly StaffRole[]> = {
  registerAttendee: [],
  cancelRegistration: [],
  cancelByCode: [],
  checkIn: ['admin', 'librarian', 'facilitator'],
  createLearner: [],
  completeLesson: [],
  submitQuizAttempt: [],
  changeCapacity: ['admin', 'librarian'],
  moveSession: ['admin', 'librarian'],
  cancelSession: ['admin', 'librarian'],
  createSeries: ['admin', 'librarian'],
  // Facilitators see workshops but do not edit them (issue 9 §2).
  saveWorkshop: ['admin', 'librarian'],
  archiveWorkshop: ['admin', 'librarian'],
  addWalkIn: ['admin', 'librarian', 'facilitator'],
  releaseNoShows: ['admin', 'librarian']
};

export function staffMutatorAllowed(name: MutatorName, role: StaffRole): boolean {
  return STAFF_MUTATOR_POLICY[name].includes(role);
}

export function mutatorAllowed(name: MutatorName, kind: DeviceKind): boolean {
  return MUTATOR_POLICY[name].includes(kind);
}

/** The classes a caller belongs to (a signed-in librarian on a kiosk is both). */
export function classesOf(caller: Caller): Set<CallerClass> {
  const classes = new Set<CallerClass>(['anyone']);
  if (caller.device) classes.add(caller.device.kind);
  if (caller.staff) classes.add(caller.staff.role);
  return classes;
}

export type Decision =
  { ok: true } | { ok: false; status: 401 | 403 | 405 | 500; code: string; message: string };

export function decide(routeId: string, method: string, caller: Caller): Decision {
  const row = ROUTE_POLICY[routeId];
  if (!row) {
    return {
      ok: false,
      status: 500,
      code: 'no_policy',
      message: 'this endpoint has no access rule; refusing'
    };
  }
  const allowed = row[(method === 'HEAD' ? 'GET' : method) as Method];
  if (!allowed) {
    return { ok: false, status: 405, code: 'method', message: `${method} is not allowed here` };
  }
  // Public routes answer everyone; a stale credential (a revoked kiosk re-enrolling, a
  // phone whose server was reset) does not lock a device out of them.
  if (allowed.includes('anyone')) return { ok: true };
  if (caller.problem) {
    return {
      ok: false,
      status: caller.problem.status,
      code: caller.problem.code,
      message: caller.problem.message
    };
  }
  const classes = classesOf(caller);
  if (allowed.some((c) => classes.has(c))) return { ok: true };
  if (!caller.device && !caller.staff) {
    return {
      ok: false,
      status: 401,
      code: 'unauthenticated',
      message: 'this needs a device credential or a staff sign-in'
    };
  }
  return {
    ok: false,
    status: 403,
    code: 'forbidden',
    message: `this is for ${allowed.join(', ')} only`
  };
}
