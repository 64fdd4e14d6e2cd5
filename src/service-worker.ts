/// <reference lib="WebWorker" />
/// <reference types="vite/client" />
/**
 * Precaches the app shell and every built asset, and answers each navigation (except the
 * API) with the shell, so any page reloads offline and renders from IndexedDB.
 * A new version waits until the visitor accepts the update prompt (SKIP_WAITING).
 * Downloaded course files are answered from their own cache (see below).
 */
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute
} from 'workbox-precaching';
import { clientsClaim } from 'workbox-core';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { createPartialResponse } from 'workbox-range-requests';
import { CONTENT_CACHE, DOWNLOAD_HEADER } from '$lib/client/content/names';

declare let self: ServiceWorkerGlobalScope;

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Take control of open pages when activated: on first install there is nothing to
// replace, and an update only activates after the visitor accepted it (then we reload).
clientsClaim();

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Built files not in the precache (the QR decoder fallback) are immutable: keep each after
// its first use.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith('/_app/immutable/'),
  new CacheFirst({ cacheName: 'immutable-on-demand' })
);

// Course files the learner downloaded (client/content/download.ts puts them in this cache):
// lessons, pictures and audio come from here offline, with byte ranges for <audio>.
// Downloads themselves carry DOWNLOAD_HEADER and go straight to the network.
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    url.pathname.startsWith('/api/content/') &&
    !request.headers.has(DOWNLOAD_HEADER),
  async ({ request }) => {
    const cache = await caches.open(CONTENT_CACHE);
    const cached = await cache.match(request.url);
    if (!cached) return fetch(request);
    return request.headers.has('range') ? createPartialResponse(request, cached) : cached;
  }
);

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/'), {
    denylist: [/^\/api\//, /^\/staff(\/|$)/]
  })
);
