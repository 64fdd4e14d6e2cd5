/**
 * A new deployment must not swap code under a visitor: the new service worker waits until
 * the visitor taps "Update now". This test deploys twice on its own port: version 1, then
 * version 2 (the same build with a changed service worker), as an operator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { chooseBranch, serviceWorkerReady, syncDone } from './fixtures';

// Two above the suite's port, so a second run (PARQUE_E2E_PORT) has its own.
const PORT = Number(process.env.PARQUE_E2E_PORT ?? 4173) + 2;
const ORIGIN = `http://localhost:${PORT}`;
// Inside the project so the copies resolve the project's node_modules.
const DIR = `data/e2e-deploys-${PORT}`;

function deploy(version: 'v1' | 'v2'): string {
  const dir = `${DIR}/${version}`;
  rmSync(dir, { recursive: true, force: true });
  cpSync('build', dir, { recursive: true });
  if (version === 'v2') {
    appendFileSync(`${dir}/client/service-worker.js`, '\n// version 2\n');
    // The precompressed copies belong to version 1.
    rmSync(`${dir}/client/service-worker.js.br`, { force: true });
    rmSync(`${dir}/client/service-worker.js.gz`, { force: true });
  }
  return dir;
}

async function start(dir: string): Promise<ChildProcess> {
  const server = spawn('node', [`${dir}/index.js`], {
    env: { ...process.env, PORT: String(PORT), PARQUE_DB_PATH: process.env.PARQUE_DB_PATH },
    stdio: 'ignore'
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${ORIGIN}/api/branches`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error('test server did not start');
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  await new Promise((r) => {
    server.once('exit', r);
    server.kill();
  });
}

test.use({ baseURL: ORIGIN });

test.afterAll(() => rmSync(DIR, { recursive: true, force: true }));

test('a new version waits for the visitor to accept it', async ({ page }) => {
  let server = await start(deploy('v1'));
  try {
    await chooseBranch(page);
    await syncDone(page);
    await serviceWorkerReady(page);
    await page.goto('/workshops');
    const search = page.getByLabel('Buscar talleres');
    await search.fill('lectura');

    await stop(server);
    server = await start(deploy('v2'));
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });

    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText('Hay una versión nueva de Parque.');
    // Nothing was swapped under the visitor: the search is still there, the new worker waits.
    await expect(search).toHaveValue('lectura');
    expect(
      await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)
    ).toBe(true);

    // Accepting activates the new worker and reloads into it.
    const reloaded = page.waitForEvent('load');
    await prompt.getByRole('button', { name: 'Actualizar ahora' }).click();
    await reloaded;
    await expect(search).toHaveValue('');
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return { waiting: !!registration?.waiting, active: registration?.active?.state };
    });
    expect(state).toEqual({ waiting: false, active: 'activated' });
  } finally {
    await stop(server);
  }
});
