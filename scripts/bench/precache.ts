/**
 * What the service worker precaches: the manifest workbox injected into
 * build/client/service-worker.js, with each entry's size on disk, raw and gzipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PrecacheEntry {
  url: string;
  file: string | null;
  bytes: number;
  gzBytes: number;
}

export interface Precache {
  entries: PrecacheEntry[];
  bytes: number;
  gzBytes: number;
  missing: string[];
}

/** `{"revision":…,"url":"…"}` objects (either key order, quoted or bare keys). */
export function manifestUrls(source: string): string[] {
  const urls: string[] = [];
  for (const m of source.matchAll(/\{[^{}]*\}/g)) {
    const obj = m[0];
    if (!/\brevision"?\s*:/.test(obj)) continue;
    const url = /\burl"?\s*:\s*(["'`])(.*?)\1/.exec(obj)?.[2];
    if (url !== undefined) urls.push(url);
  }
  return urls;
}

/** Where a precache URL lives in the build: client assets, or a prerendered page. */
function fileFor(buildDir: string, url: string): string | null {
  const path = url.replace(/[?#].*$/, '').replace(/^\/+/, '');
  const candidates =
    path === ''
      ? [join(buildDir, 'prerendered', 'index.html')]
      : [
          join(buildDir, 'client', path),
          join(buildDir, 'prerendered', path),
          join(buildDir, 'prerendered', `${path}.html`),
          join(buildDir, 'prerendered', path, 'index.html')
        ];
  return candidates.find((c) => existsSync(c)) ?? null;
}

export function measurePrecache(buildDir = 'build'): Precache {
  const sw = readFileSync(join(buildDir, 'client', 'service-worker.js'), 'utf8');
  const urls = manifestUrls(sw);
  if (urls.length === 0) throw new Error('no precache manifest found in service-worker.js');
  const entries: PrecacheEntry[] = [];
  const missing: string[] = [];
  for (const url of urls) {
    const file = fileFor(buildDir, url);
    if (!file) {
      missing.push(url);
      entries.push({ url, file: null, bytes: 0, gzBytes: 0 });
      continue;
    }
    const body = readFileSync(file);
    entries.push({ url, file, bytes: body.length, gzBytes: gzipSync(body, { level: 9 }).length });
  }
  return {
    entries: entries.sort((a, b) => b.bytes - a.bytes),
    bytes: entries.reduce((n, e) => n + e.bytes, 0),
    gzBytes: entries.reduce((n, e) => n + e.gzBytes, 0),
    missing
  };
}
