/// <reference lib="WebWorker" />
/// <reference types="vite/client" />
/**
 * Precaches the app shell and every built asset, and answers each navigation (except the
 * API) with the shell, so any page reloads offline and renders from IndexedDB.
 * A new version waits until the visitor accepts the update prompt (SKIP_WAITING).
 */
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare let self: ServiceWorkerGlobalScope;

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/'), {
    denylist: [/^\/api\//]
  })
);
