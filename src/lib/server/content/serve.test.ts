import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb, type TestDb } from '../test/factories';
import { importCourse } from './import';
import { course } from '../test/courses';
import { parseRange, serveContent } from './serve';
import { ContentStore, sha256 } from './store';

let t: TestDb;
let dir: string;
let store: ContentStore;
let audio: string;
let audioBytes: Uint8Array;

beforeAll(async () => {
  t = await testDb();
  dir = mkdtempSync(join(tmpdir(), 'parque-serve-'));
  store = new ContentStore(dir);
  audioBytes = new Uint8Array(5000);
  audioBytes.set(new TextEncoder().encode('OggS'));
  for (let i = 4; i < audioBytes.length; i++) audioBytes[i] = (i * 7) % 256;
  await importCourse(t.db, store, course({ 'audio/voz.ogg': audioBytes }), 'prueba');
  audio = sha256(audioBytes);
});
afterAll(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const get = (hash: string, headers: Record<string, string> = {}) =>
  serveContent(t.db, store, hash, new Headers(headers));

describe('GET /api/content/<hash>', () => {
  it('sends the bytes that hash to the name, immutable, with an ETag', async () => {
    const res = await get(audio);
    expect(res.status).toBe(200);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(sha256(body)).toBe(audio);
    expect(res.headers.get('content-type')).toBe('audio/ogg');
    expect(res.headers.get('content-length')).toBe('5000');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('etag')).toBe(`"${audio}"`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const res = await get(audio, { 'if-none-match': `"${audio}"` });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    expect((await get(audio, { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    const res = await get(audio, { range: 'bytes=1000-1999' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 1000-1999/5000');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(audioBytes.slice(1000, 2000));

    const open = await get(audio, { range: 'bytes=4000-' });
    expect(open.headers.get('content-range')).toBe('bytes 4000-4999/5000');
    expect((await open.arrayBuffer()).byteLength).toBe(1000);

    const suffix = await get(audio, { range: 'bytes=-10' });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(audioBytes.slice(4990));
  });

  it('answers 416 to a range past the end and ignores ranges it does not serve', async () => {
    const res = await get(audio, { range: 'bytes=5000-' });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */5000');
    // Several ranges, or a stale If-Range: the whole file, as HTTP allows.
    expect((await get(audio, { range: 'bytes=0-1,5-6' })).status).toBe(200);
    expect((await get(audio, { range: 'bytes=0-1', 'if-range': '"old"' })).status).toBe(200);
    expect((await get(audio, { range: 'bytes=0-1', 'if-range': `"${audio}"` })).status).toBe(206);
  });

  it('answers 404 to an unknown hash and to anything that is not a hash', async () => {
    expect((await get('a'.repeat(64))).status).toBe(404);
    for (const trick of [
      '../../package.json',
      '..%2F..%2Fpackage.json',
      audio.toUpperCase(),
      `${audio}.ogg`,
      `${audio}/..`,
      audio.slice(0, 2),
      ''
    ]) {
      const res = await get(trick);
      expect(res.status, trick).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'not_found' });
    }
  });

  it('refuses to send a stored file that no longer matches its name', async () => {
    const picture = [...(await t.db.selectFrom('content_assets').select('hash').execute())].find(
      (r) => r.hash !== audio
    )!.hash;
    writeFileSync(store.pathOf(picture), 'tampered');
    const res = await get(picture);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: 'corrupt' });
  });
});

describe('parseRange', () => {
  it('reads the forms HTTP allows and ignores the rest', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 10)).toBeNull();
    expect(parseRange('items=0-1', 10)).toBeNull();
    expect(parseRange('bytes=-', 10)).toBeNull();
    expect(parseRange(null, 10)).toBeNull();
  });
});
