/**
 * Course downloads against a fake server (manifest + content-addressed assets, honouring
 * Range/If-Range), an in-memory Cache Storage and a stub navigator.storage. Each test gets
 * a fresh ParqueDb on fake-indexeddb.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  contentUrl,
  summarise,
  type CourseAsset,
  type CourseManifest,
  type CourseSummary
} from '../../domain/course';
import { ParqueDb } from '../db';
import {
  bytesMissing,
  cachedHashes,
  DownloadError,
  downloadCourse,
  loadManifest,
  refreshCourses,
  removeDownload,
  type DownloadOptions,
  type DownloadProgress
} from './download';
import { CONTENT_CACHE, DOWNLOAD_HEADER } from './names';

const KB = 1024;
/** download.ts saves a half-received file every this many bytes (PARTIAL_SAVE_BYTES). */
const PARTIAL_SAVE = 256 * KB;

type Bytes = Uint8Array<ArrayBuffer>;

const hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Deterministic pseudo-random bytes (xorshift32); each seed makes a different file. */
function bytes(size: number, seed: number): Bytes {
  const out = new Uint8Array(size);
  let x = seed * 7919 + 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const keyOf = (req: RequestInfo | URL): string =>
  typeof req === 'string'
    ? req
    : req instanceof URL
      ? req.pathname
      : new URL(req.url, 'http://parque.test').pathname;

// ---------------------------------------------------------------------------------------
// In-memory Cache Storage

interface Stored {
  body: Bytes;
  headers: [string, string][];
}

class FakeCache {
  readonly entries = new Map<string, Stored>();
  private readonly waiting = new Map<string, (() => void)[]>();

  match(req: RequestInfo | URL): Promise<Response | undefined> {
    const hit = this.entries.get(keyOf(req));
    return Promise.resolve(hit && new Response(hit.body.slice(), { headers: hit.headers }));
  }

  async put(req: RequestInfo | URL, res: Response): Promise<void> {
    const key = keyOf(req);
    const body = new Uint8Array(await res.arrayBuffer());
    this.entries.set(key, { body, headers: [...res.headers] });
    for (const wake of this.waiting.get(key) ?? []) wake();
    this.waiting.delete(key);
  }

  delete(req: RequestInfo | URL): Promise<boolean> {
    return Promise.resolve(this.entries.delete(keyOf(req)));
  }

  /** Resolves once `url` is in the cache. */
  whenPut(url: string): Promise<void> {
    if (this.entries.has(url)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.set(url, [...(this.waiting.get(url) ?? []), resolve]);
    });
  }

  has(asset: CourseAsset): boolean {
    return this.entries.has(contentUrl(asset.hash));
  }

  /** SHA-256 of what is cached for the asset (undefined when absent). */
  hashOf(asset: CourseAsset): string | undefined {
    const hit = this.entries.get(contentUrl(asset.hash));
    return hit && hex(hit.body);
  }
}

class FakeCacheStorage {
  readonly stores = new Map<string, FakeCache>();

  get(name: string): FakeCache {
    let cache = this.stores.get(name);
    if (!cache) {
      cache = new FakeCache();
      this.stores.set(name, cache);
    }
    return cache;
  }

  open(name: string): Promise<FakeCache> {
    return Promise.resolve(this.get(name));
  }
}

// ---------------------------------------------------------------------------------------
// Fake server

interface Req {
  url: string;
  headers: Record<string, string>;
  status?: number;
}
type Answer = (req: Req) => Response | Promise<Response>;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

class FakeServer {
  readonly manifests = new Map<string, CourseManifest>();
  readonly files = new Map<string, Bytes>();
  readonly requests: Req[] = [];
  /** One-off answers: the next request for the URL gets this instead of the normal one. */
  readonly once = new Map<string, Answer>();
  /** When false the server ignores Range and always sends the whole file (200). */
  honourRange = true;

  /** Puts a file on the server and returns it as a manifest asset. */
  file(data: Bytes, type = 'application/octet-stream'): CourseAsset {
    const hash = hex(data);
    this.files.set(hash, data);
    return { hash, size: data.length, type };
  }

