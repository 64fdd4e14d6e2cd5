import type { Handle, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { authenticateDevice, isCredentialProblem } from '$lib/server/auth/devices';
import { decide } from '$lib/server/auth/policy';
import { authenticateStaffSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { ANONYMOUS, type Caller } from '$lib/server/auth/types';
import { getDb } from '$lib/server/db/instance';
import { guardRequest, securityHeaders } from '$lib/server/http-guard';
import { jsonError } from '$lib/server/http';
import { startLeaseSweeper } from '$lib/server/leases';

/** The running sweeper's stop function, kept across reloads of this module in `vite dev`. */
const SWEEPER = Symbol.for('parque.leaseSweeper');

/**
 * Open and migrate the database before the first request, so failures show at start; then
 * take back, every few minutes, the seat leases of kiosks that went silent (DESIGN §5).
 */
export const init = async () => {
  await getDb();
  const previous = Reflect.get(globalThis, SWEEPER) as (() => void) | undefined;
  previous?.();
  Reflect.set(globalThis, SWEEPER, startLeaseSweeper(getDb));
};

/** Who sent the request: a device credential header and/or a staff session cookie. */
async function resolveCaller(event: RequestEvent): Promise<Caller> {
  const header = event.request.headers.get('authorization');
  const token = event.cookies.get(SESSION_COOKIE);
  if (!header && !token) return ANONYMOUS;
  const db = await getDb();
  const device = await authenticateDevice(db, header);
  if (isCredentialProblem(device)) return { device: null, staff: null, problem: device };
  const staff = await authenticateStaffSession(db, token);
  return { device, staff, problem: null };
}

/** Who may call what: one table for every API route (src/lib/server/auth/policy.ts). */
const checked: Handle = async ({ event, resolve }) => {
  event.locals.caller = await resolveCaller(event);
  const isApi = event.url.pathname.startsWith('/api/');
  if (isApi && event.route.id) {
    const decision = decide(event.route.id, event.request.method, event.locals.caller);
    if (!decision.ok) return jsonError(decision.status, decision.code, decision.message);
  }
  return resolve(event);
};

export const handle: Handle = async (input) => {
  const { event } = input;
  // Cross-site writes, non-JSON and oversized bodies never reach a credential check.
  const response = guardRequest(event) ?? (await checked(input));
  securityHeaders(response.headers, { https: event.url.protocol === 'https:' });
  return response;
};

export const handleError: HandleServerError = ({ error, status }) => {
  // Log the failure, not the request: URLs and bodies may carry personal data.
  if (status >= 500) console.error(error instanceof Error ? error.stack : String(error));
  return { message: status >= 500 ? 'Internal error' : 'Request failed' };
};
