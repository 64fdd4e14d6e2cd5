// Every page renders in the browser from IndexedDB (DESIGN §3): the server sends only the
// shell, which the service worker keeps for offline use.
export const ssr = false;