  publish(id: string, version: number, assets: CourseAsset[]): CourseManifest {
    const manifest: CourseManifest = {
      id,
      version,
      title: `Curso ${id}`,
      summary: 'Un curso de prueba',
      intro: '',
      language: 'es',
      level: 'inicial',
      minutes: 10,
      passMark: 60,
      lessons: [],
      quiz: null,
      files: {},
      assets,
      size: assets.reduce((n, a) => n + a.size, 0)
    };
    this.manifests.set(id, manifest);
    return manifest;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const req: Req = {
      url: keyOf(input),
      headers: Object.fromEntries(new Headers(init?.headers))
    };
    this.requests.push(req);
    // Like the browser's fetch, an aborted request rejects at once.
    const signal = init?.signal;
    const aborted = () => new DOMException('The request was aborted', 'AbortError');
    if (signal?.aborted) throw aborted();
    const res = await (signal
      ? Promise.race([
          this.answer(req),
          new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () => reject(aborted()), { once: true })
          )
        ])
      : this.answer(req));
    req.status = res.status;
    return res;
  };

  assetRequests(): Req[] {
    return this.requests.filter((r) => r.url.startsWith('/api/content/'));
  }

  requestedHashes(): string[] {
    return this.assetRequests()
      .map((r) => r.url.slice('/api/content/'.length))
      .sort();
  }

  private answer(req: Req): Response | Promise<Response> {
    const special = this.once.get(req.url);
    if (special) {
      this.once.delete(req.url);
      return special(req);
    }
    if (req.url === '/api/courses') return json([...this.manifests.values()].map(summarise));
    const course = /^\/api\/courses\/([^/]+)\/manifest$/.exec(req.url)?.[1];
    if (course !== undefined) {
      const manifest = this.manifests.get(decodeURIComponent(course));
      return manifest ? json(manifest) : json({ error: 'not_found' }, 404);
    }
    const hash = /^\/api\/content\/([0-9a-f]{64})$/.exec(req.url)?.[1];
    const data = hash === undefined ? undefined : this.files.get(hash);
    if (hash === undefined || !data) return json({ error: 'not_found' }, 404);
    return this.serve(hash, data, req.headers);
  }

  private serve(hash: string, data: Bytes, headers: Record<string, string>): Response {
    const etag = `"${hash}"`;
    const range = /^bytes=(\d+)-$/.exec(headers.range ?? '');
    const ifRange = headers['if-range'];
    const start = Number(range?.[1] ?? 0);
    if (
      range &&
      this.honourRange &&
      (ifRange === undefined || ifRange === etag) &&
      start < data.length
    ) {
      return new Response(data.slice(start), {
        status: 206,
        headers: {
          'content-range': `bytes ${start}-${data.length - 1}/${data.length}`,
          'content-length': String(data.length - start),
          etag
        }
      });
    }
    return new Response(data.slice(), {
      headers: { 'content-length': String(data.length), etag }
    });
  }
}

/**
 * A 200 response whose body sends `chunks` chunks of `chunk` bytes and then fails like a
 * dropped connection; `beforeError` runs before the failure.
 */
function cutOff(
  data: Bytes,
  chunk: number,
  chunks: number,
  beforeError: () => Promise<unknown> = () => Promise.resolve()
): Response {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent < chunks) {
          controller.enqueue(data.slice(sent * chunk, (sent + 1) * chunk));
          sent++;
          return;
        }
        await beforeError();
        controller.error(new TypeError('network connection lost'));
      }
    },
    // Pull only when the reader asks, so every chunk reaches it before the error.
    { highWaterMark: 0 }
  );
  return new Response(body, { status: 200, headers: { 'content-length': String(data.length) } });
}

// ---------------------------------------------------------------------------------------
// Per-test device

let server: FakeServer;
let storage: FakeCacheStorage;
let estimate: { quota?: number; usage?: number };
let storageApi: {
  estimate: () => Promise<{ quota?: number; usage?: number }>;
  persisted: () => Promise<boolean>;
  persist: () => Promise<boolean>;
};
let db: ParqueDb;

