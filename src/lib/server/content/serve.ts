/**
 * GET /api/content/<hash>: immutable bytes by their SHA-256, with ETag / 304 and byte
 * ranges (206), so a phone can resume a large file where the connection dropped.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { isContentHash } from '../../domain/course';
import type { Db } from '../db/index';
import { jsonError } from '../http';
import type { ContentStore } from './store';

/** Whole files up to this size are checked against their name (once) before they are sent. */
const VERIFY_MAX_BYTES = 4 * 1024 * 1024;

const IMMUTABLE = 'public, max-age=31536000, immutable';

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/** One range from a Range header (null: ignore the header and send everything). */
export function parseRange(header: string | null, size: number): ByteRange {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export async function serveContent(
  db: Db,
  store: ContentStore,
  hash: string,
  headers: Headers
): Promise<Response> {
  if (!isContentHash(hash)) {
    return jsonError(404, 'not_found', 'content is named by a SHA-256 hash in lowercase hex');
  }
  const row = await db
    .selectFrom('content_assets')
    .select(['type'])
    .where('hash', '=', hash)
    .executeTakeFirst();
  const size = row ? store.sizeOf(hash) : null;
  if (!row || size === null) return jsonError(404, 'not_found', 'no content with this hash');

  const etag = `"${hash}"`;
  const common: Record<string, string> = {
    'cache-control': IMMUTABLE,
    etag,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    // Lesson pages and pictures are shown inside the app; opened on their own nothing runs.
    'content-security-policy':
      "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
    'cross-origin-resource-policy': 'same-origin'
  };
  if (matches(headers.get('if-none-match'), etag)) {
    return new Response(null, { status: 304, headers: common });
  }
  const ifRange = headers.get('if-range');
  const range = ifRange && ifRange !== etag ? null : parseRange(headers.get('range'), size);
  if (range === 'unsatisfiable') {
    return new Response(null, {
      status: 416,
      headers: { ...common, 'content-range': `bytes */${size}` }
    });
  }
  const type = row.type;
  if (range) {
    const stream = createReadStream(store.pathOf(hash), { start: range.start, end: range.end });
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 206,
      headers: {
        ...common,
        'content-type': type,
        'content-length': String(range.end - range.start + 1),
        'content-range': `bytes ${range.start}-${range.end}/${size}`
      }
    });
  }
  if (size <= VERIFY_MAX_BYTES) {
    const bytes = await store.readVerified(hash);
    if (!bytes) {
      // A damaged file is never served under a name it no longer matches.
      console.error(`content ${hash} on disk does not match its hash`);
      return jsonError(500, 'corrupt', 'the stored file is damaged; re-import the course');
    }
    return new Response(new Uint8Array(bytes), {
      headers: { ...common, 'content-type': type, 'content-length': String(size) }
    });
  }
  const stream = createReadStream(store.pathOf(hash));
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: { ...common, 'content-type': type, 'content-length': String(size) }
  });
}
