/**
 * The security headers every response carries, in one place for the two servers that send
 * responses: hooks.server.ts (pages and APIs, through http-guard.ts) and scripts/serve.js
 * (the prerendered shell and static files, which adapter-node answers before any hook
 * runs). Plain JavaScript with no imports, so that scripts/serve.js can load it as is.
 */

/** Framing is never allowed; `<meta>` CSP cannot say this, so it must be a header. */
export const FRAME_ANCESTORS = "frame-ancestors 'none'";

/** For responses that are data, not documents (JSON APIs): nothing may load from them. */
export const DATA_CSP = `default-src 'none'; ${FRAME_ANCESTORS}`;

/**
 * The headers that do not depend on the page, as [name, value] pairs.
 * @param {{ https: boolean }} opts whether the request reached us over HTTPS
 * @returns {[string, string][]}
 */
export function securityHeaderList({ https }) {
  /** @type {[string, string][]} */
  const list = [
    ['x-content-type-options', 'nosniff'],
    // same-origin, not no-referrer: a form posted without JavaScript under no-referrer
    // carries `Origin: null` and fails SvelteKit's CSRF check; other sites still get nothing.
    ['referrer-policy', 'same-origin'],
    ['x-frame-options', 'DENY'],
    // The camera is for scanning tickets at check-in; nothing else is needed.
    ['permissions-policy', 'camera=(self), microphone=(), geolocation=(), payment=()'],
    ['cross-origin-opener-policy', 'same-origin']
  ];
  // Browsers ignore HSTS over plain HTTP; sending it only over HTTPS keeps that honest.
  if (https) list.push(['strict-transport-security', 'max-age=31536000; includeSubDomains']);
  return list;
}

/**
 * The CSP for a response that has none of its own (SvelteKit sets one on every page it
 * renders): JSON gets DATA_CSP; anything else (course files, scripts, the service worker)
 * gets only FRAME_ANCESTORS, so a PDF or picture opened on its own still displays and the
 * service worker keeps its network access.
 * @param {string | null | undefined} contentType
 */
export function fallbackCsp(contentType) {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json') ? DATA_CSP : FRAME_ANCESTORS;
}

/**
 * The CSP header for a prerendered page, from the `<meta http-equiv>` policy SvelteKit wrote
 * into it (with the hashes of its inline scripts) plus FRAME_ANCESTORS, which a meta policy
 * cannot carry. Null if the page has no such meta tag.
 * @param {string} html
 */
export function cspFromPrerenderedHtml(html) {
  const tag = /<meta\s+http-equiv="content-security-policy"\s+content="([^"]*)"\s*\/?>/i.exec(html);
  if (!tag?.[1]) return null;
  const policy = tag[1]
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .trim()
    .replace(/;$/, '');
  return /(^|;)\s*frame-ancestors\s/i.test(policy) ? policy : `${policy}; ${FRAME_ANCESTORS}`;
}