beforeEach(() => {
  server = new FakeServer();
  storage = new FakeCacheStorage();
  estimate = { quota: 1_000_000_000, usage: 0 };
  storageApi = {
    estimate: vi.fn(() => Promise.resolve({ ...estimate })),
    persisted: vi.fn(() => Promise.resolve(false)),
    persist: vi.fn(() => Promise.resolve(true))
  };
  vi.stubGlobal('caches', storage);
  vi.stubGlobal('navigator', { storage: storageApi });
  db = new ParqueDb('download-test', { indexedDB: new IDBFactory(), IDBKeyRange });
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await db.delete();
});

const content = () => storage.get(CONTENT_CACHE);

function download(courseId: string, options: DownloadOptions = {}): Promise<CourseManifest> {
  return downloadCourse(db, courseId, { fetchFn: server.fetch, ...options });
}

/** Runs `p`, expecting a DownloadError, and returns it. */
async function failure(p: Promise<unknown>): Promise<DownloadError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DownloadError);
    return e as DownloadError;
  }
  throw new Error('expected a DownloadError, the promise resolved');
}

function progress() {
  const seen: DownloadProgress[] = [];
  return { seen, onProgress: (p: DownloadProgress) => void seen.push({ ...p }) };
}

/** Puts an asset in the content cache as if an earlier download had fetched it. */
async function preCache(asset: CourseAsset): Promise<void> {
  const data = server.files.get(asset.hash);
  if (!data) throw new Error('unknown asset');
  await content().put(contentUrl(asset.hash), new Response(data.slice()));
}

// ---------------------------------------------------------------------------------------

describe('downloadCourse: first download', () => {
  it('fetches every asset once, caches it under its hash, stores the manifest and completes', async () => {
    const a = server.file(bytes(1000, 1), 'text/html');
    const b = server.file(bytes(70 * KB, 2), 'image/png');
    const c = server.file(bytes(5, 3), 'audio/ogg');
    const manifest = server.publish('uno', 3, [a, b, c]);
    const log = progress();

    const got = await download('uno', { onProgress: log.onProgress });

    expect(got).toEqual(manifest);
    expect(server.requests[0]?.url).toBe('/api/courses/uno/manifest');
    expect(server.requests).toHaveLength(4);
    expect(server.requestedHashes()).toEqual([a.hash, b.hash, c.hash].sort());
    for (const r of server.assetRequests()) {
      expect(r.headers[DOWNLOAD_HEADER]).toBe('1');
      expect(r.headers.range).toBeUndefined();
    }
    expect(DOWNLOAD_HEADER).toBe('x-parque-download');

    // Cached under /api/content/<hash> with exactly the server's bytes and its type.
    expect([...content().entries.keys()].sort()).toEqual([a, b, c].map((x) => contentUrl(x.hash)).sort());
    for (const asset of [a, b, c]) {
      const cached = await content().match(contentUrl(asset.hash));
      expect(cached?.headers.get('content-type')).toBe(asset.type);
      expect(cached?.headers.get('content-length')).toBe(String(asset.size));
      expect(cached?.headers.get('etag')).toBe(`"${asset.hash}"`);
      expect(hex(new Uint8Array((await cached?.arrayBuffer()) ?? new ArrayBuffer(0)))).toBe(
        asset.hash
      );
    }

    expect(await db.manifests.get('uno')).toEqual(manifest);
    expect(await db.downloads.get('uno')).toMatchObject({
      courseId: 'uno',
      version: 3,
      status: 'complete',
      bytesDone: manifest.size,
      bytesTotal: manifest.size
    });
    expect(await db.partials.count()).toBe(0);

    expect(log.seen[0]).toEqual({ bytesDone: 0, bytesTotal: manifest.size });
    expect(log.seen.at(-1)).toEqual({ bytesDone: manifest.size, bytesTotal: manifest.size });
    for (let i = 1; i < log.seen.length; i++) {
      expect(log.seen[i]?.bytesDone).toBeGreaterThanOrEqual(log.seen[i - 1]?.bytesDone ?? 0);
      expect(log.seen[i]?.bytesTotal).toBe(manifest.size);
    }

    // It asked the browser to keep the files.
    expect(storageApi.persist).toHaveBeenCalled();
  });

  it('fetches only the hashes the device lacks', async () => {
    const a = server.file(bytes(2 * KB, 11));
    const b = server.file(bytes(3 * KB, 12));
    const c = server.file(bytes(4 * KB, 13));
    const manifest = server.publish('dos', 1, [a, b, c]);
    await preCache(b);

    expect(await cachedHashes([a.hash, b.hash, c.hash])).toEqual(new Set([b.hash]));
    expect(await bytesMissing(manifest)).toBe(a.size + c.size);
    const log = progress();

    await download('dos', { onProgress: log.onProgress });

    expect(server.requestedHashes()).toEqual([a.hash, c.hash].sort());
    expect(content().hashOf(a)).toBe(a.hash);
    expect(content().hashOf(b)).toBe(b.hash);
    expect(content().hashOf(c)).toBe(c.hash);
    // What the device already had counts as done from the start.
    expect(log.seen[0]).toEqual({ bytesDone: b.size, bytesTotal: manifest.size });
    expect(log.seen.at(-1)).toEqual({ bytesDone: manifest.size, bytesTotal: manifest.size });
    expect(await bytesMissing(manifest)).toBe(0);
    expect((await db.downloads.get('dos'))?.status).toBe('complete');
  });
});

