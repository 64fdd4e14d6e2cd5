import { describe, expect, it } from 'vitest';
import { PUSH_MAX_BYTES } from '../domain/limits';
import { COURSE_LIMITS } from './content/import';
import {
  BodyError,
  BodyTooLargeError,
  DEFAULT_BODY_LIMIT,
  guardRequest,
  readBodyLimited,
  readJsonLimited,
  securityHeaders
} from './http-guard';
import { cspFromPrerenderedHtml, fallbackCsp, securityHeaderList } from './security-headers.js';

const ORIGIN = 'http://parque.test';

function event(
  method: string,
  path: string,
  routeId: string | null,
  headers: Record<string, string> = {},
  body?: string
) {
  const url = new URL(path, ORIGIN);
  const request = new Request(url, { method, headers, body });
  return { request, url, route: { id: routeId } };
}

async function refusal(res: Response | null) {
  if (!res) return null;
  return { status: res.status, body: (await res.json()) as { error: string; message: string } };
}

const json = { 'content-type': 'application/json' };

describe('guardRequest: cross-site writes', () => {
  it('refuses a cross-site POST, PUT, PATCH and DELETE anywhere with 403 cross_site', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const [path, id] of [
        ['/api/sync/push', '/api/sync/push'],
        ['/staff/sign-in', '/staff/sign-in'],
        ['/nowhere', null]
      ] as const) {
        const r = await refusal(
          guardRequest(event(method, path, id, { ...json, 'sec-fetch-site': 'cross-site' }, '{}'))
        );
        expect(r?.status, `${method} ${path}`).toBe(403);
        expect(r?.body.error).toBe('cross_site');
        expect(r?.body.message).toMatch(/other sites/);
      }
    }
  });

  it('lets reads through from anywhere, and writes from this site or tools without the header', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      const e = event(method, '/api/branches', '/api/branches', { 'sec-fetch-site': 'cross-site' });
      expect(guardRequest(e)).toBeNull();
    }
    for (const site of ['same-origin', 'same-site', 'none', null]) {
      const headers: Record<string, string> = { ...json };
      if (site) headers['sec-fetch-site'] = site;
      expect(guardRequest(event('POST', '/api/sync/push', '/api/sync/push', headers, '{}'))).toBe(
        null
      );
    }
  });
});

describe('guardRequest: JSON only', () => {
  it('answers 415 to an API body that is not application/json', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
      'application/zip'
    ]) {
      const r = await refusal(
        guardRequest(
          event('POST', '/api/sync/push', '/api/sync/push', { 'content-type': type }, '{}')
        )
      );
      expect(r, type).toEqual({
        status: 415,
        body: {
          error: 'unsupported_media_type',
          message: 'this endpoint takes only JSON: send Content-Type: application/json'
        }
      });
    }
  });

  it('answers 415 to an API body without any Content-Type', async () => {
    // As it comes off the wire: a length (or chunked encoding) and no type.
    const e = event('POST', '/api/sync/push', '/api/sync/push', { 'content-length': '2' });
    expect((await refusal(guardRequest(e)))?.status).toBe(415);
    const chunked = event('POST', '/api/sync/push', '/api/sync/push', {
      'transfer-encoding': 'chunked'
    });
    expect((await refusal(guardRequest(chunked)))?.status).toBe(415);
  });

  it('accepts application/json with parameters and in any case, for every write method', () => {
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON;charset=UTF-8'
    ]) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const e = event(method, '/api/devices', '/api/devices', { 'content-type': type }, '{}');
        expect(guardRequest(e), `${method} ${type}`).toBeNull();
      }
    }
  });

  it('lets an API write with no body and no type through (nothing to parse)', () => {
    expect(guardRequest(event('POST', '/api/devices', '/api/devices'))).toBeNull();
    expect(
      guardRequest(event('DELETE', '/api/devices', '/api/devices', { 'content-length': '0' }))
    ).toBeNull();
  });

  it('takes a zip (and only a zip) on the course upload', async () => {
    for (const type of [
      'application/zip',
      'application/x-zip-compressed',
      'application/octet-stream'
    ]) {
      const e = event('POST', '/api/courses', '/api/courses', { 'content-type': type }, 'PK');
      expect(guardRequest(e), type).toBeNull();
    }
    for (const type of ['application/json', 'text/plain']) {
      const e = event('POST', '/api/courses', '/api/courses', { 'content-type': type }, '{}');
      const r = await refusal(guardRequest(e));
      expect(r?.status, type).toBe(415);
      expect(r?.body.message).toMatch(/application\/zip/);
    }
  });

  it('leaves non-API forms to SvelteKit (whose form actions take form bodies)', () => {
    const e = event(
      'POST',
      '/staff/sign-in',
      '/staff/sign-in',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'a=b'
    );
    expect(guardRequest(e)).toBeNull();
  });
});

