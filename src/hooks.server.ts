import type { Handle, HandleServerError } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/instance';

/** Open and migrate the database before the first request, so failures show at start. */
export const init = async () => {
  await getDb();
};

export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const h = response.headers;
  h.set('x-content-type-options', 'nosniff');
  h.set('referrer-policy', 'no-referrer');
  h.set('x-frame-options', 'DENY');
  // The camera is for scanning tickets at check-in; nothing else is needed.
  h.set('permissions-policy', 'camera=(self), microphone=(), geolocation=(), payment=()');
  h.set('cross-origin-opener-policy', 'same-origin');
  return response;
};

export const handleError: HandleServerError = ({ error, status }) => {
  // Log the failure, not the request: URLs and bodies may carry personal data.
  if (status >= 500) console.error(error instanceof Error ? error.stack : String(error));
  return { message: status >= 500 ? 'Internal error' : 'Request failed' };
};