describe('downloadCourse: resuming', () => {
  it('keeps the bytes of a file cut off half-way and resumes it with a Range request', async () => {
    const big = server.file(bytes(400 * KB, 21), 'audio/ogg');
    const small = server.file(bytes(3 * KB, 22), 'text/html');
    // Two workers: one takes `big`, the other `small`.
    const manifest = server.publish('tres', 1, [big, small]);
    const chunk = 64 * KB;
    const sent = 5 * chunk; // 320 KB of 400 KB
    let savedBeforeCut: number | undefined;
    server.once.set(contentUrl(big.hash), () =>
      cutOff(server.files.get(big.hash) ?? new Uint8Array(), chunk, 5, async () => {
        // Cut only once the small file is safely in the cache (a deterministic order).
        await content().whenPut(contentUrl(small.hash));
        savedBeforeCut = (await db.partials.get(big.hash))?.data.byteLength;
      })
    );

    const err = await failure(download('tres'));

    expect(err.reason).toBe('offline');
    // Saved every 256 KB while streaming, and everything received when the connection broke.
    expect(savedBeforeCut).toBe(PARTIAL_SAVE);
    const partial = await db.partials.get(big.hash);
    expect(partial?.data.byteLength).toBe(sent);
    expect(hex(new Uint8Array(partial?.data ?? new ArrayBuffer(0)))).toBe(
      hex((server.files.get(big.hash) ?? new Uint8Array()).subarray(0, sent))
    );
    expect(await db.downloads.get('tres')).toMatchObject({
      status: 'paused',
      version: 1,
      bytesDone: small.size + sent,
      bytesTotal: manifest.size
    });
    expect(content().has(small)).toBe(true);
    expect(content().has(big)).toBe(false);

    // Second try: only the rest of `big`, asked for with Range + If-Range.
    server.requests.length = 0;
    const log = progress();
    await download('tres', { onProgress: log.onProgress });

    expect(server.assetRequests()).toHaveLength(1);
    expect(server.assetRequests()[0]).toMatchObject({
      url: contentUrl(big.hash),
      headers: {
        [DOWNLOAD_HEADER]: '1',
        range: `bytes=${sent}-`,
        'if-range': `"${big.hash}"`
      },
      status: 206
    });
    expect(content().hashOf(big)).toBe(big.hash);
    expect(content().entries.get(contentUrl(big.hash))?.body.length).toBe(big.size);
    expect(await db.partials.count()).toBe(0);
    expect(log.seen[0]).toEqual({ bytesDone: small.size + sent, bytesTotal: manifest.size });
    expect(log.seen.at(-1)).toEqual({ bytesDone: manifest.size, bytesTotal: manifest.size });
    expect(await db.downloads.get('tres')).toMatchObject({
      status: 'complete',
      bytesDone: manifest.size
    });
  });

  it('starts the file again when the server answers a Range request with the whole file', async () => {
    const file = server.file(bytes(300 * KB, 31), 'image/jpeg');
    const manifest = server.publish('cuatro', 1, [file]);
    const have = 100_000;
    await db.partials.put({
      hash: file.hash,
      data: (server.files.get(file.hash) ?? new Uint8Array()).slice(0, have).buffer
    });
    server.honourRange = false;
    const log = progress();

    await download('cuatro', { onProgress: log.onProgress });

    expect(server.assetRequests()).toHaveLength(1);
    expect(server.assetRequests()[0]).toMatchObject({
      headers: { range: `bytes=${have}-`, 'if-range': `"${file.hash}"` },
      status: 200
    });
    expect(content().hashOf(file)).toBe(file.hash);
    expect(content().entries.get(contentUrl(file.hash))?.body.length).toBe(file.size);
    expect(await db.partials.count()).toBe(0);
    expect(log.seen[0]).toEqual({ bytesDone: have, bytesTotal: manifest.size });
    // The saved bytes were taken back out of the count, so it never overshoots.
    for (const p of log.seen) expect(p.bytesDone).toBeLessThanOrEqual(manifest.size);
    expect(log.seen.at(-1)).toEqual({ bytesDone: manifest.size, bytesTotal: manifest.size });
    expect((await db.downloads.get('cuatro'))?.status).toBe('complete');
  });

  it('ignores a saved partial as long as the file, and progress never passes the total', async () => {
    // Left behind when the tab closed (or cache.put failed) right after the last save.
    const file = server.file(bytes(300 * KB, 32));
    const manifest = server.publish('cuatro-b', 1, [file]);
    await db.partials.put({
      hash: file.hash,
      data: (server.files.get(file.hash) ?? new Uint8Array()).slice().buffer
    });
    const log = progress();

    await download('cuatro-b', { onProgress: log.onProgress });

    expect(server.assetRequests()[0]?.headers.range).toBeUndefined();
    expect(content().hashOf(file)).toBe(file.hash);
    expect(log.seen.at(-1)).toEqual({ bytesDone: manifest.size, bytesTotal: manifest.size });
    for (const p of log.seen) expect(p.bytesDone).toBeLessThanOrEqual(manifest.size);
  });
});

