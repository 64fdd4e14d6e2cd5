// The home page doubles as the app shell: prerendered empty (ssr is off), precached by the
// service worker and served for every navigation while offline.
export const prerender = true;
