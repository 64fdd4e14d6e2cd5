import { defineConfig, devices } from '@playwright/test';
import { chromiumPath, CHROMIUM_ARGS } from './scripts/chromium';
// First: PARQUE_E2E_NOW shifts this process's clock and hands the offset to the others.
import './scripts/e2e-clock.js';

// PARQUE_E2E_PORT lets a second run go on beside this one, in this checkout or another:
// each port has its own database, content folder and results folder (the workers read
// the database path from the environment set here).
const PORT = Number(process.env.PARQUE_E2E_PORT ?? 4173);
const RUN = PORT === 4173 ? '' : `-${PORT}`;
process.env.PARQUE_DB_PATH = `data/e2e${RUN}.db`;
process.env.PARQUE_CONTENT_DIR = `data/e2e${RUN}-content`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: `test-results${RUN}`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    locale: 'es-CO',
    timezoneId: 'America/Bogota',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS }
  },
  projects: [
    { name: 'kiosk', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 900 } } }
  ],
  webServer: {
    // The production build (made by `npm test` before this runs) on a fresh test database.
    command: 'node scripts/e2e-server.js',
    url: `http://localhost:${PORT}/api/branches`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(PORT),
      PARQUE_DB_PATH: process.env.PARQUE_DB_PATH,
      PARQUE_CONTENT_DIR: process.env.PARQUE_CONTENT_DIR,
      ORIGIN: `http://localhost:${PORT}`,
      // The demo librarian's and admin's password in the test database only (never printed,
      // ignored with NODE_ENV=production).
      PARQUE_DEMO_PASSWORD: 'demo-password-e2e'
    }
  }
});