describe('downloadCourse: failures', () => {
  it('rejects a body that does not hash to its name and keeps none of it', async () => {
    const file = server.file(bytes(300 * KB, 41));
    server.publish('cinco', 1, [file]);
    // Same length, one byte changed.
    const wrong = (server.files.get(file.hash) ?? new Uint8Array()).slice();
    wrong[1234] = (wrong[1234] ?? 0) ^ 0xff;
    server.once.set(contentUrl(file.hash), () => new Response(wrong));
    const savePartial = vi.spyOn(db.partials, 'put');

    const err = await failure(download('cinco'));

    expect(err.reason).toBe('corrupt');
    expect(content().has(file)).toBe(false);
    expect(await content().match(contentUrl(file.hash))).toBeUndefined();
    // More than 256 KB arrived, so a partial was saved on the way; it is gone now.
    expect(savePartial).toHaveBeenCalled();
    expect(await db.partials.get(file.hash)).toBeUndefined();
    expect(await db.downloads.get('cinco')).toMatchObject({ status: 'paused', bytesDone: 0 });

    // The next try fetches the file from its first byte.
    server.requests.length = 0;
    await download('cinco');
    expect(server.assetRequests()[0]?.headers.range).toBeUndefined();
    expect(content().hashOf(file)).toBe(file.hash);
  });

  it('refuses when the device has no room, fetching nothing but the manifest', async () => {
    const a = server.file(bytes(6 * KB, 51));
    const b = server.file(bytes(4 * KB, 52));
    const manifest = server.publish('seis', 1, [a, b]);
    estimate = { quota: 50_000, usage: 45_000 };

    const err = await failure(download('seis'));

    expect(err.reason).toBe('no_space');
    expect(err.detail).toEqual({ need: manifest.size, free: 5_000 });
    expect(server.requests.map((r) => r.url)).toEqual(['/api/courses/seis/manifest']);
    expect(content().entries.size).toBe(0);
    expect(await db.downloads.get('seis')).toBeUndefined();
    expect(await db.manifests.get('seis')).toBeUndefined();
  });

  it('counts only missing bytes against the room left, with a 10% margin', async () => {
    const a = server.file(bytes(6 * KB, 53));
    const b = server.file(bytes(4 * KB, 54));
    server.publish('seis-b', 1, [a, b]);
    await preCache(a);

    // Exactly b's size free: too tight with the margin.
    estimate = { quota: 100_000, usage: 100_000 - b.size };
    const err = await failure(download('seis-b'));
    expect(err.detail).toEqual({ need: b.size, free: b.size });

    // Room for b plus the margin (a is already here): it goes ahead.
    estimate = { quota: 100_000, usage: 100_000 - Math.ceil(b.size * 1.1) };
    await download('seis-b');
    expect(content().hashOf(b)).toBe(b.hash);
  });

  it('goes ahead when the browser cannot estimate storage', async () => {
    const a = server.file(bytes(1 * KB, 55));
    server.publish('seis-c', 1, [a]);
    vi.stubGlobal('navigator', {});

    await download('seis-c');

    expect(content().hashOf(a)).toBe(a.hash);
    expect((await db.downloads.get('seis-c'))?.status).toBe('complete');
  });

  it('maps a missing course to not_found, a network failure to offline, a 500 to server', async () => {
    expect((await failure(download('nada'))).reason).toBe('not_found');

    const throwing: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    expect((await failure(downloadCourse(db, 'nada', { fetchFn: throwing }))).reason).toBe(
      'offline'
    );

    server.once.set('/api/courses/nada/manifest', () => json({ error: 'boom' }, 500));
    expect((await failure(download('nada'))).reason).toBe('server');
    expect(await db.downloads.count()).toBe(0);
  });

  it('maps a missing asset to not_found and a failing one to server, pausing the course', async () => {
    const a = server.file(bytes(1 * KB, 56));
    server.publish('siete', 1, [a]);

    server.once.set(contentUrl(a.hash), () => json({ error: 'not_found' }, 404));
    expect((await failure(download('siete'))).reason).toBe('not_found');
    expect((await db.downloads.get('siete'))?.status).toBe('paused');

    server.once.set(contentUrl(a.hash), () => json({ error: 'boom' }, 503));
    expect((await failure(download('siete'))).reason).toBe('server');
    expect(content().has(a)).toBe(false);

    await download('siete');
    expect((await db.downloads.get('siete'))?.status).toBe('complete');
  });

  it('does no more work once it has rejected', async () => {
    // Worker 1 fails at once on `bad`; worker 2 is busy with g1 at that moment.
    const bad = server.file(bytes(1 * KB, 57));
    const g1 = server.file(bytes(1 * KB, 58));
    const g2 = server.file(bytes(1 * KB, 59));
    const g3 = server.file(bytes(1 * KB, 60));
    server.publish('ocho', 1, [bad, g1, g2, g3]);
    let failed: () => void = () => undefined;
    const hasFailed = new Promise<void>((resolve) => {
      failed = resolve;
    });
    server.once.set(contentUrl(bad.hash), () => json({ error: 'not_found' }, 404));
    server.once.set(contentUrl(g1.hash), async () => {
      await hasFailed;
      return new Response((server.files.get(g1.hash) ?? new Uint8Array()).slice());
    });
    const log = progress();

    const err = await failure(download('ocho', { onProgress: log.onProgress }));
    const reportsAtRejection = log.seen.length;
    failed();
    // Give a straggling worker time to go on to g2 and g3.
    await Promise.race([content().whenPut(contentUrl(g3.hash)), sleep(100)]);
    await sleep(20);

    expect(err.reason).toBe('not_found');
    // No request for what was still queued, and no progress after the caller was told it
    // failed (the UI would show the course as downloading again).
    expect(server.assetRequests().map((r) => r.url)).not.toContain(contentUrl(g2.hash));
    expect(server.assetRequests().map((r) => r.url)).not.toContain(contentUrl(g3.hash));
    expect(log.seen).toHaveLength(reportsAtRejection);
  });
});

