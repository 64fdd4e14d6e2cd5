import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    paraglideVitePlugin({
      project: './project.inlang',
      outdir: './src/lib/paraglide',
      // A kiosk is shared: the language a visitor picks lives in localStorage and the
      // idle reset puts it back to Spanish. The browser's own language is not asked.
      strategy: ['localStorage', 'baseLocale'],
      // Lets the bundler drop the runtime's server-only branches from the browser code.
      isServer: 'import.meta.env.SSR',
      emitGitIgnore: false,
      emitPrettierIgnore: false
    }),
    sveltekit(),
    SvelteKitPWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'service-worker.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Parque — talleres y cursos de la biblioteca',
        short_name: 'Parque',
        description: 'Talleres gratuitos y cursos de los parques biblioteca, también sin conexión.',
        lang: 'es-CO',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0b6e4f',
        background_color: '#fbfaf5',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable'
          }
        ]
      },
      injectManifest: {
        globPatterns: ['client/**/*.{js,css,svg,webmanifest}', 'prerendered/**/*.html'],
        // Every app chunk is far below this; the only larger file is the QR decoder used when
        // a browser lacks BarcodeDetector (130 KB), fetched on first use and then cached
        // by the worker. The offline e2e tests would fail if an app chunk were left out.
        maximumFileSizeToCacheInBytes: 120 * 1024
      },
      kit: {}
    })
  ]
});
