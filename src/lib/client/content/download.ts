/**
 * Course downloads (DESIGN §6). The manifest goes to IndexedDB; the assets go to Cache
 * Storage under their /api/content/<hash> URL, where the service worker answers <img>,
 * <audio> and lesson requests with them offline. A download:
 *   - fetches only the hashes the device lacks (a file shared by two courses is fetched
 *     once, and a course update fetches only what changed),
 *   - checks there is room (navigator.storage.estimate) and asks for persistent storage,
 *   - verifies every file's SHA-256 before keeping it,
 *   - keeps the bytes of a file cut off half-way and resumes it with a Range request.
 */
import {
  contentUrl,
  type CourseAsset,
  type CourseManifest,
  type CourseSummary
} from '../../domain/course';
import { getMeta, META, type ParqueDb } from '../db';
import { sha256Hex } from '../sha256';

import { CONTENT_CACHE, DOWNLOAD_HEADER } from './names';
/** Partly received files are saved every this many bytes, so a closed tab loses little. */
const PARTIAL_SAVE_BYTES = 256 * 1024;
const PARALLEL = 2;

export class DownloadError extends Error {
  constructor(
    readonly reason: 'offline' | 'no_space' | 'corrupt' | 'not_found' | 'server',
    readonly detail: { need?: number; free?: number } = {}
  ) {
    super(reason);
  }
}

export interface DownloadProgress {
  bytesDone: number;
  bytesTotal: number;
}