describe('downloadCourse: updates', () => {
  it('fetches only what changed and drops old files no other downloaded course uses', async () => {
    const shared = server.file(bytes(2 * KB, 61)); // in uno v1 and v2
    const dropped = server.file(bytes(3 * KB, 62)); // uno v1 only; also in otro
    const changedV1 = server.file(bytes(4 * KB, 63)); // uno v1 only
    const changedV2 = server.file(bytes(5 * KB, 64)); // uno v2 only
    const other = server.file(bytes(1 * KB, 65)); // otro only
    server.publish('uno', 1, [shared, dropped, changedV1]);
    server.publish('otro', 1, [dropped, other]);

    await download('uno');
    server.requests.length = 0;
    await download('otro');
    // A file two courses share is fetched once.
    expect(server.requestedHashes()).toEqual([other.hash]);

    const v2 = server.publish('uno', 2, [shared, changedV2]);

    // An update that fails half-way leaves version 1 readable.
    server.once.set(contentUrl(changedV2.hash), () => json({ error: 'boom' }, 500));
    expect((await failure(download('uno'))).reason).toBe('server');
    expect((await db.manifests.get('uno'))?.version).toBe(1);
    expect(await db.downloads.get('uno')).toMatchObject({ version: 1, status: 'paused' });
    expect(content().has(changedV1)).toBe(true);
    expect(content().has(dropped)).toBe(true);

    server.requests.length = 0;
    const log = progress();
    expect(await download('uno', { onProgress: log.onProgress })).toEqual(v2);

    expect(server.requestedHashes()).toEqual([changedV2.hash]);
    expect(content().hashOf(changedV2)).toBe(changedV2.hash);
    expect(content().has(shared)).toBe(true);
    expect(content().has(changedV1)).toBe(false); // nobody uses it any more
    expect(content().has(dropped)).toBe(true); // otro still does
    expect(content().has(other)).toBe(true);
    expect(await db.manifests.get('uno')).toEqual(v2);
    expect(await db.downloads.get('uno')).toMatchObject({
      version: 2,
      status: 'complete',
      bytesDone: v2.size,
      bytesTotal: v2.size
    });
    expect(log.seen[0]).toEqual({ bytesDone: shared.size, bytesTotal: v2.size });
    // otro is untouched.
    expect(await db.downloads.get('otro')).toMatchObject({ version: 1, status: 'complete' });
  });

  it('deletes a dropped file when no other downloaded course uses it', async () => {
    const kept = server.file(bytes(2 * KB, 66));
    const dropped = server.file(bytes(3 * KB, 67));
    server.publish('uno', 1, [kept, dropped]);
    // A course only read online (manifest kept, no download) does not keep files alive.
    server.publish('leido', 1, [dropped]);
    await loadManifest(db, 'leido', server.fetch);
    await download('uno');

    server.publish('uno', 2, [kept]);
    await download('uno');

    expect(server.requestedHashes()).toEqual([kept.hash, dropped.hash].sort());
    expect(content().has(dropped)).toBe(false);
    expect(content().has(kept)).toBe(true);
    expect((await db.downloads.get('uno'))?.version).toBe(2);
  });
});