describe('guardRequest: body size by Content-Length', () => {
  const sized = (path: string, id: string | null, length: number, type = 'application/json') =>
    event('POST', path, id, { 'content-type': type, 'content-length': String(length) });

  it('holds JSON APIs to 64 KiB by default', async () => {
    expect(guardRequest(sized('/api/devices', '/api/devices', DEFAULT_BODY_LIMIT))).toBeNull();
    const r = await refusal(guardRequest(sized('/api/devices', '/api/devices', 64 * 1024 + 1)));
    expect(r).toEqual({
      status: 413,
      body: { error: 'too_large', message: 'the request body may be at most 65536 bytes here' }
    });
  });

  it('gives a push PUSH_MAX_BYTES and a course zip COURSE_LIMITS.courseBytes', async () => {
    expect(guardRequest(sized('/api/sync/push', '/api/sync/push', PUSH_MAX_BYTES))).toBeNull();
    expect(
      (await refusal(guardRequest(sized('/api/sync/push', '/api/sync/push', PUSH_MAX_BYTES + 1))))
        ?.status
    ).toBe(413);
    const zip = 'application/zip';
    expect(
      guardRequest(sized('/api/courses', '/api/courses', COURSE_LIMITS.courseBytes, zip))
    ).toBeNull();
    const r = await refusal(
      guardRequest(sized('/api/courses', '/api/courses', COURSE_LIMITS.courseBytes + 1, zip))
    );
    expect(r?.status).toBe(413);
    expect(r?.body.message).toContain(String(COURSE_LIMITS.courseBytes));
  });

  it('holds pages and unknown routes to the default too', async () => {
    const form = 'application/x-www-form-urlencoded';
    expect((await refusal(guardRequest(sized('/staff/x', '/staff/x', 70_000, form))))?.status).toBe(
      413
    );
    expect((await refusal(guardRequest(sized('/nowhere', null, 70_000, form))))?.status).toBe(413);
  });

  it('refuses a page body of unknown length (411); APIs count theirs while reading', async () => {
    const chunked = {
      'content-type': 'application/x-www-form-urlencoded',
      'transfer-encoding': 'chunked'
    };
    const r = await refusal(
      guardRequest(event('POST', '/staff/sign-in', '/staff/sign-in', chunked))
    );
    expect(r).toEqual({
      status: 411,
      body: { error: 'length_required', message: 'send the body with a Content-Length header' }
    });
    const api = { ...json, 'transfer-encoding': 'chunked' };
    expect(guardRequest(event('POST', '/api/sync/push', '/api/sync/push', api))).toBeNull();
  });

  it('refuses a Content-Length that is not a byte count', async () => {
    for (const bad of ['-1', '1.5', 'abc', '1e400']) {
      const e = event('POST', '/api/devices', '/api/devices', { ...json, 'content-length': bad });
      expect((await refusal(guardRequest(e)))?.status, bad).toBe(400);
    }
  });
});

/** A chunked request: a stream body, so no Content-Length. */
function streamed(chunks: number[], onPull?: () => void): Request {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull?.();
      const size = chunks[i++];
      if (size === undefined) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(0x20));
    }
  });
  return new Request(`${ORIGIN}/api/sync/push`, {
    method: 'POST',
    body,
    headers: json,
    duplex: 'half'
  } as RequestInit);
}

