import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter(),
    // The service worker answers every navigation with the prerendered shell at `/`,
    // so asset URLs must be absolute: a relative `./_app/…` would break on `/workshops/x`.
    paths: { relative: false },
    // vite-pwa builds and registers our own worker (src/service-worker.ts, injectManifest).
    serviceWorker: { register: false },
    typescript: {
      // Type-check the command-line tools and test configs too.
      config(tsconfig) {
        tsconfig.include.push(
          '../scripts/**/*.ts',
          '../vitest.config.ts',
          '../playwright.config.ts'
        );
      }
    },
    // Pages rendered per request get this as a header. The prerendered shell gets it as a
    // <meta> tag, which cannot carry frame-ancestors: scripts/serve.js adds the header there
    // (and DESIGN §9 wants framing refused everywhere).
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'connect-src': ['self'],
        'manifest-src': ['self'],
        'worker-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none']
      }
    }
  }
};

export default config;