describe('removeDownload', () => {
  it('deletes the course files other downloads do not use, and its download row', async () => {
    const shared = server.file(bytes(2 * KB, 71));
    const own1 = server.file(bytes(3 * KB, 72));
    const own2 = server.file(bytes(4 * KB, 73));
    const other = server.file(bytes(1 * KB, 74));
    const manifest = server.publish('uno', 1, [shared, own1, own2]);
    server.publish('otro', 1, [shared, other]);
    await download('uno');
    await download('otro');
    // A stray partial of one of the course's files goes too.
    await db.partials.put({ hash: own2.hash, data: new ArrayBuffer(10) });

    await removeDownload(db, 'uno');

    expect(content().has(own1)).toBe(false);
    expect(content().has(own2)).toBe(false);
    expect(content().has(shared)).toBe(true);
    expect(content().has(other)).toBe(true);
    expect(await db.partials.count()).toBe(0);
    expect(await db.downloads.get('uno')).toBeUndefined();
    expect(await db.downloads.get('otro')).toMatchObject({ status: 'complete' });
    // The manifest stays, so the course can still be read online…
    expect(await db.manifests.get('uno')).toEqual(manifest);
    // …and, no longer downloaded, it is read from the server's fresh copy.
    server.requests.length = 0;
    const v2 = server.publish('uno', 2, [shared, own1]);
    expect(await loadManifest(db, 'uno', server.fetch)).toEqual(v2);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/courses/uno/manifest']);
    expect(await bytesMissing(v2)).toBe(own1.size);

    // Removing the other course now frees the shared file as well.
    await removeDownload(db, 'otro');
    expect(content().entries.size).toBe(0);
  });

  it('does nothing for a course that was never downloaded', async () => {
    const a = server.file(bytes(1 * KB, 75));
    server.publish('uno', 1, [a]);
    await preCache(a);

    await removeDownload(db, 'nunca');

    expect(content().has(a)).toBe(true);
    expect(await db.downloads.count()).toBe(0);
  });

  it('removes the files an interrupted update had already fetched', async () => {
    const shared = server.file(bytes(2 * KB, 76));
    const old = server.file(bytes(2 * KB, 77));
    const newA = server.file(bytes(3 * KB, 78));
    const newB = server.file(bytes(3 * KB, 79));
    server.publish('uno', 1, [shared, old]);
    await download('uno');
    server.publish('uno', 2, [shared, newA, newB]);
    // newA arrives, newB fails: the update stops half-way.
    server.once.set(contentUrl(newB.hash), async () => {
      await content().whenPut(contentUrl(newA.hash));
      return json({ error: 'boom' }, 500);
    });
    expect((await failure(download('uno'))).reason).toBe('server');
    expect(content().has(newA)).toBe(true);

    await removeDownload(db, 'uno');

    expect(content().has(shared)).toBe(false);
    expect(content().has(old)).toBe(false);
    // newA belonged to this course's offline copy and nothing else uses it.
    expect(content().has(newA)).toBe(false);
  });
});

