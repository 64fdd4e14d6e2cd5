/** Names the page and the service worker share for downloaded course files. */
export const CONTENT_CACHE = 'parque-content';
/** Sent on download requests so the service worker lets them through to the network. */
export const DOWNLOAD_HEADER = 'x-parque-download';
