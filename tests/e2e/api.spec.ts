import { expect, phoneHeaders, test } from './fixtures';

test.describe('pull endpoint refuses bad input with a clear 4xx', () => {
  test('unknown park', async ({ request }) => {
    const res = await request.get('/api/sync/pull?branch=no-such-park', {
      headers: await phoneHeaders(request)
    });
    expect(res.status()).toBe(404);
    expect(await res.json()).toEqual({
      error: 'unknown_branch',
      message: 'there is no library park with id "no-such-park"'
    });
  });

  test('missing park', async ({ request }) => {
    const res = await request.get('/api/sync/pull', { headers: await phoneHeaders(request) });
    expect(res.status()).toBe(400);
    expect((await res.json()).message).toContain('branch');
  });

  for (const cursor of ['garbage', 'abc.-1', 'x.1.2', '%00', 'a'.repeat(401)]) {
    test(`malformed cursor ${cursor.slice(0, 12)}`, async ({ request }) => {
      const res = await request.get(
        `/api/sync/pull?branch=br-espana&cursor=${encodeURIComponent(cursor)}`,
        { headers: await phoneHeaders(request) }
      );
      expect(res.status()).toBe(400);
      const body = await res.json();
      expect(body.error).toMatch(/bad_cursor|bad_request/);
      expect(body.message.length).toBeGreaterThan(5);
    });
  }

  test('bad page size', async ({ request }) => {
    for (const limit of ['0', '-3', 'abc', '99999']) {
      const res = await request.get(`/api/sync/pull?branch=br-espana&limit=${limit}`, {
        headers: await phoneHeaders(request)
      });
      expect(res.status()).toBe(400);
      expect((await res.json()).message).toContain('limit');
    }
  });

  test('a good pull pages with a cursor and sets no-store', async ({ request }) => {
    const res = await request.get('/api/sync/pull?branch=br-espana&limit=50', {
      headers: await phoneHeaders(request)
    });
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toBe('no-store');
    const page = await res.json();
    expect(page.more).toBe(true);
    const next = await request.get(
      `/api/sync/pull?branch=br-espana&limit=50&cursor=${encodeURIComponent(page.cursor)}`,
      { headers: await phoneHeaders(request) }
    );
    expect(next.status()).toBe(200);
  });

  test('pages carry security headers', async ({ request }) => {
    const res = await request.get('/workshops');
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['content-security-policy']).toContain("default-src 'self'");
  });
});

test.describe('installable web app', () => {
  test('the manifest names the app and has 192, 512 and maskable icons that load', async ({
    request
  }) => {
    const res = await request.get('/manifest.webmanifest');
    expect(res.status()).toBe(200);
    const manifest = await res.json();
    expect(manifest).toMatchObject({ short_name: 'Parque', start_url: '/', display: 'standalone' });
    const icons = manifest.icons as { src: string; sizes: string; purpose?: string }[];
    expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of icons) {
      const img = await request.get(icon.src);
      expect(img.status(), icon.src).toBe(200);
      expect(img.headers()['content-type']).toBe('image/png');
    }
  });
});

test.describe('content and course endpoints over HTTP', () => {
  test('content is immutable, revalidates with its ETag and serves byte ranges', async ({
    request
  }) => {
    const manifest = await (await request.get('/api/courses/celular-basico/manifest')).json();
    const audio = manifest.assets.find((a: { type: string }) => a.type === 'audio/ogg');
    const res = await request.get(`/api/content/${audio.hash}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toContain('immutable');
    const again = await request.get(`/api/content/${audio.hash}`, {
      headers: { 'if-none-match': res.headers().etag ?? '' }
    });
    expect(again.status()).toBe(304);
    const part = await request.get(`/api/content/${audio.hash}`, {
      headers: { range: 'bytes=100-199' }
    });
    expect(part.status()).toBe(206);
    expect(part.headers()['content-range']).toBe(`bytes 100-199/${audio.size}`);
    expect((await part.body()).equals((await res.body()).subarray(100, 200))).toBe(true);
  });

  test('path tricks and unknown hashes get a 404, never a file', async ({ request }) => {
    for (const path of [
      '/api/content/..%2F..%2Fpackage.json',
      '/api/content/%2e%2e%2f%2e%2e%2fpackage.json',
      `/api/content/${'f'.repeat(64)}`,
      `/api/content/${'F'.repeat(64)}`,
      '/api/content/..%5C..%5Cpackage.json'
    ]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(404);
      expect(await res.text()).not.toContain('"name": "parque"');
    }
  });

  test('an unknown course and a bad recovery code get clear errors', async ({ request }) => {
    const missing = await request.get('/api/courses/no-existe/manifest');
    expect(missing.status()).toBe(404);
    expect((await missing.json()).message).toContain('no-existe');
    const headers = await phoneHeaders(request);
    const bad = await request.post('/api/learners/recover', { data: { code: '123' }, headers });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).message).toContain('recovery code');
    const unknown = await request.post('/api/learners/recover', {
      data: { code: 'ACDE-FGHJ-KMNP' },
      headers
    });
    expect(unknown.status()).toBe(404);
  });
});
