import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// Unit tests need Svelte's compiler (for .svelte.ts runes) and the $lib alias, not the
// PWA or i18n build plugins (i18n is compiled by `npm run i18n` before tests run).
export default defineConfig({
  plugins: [sveltekit()],
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    expect: { requireAssertions: true },
    testTimeout: 60_000
  }
});
