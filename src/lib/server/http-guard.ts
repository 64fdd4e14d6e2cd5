/**
 * The first gate every request passes (DESIGN §9), before any credential is looked at:
 * hooks.server.ts calls guardRequest first and returns its answer if there is one.
 *
 *  - Writes (anything but GET, HEAD, OPTIONS) that a browser marks `Sec-Fetch-Site:
 *    cross-site` are refused: no other site may make a visitor's browser change anything.
 *  - JSON APIs take only `application/json` bodies; the few binary uploads list their own
 *    types (BINARY_UPLOADS).
 *  - Bodies are held to a size per route (BODY_LIMITS) by their Content-Length here, and by
 *    counting while reading (readBodyLimited) when a chunked body has no Content-Length;
 *    pages (form actions) must send a Content-Length.
 *
 * And the headers every response carries (securityHeaders), shared with scripts/serve.js,
 * which adds the same set to the prerendered shell and static files.
 */
import { PUSH_MAX_BYTES } from '../domain/limits';
import { COURSE_LIMITS } from './content/import';
import { jsonError } from './http';
import { fallbackCsp, securityHeaderList } from './security-headers.js';

export interface GuardedEvent {
  request: Request;
  url: URL;
  route: { id: string | null };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Request bodies above this are refused unless the route has its own line in BODY_LIMITS. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Body limits by SvelteKit route id (bytes). A push carries up to PUSH_MAX_MUTATIONS
 * mutations; a course zip is as large as a course may be.
 */
export const BODY_LIMITS: Readonly<Record<string, number>> = {
  '/api/sync/push': PUSH_MAX_BYTES,
  '/api/devices/unsent': PUSH_MAX_BYTES,
  '/api/courses': COURSE_LIMITS.courseBytes,
  // The console's upload form (a multipart body holding the same zip).
  '/staff/courses': COURSE_LIMITS.courseBytes
};

/**
 * Routes that take a binary body instead of JSON: route id → method → media types.
 * Browsers label a .zip file `application/zip`, `application/x-zip-compressed` (Windows)
 * or `application/octet-stream`.
 */
export const BINARY_UPLOADS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> =
  {
    '/api/courses': {
      POST: ['application/zip', 'application/x-zip-compressed', 'application/octet-stream']
    }
  };

/** The body limit for a route (null: an unknown route, which gets the default). */
export function bodyLimit(routeId: string | null): number {
  return (routeId && BODY_LIMITS[routeId]) || DEFAULT_BODY_LIMIT;
}

/** `Application/JSON; charset=utf-8` → `application/json`; null when there is none. */
export function mediaType(contentType: string | null): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type || null;
}

const tooLarge = (limit: number) =>
  jsonError(413, 'too_large', `the request body may be at most ${limit} bytes here`);

/**
 * Refuses what no handler should see; null lets the request through. Cheap and synchronous:
 * reads headers only, never the body.
 */
export function guardRequest(event: GuardedEvent): Response | null {
  const { request, url, route } = event;
  const method = request.method.toUpperCase();
  if (SAFE_METHODS.has(method)) return null;

  // Sent by every current browser; tools without it (curl, a kiosk's fetch) are not
  // browsers acting for someone else. `same-site` (another port or subdomain of this
  // site) is allowed: the app is never shared with untrusted subdomains.
  if (request.headers.get('sec-fetch-site') === 'cross-site') {
    return jsonError(403, 'cross_site', 'requests from other sites may not change anything here');
  }

  const lengthHeader = request.headers.get('content-length');
  const length = lengthHeader === null ? null : Number(lengthHeader);
  if (length !== null && !(Number.isSafeInteger(length) && length >= 0)) {
    return jsonError(400, 'bad_request', 'the Content-Length header is not a byte count');
  }
  const limit = bodyLimit(route.id);
  if (length !== null && length > limit) return tooLarge(limit);
  const isApi = url.pathname.startsWith('/api/');
  // A page's form action reads its body whole (request.formData()), with nothing to count
  // it, so a body of unknown length is refused there; browsers always send the length of a
  // form. API handlers read theirs through readBodyLimited instead.
  if (!isApi && length === null && request.headers.has('transfer-encoding')) {
    return jsonError(411, 'length_required', 'send the body with a Content-Length header');
  }

  if (isApi) {
    // No body at all (Content-Length 0, or neither length nor chunked encoding) needs no
    // type; any body does, and so does any request that names a type.
    const type = mediaType(request.headers.get('content-type'));
    const hasBody = length !== null ? length > 0 : request.headers.has('transfer-encoding');
    if (hasBody || type !== null) {
      const binary = route.id ? BINARY_UPLOADS[route.id]?.[method] : undefined;
      if (binary) {
        if (!type || !binary.includes(type)) {
          return jsonError(
            415,
            'unsupported_media_type',
            `this endpoint takes a body of type ${binary.join(', ')}`
          );
        }
      } else if (type !== 'application/json') {
        return jsonError(
          415,
          'unsupported_media_type',
          'this endpoint takes only JSON: send Content-Type: application/json'
        );
      }
    }
  }
  return null;
}

/** Thrown by readBodyLimited; `response()` is the 413 to answer with. */
export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`the request body may be at most ${limit} bytes here`);
  }
  response(): Response {
    return tooLarge(this.limit);
  }
}

/**
 * The request body, read while counting: stops reading and throws BodyTooLargeError as soon
 * as it passes `maxBytes`, whether or not the request declared a Content-Length (a chunked
 * body has none, so guardRequest cannot refuse it in advance).
 */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** Why readJsonLimited refused a body, with the response to send. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
  }
  response(): Response {
    return jsonError(this.status, this.code, this.message);
  }
}

/**
 * A JSON body held to `maxBytes` (by default the route's limit in BODY_LIMITS): the parsed
 * value, or a BodyError (413 too_large, 400 bad_json) whose `response()` is the answer.
 */
export async function readJsonLimited(
  request: Request,
  maxBytes: number = DEFAULT_BODY_LIMIT
): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await readBodyLimited(request, maxBytes);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new BodyError(413, 'too_large', e.message);
    throw e;
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new BodyError(400, 'bad_json', 'the body is not valid JSON');
  }
}

/**
 * Adds the security headers to a response's headers: the fixed set (securityHeaderList),
 * HSTS when the request came over HTTPS, and a CSP when the response has none of its own
 * (SvelteKit sets one, with `frame-ancestors 'none'`, on every page it renders; JSON and
 * files get fallbackCsp).
 */
export function securityHeaders(headers: Headers, opts: { https: boolean }): void {
  for (const [name, value] of securityHeaderList(opts)) headers.set(name, value);
  if (!headers.has('content-security-policy')) {
    headers.set('content-security-policy', fallbackCsp(headers.get('content-type')));
  }
}