export interface DownloadOptions {
  fetchFn?: typeof fetch;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

export async function fetchManifest(
  courseId: string,
  fetchFn: typeof fetch = fetch
): Promise<CourseManifest> {
  let res: Response;
  try {
    res = await fetchFn(`/api/courses/${encodeURIComponent(courseId)}/manifest`, {
      // Revalidated with its ETag: fetched a second time (page, then download) it costs a 304.
      cache: 'no-cache'
    });
  } catch {
    throw new DownloadError('offline');
  }
  if (res.status === 404) throw new DownloadError('not_found');
  if (!res.ok) throw new DownloadError('server');
  return (await res.json()) as CourseManifest;
}

/** The manifest to read a course with: the device's copy, or the server's (then kept). */
export async function loadManifest(
  db: ParqueDb,
  courseId: string,
  fetchFn: typeof fetch = fetch
): Promise<CourseManifest> {
  const [local, download] = await Promise.all([
    db.manifests.get(courseId),
    db.downloads.get(courseId)
  ]);
  // A downloaded course reads from its own copy until the learner updates it.
  if (local && download) return local;
  try {
    const manifest = await fetchManifest(courseId, fetchFn);
    await db.manifests.put(manifest);
    return manifest;
  } catch (e) {
    if (local) return local;
    throw e;
  }
}

export async function cachedHashes(hashes: string[]): Promise<Set<string>> {
  const cache = await caches.open(CONTENT_CACHE);
  const have = new Set<string>();
  await Promise.all(
    hashes.map(async (h) => {
      if (await cache.match(contentUrl(h))) have.add(h);
    })
  );
  return have;
}

/** Bytes still to fetch for a course (what "Download" will cost). */
export async function bytesMissing(manifest: CourseManifest): Promise<number> {
  const have = await cachedHashes(manifest.assets.map((a) => a.hash));
  return manifest.assets.filter((a) => !have.has(a.hash)).reduce((n, a) => n + a.size, 0);
}


function concat(chunks: Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Fetches one asset (resuming from saved bytes), verifies it and puts it in the cache. */
async function fetchAsset(
  db: ParqueDb,
  asset: CourseAsset,
  fetchFn: typeof fetch,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void
): Promise<void> {
  const partial = await db.partials.get(asset.hash);
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (partial && partial.data.byteLength < asset.size) {
    chunks.push(new Uint8Array(partial.data));
    received = partial.data.byteLength;
  }
  const headers: Record<string, string> = { [DOWNLOAD_HEADER]: '1' };
  if (received > 0) {
    headers.range = `bytes=${received}-`;
    headers['if-range'] = `"${asset.hash}"`;
  }
  let savedAt = received;
  const savePartial = async () => {
    if (received > savedAt) {
      await db.partials.put({ hash: asset.hash, data: concat(chunks, received).buffer });
      savedAt = received;
    }
  };
  try {
    const res = await fetchFn(contentUrl(asset.hash), { headers, cache: 'no-store', signal });
    if (res.status === 404) throw new DownloadError('not_found');
    if (res.status === 200 && received > 0) {
      // The server sent the whole file after all: start again from its first byte.
      onBytes(-received);
      chunks.length = 0;
      received = 0;
      savedAt = 0;
    } else if (res.status !== 200 && res.status !== 206) {
      throw new DownloadError('server');
    }
    if (!res.body) throw new DownloadError('server');
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onBytes(value.length);
      if (received - savedAt >= PARTIAL_SAVE_BYTES) await savePartial();
    }
  } catch (e) {
    await savePartial().catch(() => undefined);
    if (e instanceof DownloadError) throw e;
    throw new DownloadError('offline');
  }
  const bytes = concat(chunks, received);
  if (bytes.length !== asset.size || (await sha256Hex(bytes)) !== asset.hash) {
    // Never keep bytes under a name they do not match; the next try starts clean.
    await db.partials.delete(asset.hash);
    onBytes(-received);
    throw new DownloadError('corrupt');
  }
  try {
    const cache = await caches.open(CONTENT_CACHE);
    await cache.put(
      contentUrl(asset.hash),
      new Response(bytes, {
        headers: {
          'content-type': asset.type,
          'content-length': String(asset.size),
          etag: `"${asset.hash}"`
        }
      })
    );
  } catch (e) {
    // The bytes were right but could not be kept: most often the device is full.
    await db.partials.delete(asset.hash);
    onBytes(-received);
    throw new DownloadError(
      e instanceof DOMException && e.name === 'QuotaExceededError' ? 'no_space' : 'server'
    );
  }
  await db.partials.delete(asset.hash);
}

/** Room on the device: throws no_space when the course would not fit. */
export async function checkSpace(need: number): Promise<void> {
  if (!navigator.storage?.estimate) return;
  const { quota, usage } = await navigator.storage.estimate();
  if (quota === undefined || usage === undefined) return;
  const free = quota - usage;
  // Keep a margin: Cache Storage counts padding and headers too.
  if (need * 1.1 > free) throw new DownloadError('no_space', { need, free });
}

/** Asks the browser not to evict the course when space runs low; true if granted. */
export async function askPersist(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}

/**
 * Hashes other downloaded courses use, including the files of an update they have under
 * way (kept when this course is removed or updated).
 */
async function hashesInUse(db: ParqueDb, exceptCourseId: string): Promise<Set<string>> {
  const used = new Set<string>();
  for (const d of await db.downloads.toArray()) {
    if (d.courseId === exceptCourseId) continue;
    const m = await db.manifests.get(d.courseId);
    for (const a of m?.assets ?? []) used.add(a.hash);
    for (const h of d.pending ?? []) used.add(h);
  }
  return used;
}

/**
 * Downloads (or updates, or resumes) a course for offline use. Rejects with a
 * DownloadError; whatever finished stays, so the next call fetches only the rest.
 */
export async function downloadCourse(
  db: ParqueDb,
  courseId: string,
  { fetchFn = fetch, signal, onProgress }: DownloadOptions = {}
): Promise<CourseManifest> {
  const manifest = await fetchManifest(courseId, fetchFn);
  const previous = await db.manifests.get(courseId);
  const have = await cachedHashes(manifest.assets.map((a) => a.hash));
  const missing = manifest.assets.filter((a) => !have.has(a.hash));
  const need = missing.reduce((n, a) => n + a.size, 0);
  await checkSpace(need);
  await askPersist().catch(() => false);

  let bytesDone = manifest.size - need;
  for (const a of missing) {
    // fetchAsset resumes only a partial shorter than the file; count what it will use.
    const kept = (await db.partials.get(a.hash))?.data.byteLength ?? 0;
    if (kept < a.size) bytesDone += kept;
  }
  const bytesTotal = manifest.size;
  const report = () => onProgress?.({ bytesDone, bytesTotal });
  await db.transaction('rw', db.manifests, db.downloads, async () => {
    // The new manifest is only kept once its files are here; until then the old one reads.
    if (!previous) await db.manifests.put(manifest);
    const updating = previous !== undefined && previous.version !== manifest.version;
    await db.downloads.put({
      courseId,
      version: updating ? previous.version : manifest.version,
      // Until the update completes its files belong to no manifest on the device: named
      // here, so removing the course (or another's update) knows about them.
      pending: updating ? manifest.assets.map((a) => a.hash) : undefined,
      status: 'downloading',
      bytesDone,
      bytesTotal,
      updatedAt: new Date().toISOString()
    });
  });
  report();

  const queue = [...missing];
  let lastSave = 0;
  const onBytes = (n: number) => {
    bytesDone += n;
    report();
    const now = Date.now();
    if (now - lastSave > 500) {
      lastSave = now;
      void db.downloads.update(courseId, { bytesDone, updatedAt: new Date(now).toISOString() });
    }
  };
  // The first failure stops the other worker too: nothing moves after the caller is told.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let failure: unknown;
  const worker = async () => {
    for (let a = queue.shift(); a && failure === undefined; a = queue.shift()) {
      try {
        await fetchAsset(db, a, fetchFn, stop.signal, onBytes);
      } catch (e) {
        failure ??= e;
        stop.abort();
      }
    }
  };
  await Promise.allSettled(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  signal?.removeEventListener('abort', onAbort);
  if (failure !== undefined) {
    await db.downloads.update(courseId, {
      status: 'paused',
      bytesDone,
      updatedAt: new Date().toISOString()
    });
    throw failure;
  }

  const pendingBefore = (await db.downloads.get(courseId))?.pending ?? [];
  const wanted = new Set(manifest.assets.map((a) => a.hash));
  const stale = [...(previous?.assets.map((a) => a.hash) ?? []), ...pendingBefore].filter(
    (h) => !wanted.has(h)
  );
  await db.transaction('rw', db.manifests, db.downloads, async () => {
    await db.manifests.put(manifest);
    await db.downloads.put({
      courseId,
      version: manifest.version,
      status: 'complete',
      bytesDone: bytesTotal,
      bytesTotal,
      updatedAt: new Date().toISOString()
    });
  });
  if (stale.length) {
    const keep = await hashesInUse(db, courseId);
    const cache = await caches.open(CONTENT_CACHE);
    for (const h of stale) if (!keep.has(h)) await cache.delete(contentUrl(h));
  }
  report();
  return manifest;
}

/** Removes a course's offline copy; files another downloaded course uses stay. */
export async function removeDownload(db: ParqueDb, courseId: string): Promise<void> {
  const manifest = await db.manifests.get(courseId);
  const pending = (await db.downloads.get(courseId))?.pending ?? [];
  const keep = await hashesInUse(db, courseId);
  const cache = await caches.open(CONTENT_CACHE);
  for (const h of new Set([...(manifest?.assets.map((a) => a.hash) ?? []), ...pending])) {
    if (!keep.has(h)) await cache.delete(contentUrl(h));
    await db.partials.delete(h);
  }
  await db.downloads.delete(courseId);
}

/** Refreshes the course list from the server (the device keeps the last list it saw). */
export async function refreshCourses(db: ParqueDb, fetchFn: typeof fetch = fetch): Promise<void> {
  // The courses offered in the park this device chose (a kiosk's is its enrolment's anyway).
  const park = await getMeta<string>(db, META.branchId);
  const query = park ? `?park=${encodeURIComponent(park)}` : '';
  const res = await fetchFn(`/api/courses${query}`, { cache: 'no-store' });
  if (!res.ok) throw new DownloadError('server');
  const list = (await res.json()) as CourseSummary[];
  await db.transaction('rw', db.courses, async () => {
    const ids = new Set(list.map((c) => c.id));
    for (const old of await db.courses.toArray())
      if (!ids.has(old.id)) await db.courses.delete(old.id);
    await db.courses.bulkPut(list);
  });
}
