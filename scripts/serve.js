#!/usr/bin/env node
// Serves the production build like `node build`, plus the security headers (DESIGN §9) on
// every response. adapter-node answers the prerendered app shell `/` and the static files
// itself, before hooks.server.ts runs, so without this they would carry no headers at all;
// and a CSP in a <meta> tag cannot forbid framing. Here the shell gets a CSP header equal to
// the policy SvelteKit wrote into its <meta> (with its script hashes) plus
// `frame-ancestors 'none'`, and the same fixed headers as every rendered page
// (security-headers.js is shared with the hook). The service worker caches the shell with
// these headers, so pages it answers offline carry them too.
//
// Honours adapter-node's environment (and an envPrefix set at build time): PORT, HOST,
// SOCKET_PATH, ORIGIN, PROTOCOL_HEADER, HOST_HEADER, PORT_HEADER, ADDRESS_HEADER, XFF_DEPTH,
// BODY_SIZE_LIMIT, SHUTDOWN_TIMEOUT, KEEP_ALIVE_TIMEOUT, HEADERS_TIMEOUT. Not systemd socket
// activation (LISTEN_PID/LISTEN_FDS): use `node build` for that.
import http from 'node:http';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  cspFromPrerenderedHtml,
  FRAME_ANCESTORS,
  securityHeaderList
} from '../src/lib/server/security-headers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const buildDir = resolve(root, process.env.PARQUE_BUILD_DIR || 'build');
if (!existsSync(join(buildDir, 'handler.js'))) {
  console.error(`No build in ${buildDir}: run \`npx vite build\` first.`);
  process.exit(1);
}

const {
  env,
  env_prefix: prefix,
  timeout_env
} = await import(pathToFileURL(join(buildDir, 'env.js')).href);
// adapter-node refuses bodies over 512 KB unless told otherwise; the course upload may be
// 100 MB (COURSE_LIMITS.courseBytes). Each route's own limit is kept by http-guard.ts.
if (env('BODY_SIZE_LIMIT') === undefined) process.env[`${prefix}BODY_SIZE_LIMIT`] = '100M';
const { handler } = await import(pathToFileURL(join(buildDir, 'handler.js')).href);

/** URL path → the CSP header of that prerendered page. */
const pageCsp = new Map();
const prerendered = join(buildDir, 'prerendered');
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.html')) {
      const csp = cspFromPrerenderedHtml(readFileSync(full, 'utf8')) ?? FRAME_ANCESTORS;
      const rel = relative(prerendered, full).split(sep).join('/');
      if (rel === 'index.html') pageCsp.set('/', csp);
      else if (rel.endsWith('/index.html')) {
        const path = `/${rel.slice(0, -'index.html'.length)}`;
        pageCsp.set(path, csp).set(path.slice(0, -1), csp);
      } else pageCsp.set(`/${rel.slice(0, -'.html'.length)}`, csp);
    }
  }
};
if (existsSync(prerendered)) walk(prerendered);

const origin = env('ORIGIN');
const protocolHeader = String(env('PROTOCOL_HEADER', '')).toLowerCase();

/** HTTPS as adapter-node decides it (ORIGIN, else PROTOCOL_HEADER, else it assumes https). */
function isHttps(req) {
  if (origin) return new URL(origin).protocol === 'https:';
  const value = protocolHeader ? req.headers[protocolHeader] : undefined;
  return (Array.isArray(value) ? value[0] : value || 'https') === 'https';
}

function pathnameOf(req) {
  try {
    return decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return '';
  }
}

const server = http.createServer((req, res) => {
  // Set before the build answers: static responses keep these, and SvelteKit's own
  // responses (pages, APIs) replace each with the value hooks.server.ts gave it.
  for (const [name, value] of securityHeaderList({ https: isHttps(req) })) {
    res.setHeader(name, value);
  }
  res.setHeader('content-security-policy', pageCsp.get(pathnameOf(req)) ?? FRAME_ANCESTORS);
  handler(req, res, () => {
    res.statusCode = 404;
    res.end('Not found');
  });
});

const keepAlive = timeout_env('KEEP_ALIVE_TIMEOUT');
if (keepAlive !== undefined) server.keepAliveTimeout = keepAlive * 1000;
const headersTimeout = timeout_env('HEADERS_TIMEOUT');
if (headersTimeout !== undefined) server.headersTimeout = headersTimeout * 1000;

const socketPath = env('SOCKET_PATH', false);
const host = env('HOST', '0.0.0.0');
const port = env('PORT', !socketPath && '3000');
if (socketPath && existsSync(socketPath) && statSync(socketPath).size === 0) {
  rmSync(socketPath);
}
server.listen(socketPath ? { path: socketPath } : { host, port: Number(port) }, () => {
  const address = server.address();
  const where =
    typeof address === 'string'
      ? address
      : `http://${host === '0.0.0.0' ? 'localhost' : host}:${address?.port}`;
  console.log(`Listening on ${where}`);
});

let shuttingDown = false;
/** Like adapter-node: finish the requests in flight, then emit `sveltekit:shutdown`. */
function shutdown(reason) {
  if (shuttingDown) return;
  shuttingDown = true;
  server.closeIdleConnections();
  server.close((error) => {
    if (error) return;
    process.emit('sveltekit:shutdown', reason);
  });
  const grace = parseInt(env('SHUTDOWN_TIMEOUT', '30'), 10);
  setTimeout(() => server.closeAllConnections(), grace * 1000).unref();
}
server.on('request', (req) => {
  req.on('close', () => {
    if (shuttingDown) server.closeIdleConnections();
  });
});
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