describe('readBodyLimited', () => {
  it('reads a chunked body under the limit whole', async () => {
    const bytes = await readBodyLimited(streamed([1000, 2000, 3000]), 6000);
    expect(bytes.length).toBe(6000);
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    let pulls = 0;
    const endless = Array.from({ length: 10_000 }, () => 64 * 1024);
    const req = streamed(endless, () => pulls++);
    const error = await readBodyLimited(req, PUSH_MAX_BYTES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect((error as BodyTooLargeError).status).toBe(413);
    const res = (error as BodyTooLargeError).response();
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'too_large' });
    // 256 KiB in 64 KiB pieces: the fifth piece passes it; the stream is then cancelled.
    expect(pulls).toBeLessThan(10);
  });

  it('refuses at once when the declared length is over the limit', async () => {
    const req = new Request(`${ORIGIN}/x`, { method: 'POST', body: 'x'.repeat(100) });
    await expect(readBodyLimited(req, 10)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('returns an empty body for a request without one', async () => {
    expect((await readBodyLimited(new Request(`${ORIGIN}/x`, { method: 'POST' }), 10)).length).toBe(
      0
    );
  });
});

describe('readJsonLimited', () => {
  it('parses JSON within the limit and answers 400 or 413 otherwise', async () => {
    const req = (body: string) => new Request(`${ORIGIN}/x`, { method: 'POST', body });
    expect(await readJsonLimited(req('{"a":1}'))).toEqual({ a: 1 });
    const bad = await readJsonLimited(req('{a')).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BodyError);
    expect((bad as BodyError).response().status).toBe(400);
    const big = await readJsonLimited(req(`"${'x'.repeat(100)}"`), 50).catch((e: unknown) => e);
    expect((big as BodyError).status).toBe(413);
    expect(await (big as BodyError).response().json()).toMatchObject({ error: 'too_large' });
    const chunked = await readJsonLimited(streamed([40_000, 40_000])).catch((e: unknown) => e);
    expect((chunked as BodyError).status).toBe(413);
  });
});

describe('securityHeaders', () => {
  const expected = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(self), microphone=(), geolocation=(), payment=()',
    'cross-origin-opener-policy': 'same-origin'
  };

  it('sets the fixed set, and HSTS only over HTTPS', () => {
    const plain = new Headers();
    securityHeaders(plain, { https: false });
    expect(Object.fromEntries(plain)).toMatchObject(expected);
    expect(plain.has('strict-transport-security')).toBe(false);
    const secure = new Headers();
    securityHeaders(secure, { https: true });
    expect(secure.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(Object.fromEntries(secure)).toMatchObject(expected);
  });

  it("keeps a page's own CSP and gives other responses one with frame-ancestors 'none'", () => {
    const page = new Headers({ 'content-security-policy': "default-src 'self'" });
    securityHeaders(page, { https: false });
    expect(page.get('content-security-policy')).toBe("default-src 'self'");
    const api = new Headers({ 'content-type': 'application/json; charset=utf-8' });
    securityHeaders(api, { https: false });
    expect(api.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const file = new Headers({ 'content-type': 'application/pdf' });
    securityHeaders(file, { https: false });
    expect(file.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(fallbackCsp(null)).toBe("frame-ancestors 'none'");
  });

  it('is the same list scripts/serve.js puts on the prerendered shell', () => {
    const h = new Headers();
    securityHeaders(h, { https: true });
    for (const [name, value] of securityHeaderList({ https: true }))
      expect(h.get(name)).toBe(value);
  });
});

describe('cspFromPrerenderedHtml', () => {
  it("turns SvelteKit's meta policy into a header with frame-ancestors 'none'", () => {
    const html =
      '<head><meta http-equiv="content-security-policy" content="default-src &#39;self&#39;; ' +
      "script-src 'self' 'sha256-abc='; object-src 'none'\"></head>";
    expect(cspFromPrerenderedHtml(html)).toBe(
      "default-src 'self'; script-src 'self' 'sha256-abc='; object-src 'none'; frame-ancestors 'none'"
    );
    expect(cspFromPrerenderedHtml('<head></head>')).toBeNull();
  });
});