describe('loadManifest', () => {
  it("reads a downloaded course from the device's copy without asking the server", async () => {
    const a = server.file(bytes(1 * KB, 81));
    const v1 = server.publish('uno', 1, [a]);
    await download('uno');
    server.publish('uno', 2, [a]);
    server.requests.length = 0;

    expect(await loadManifest(db, 'uno', server.fetch)).toEqual(v1);
    expect(server.requests).toHaveLength(0);
  });

  it('fetches a fresh copy of a course not downloaded, and falls back to the kept one offline', async () => {
    const a = server.file(bytes(1 * KB, 82));
    const v1 = server.publish('uno', 1, [a]);
    await db.manifests.put(v1);
    const v2 = server.publish('uno', 2, [a]);

    expect(await loadManifest(db, 'uno', server.fetch)).toEqual(v2);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/courses/uno/manifest']);
    expect(await db.manifests.get('uno')).toEqual(v2);

    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await loadManifest(db, 'uno', offline)).toEqual(v2);

    // Nothing kept and no network: the error reaches the caller.
    expect((await failure(loadManifest(db, 'otro', offline))).reason).toBe('offline');
    // Nothing kept and no such course.
    expect((await failure(loadManifest(db, 'otro', server.fetch))).reason).toBe('not_found');
  });
});

describe('refreshCourses', () => {
  it('replaces the kept course list with the server’s', async () => {
    const a = server.file(bytes(1 * KB, 91));
    const uno = server.publish('uno', 2, [a]);
    const dos = server.publish('dos', 1, [a]);
    const gone: CourseSummary = { ...summarise(uno), id: 'viejo' };
    await db.courses.bulkPut([gone, { ...summarise(uno), version: 1 }]);

    await refreshCourses(db, server.fetch);

    const kept = await db.courses.toArray();
    expect(kept.map((c) => c.id).sort()).toEqual(['dos', 'uno']);
    expect(await db.courses.get('uno')).toEqual(summarise(uno));
    expect(await db.courses.get('dos')).toEqual(summarise(dos));

    server.once.set('/api/courses', () => json({ error: 'boom' }, 500));
    const err = await failure(refreshCourses(db, server.fetch));
    expect(err.reason).toBe('server');
    expect(await db.courses.count()).toBe(2);
  });
});
