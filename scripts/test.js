#!/usr/bin/env node
// `npm test`: every gate, in order, stopping at the first failure:
// Chromium present → types (svelte-check) → lint (Prettier + ESLint) → unit (Vitest)
// → production build → end to end (Playwright on the system Chromium).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const started = Date.now();

function run(label, cmd, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✖ ${label} failed after ${secs} s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${label} (${secs} s)`);
}

function ensureChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((c) => c && existsSync(c));
  if (found) return found;
  if (process.env.CHROMIUM_PATH) {
    console.error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but nothing is there.`);
    process.exit(1);
  }
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium is missing: installing Debian\'s "chromium" package…');
    run('apt-get update', 'apt-get', ['update', '-qq']);
    run('install chromium', 'apt-get', ['install', '-y', '-qq', 'chromium'], {
      DEBIAN_FRONTEND: 'noninteractive'
    });
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.error(
    'The end-to-end tests need Chromium. Install it (Debian: `sudo apt-get install chromium`) ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary, then run `npm test` again.'
  );
  process.exit(1);
}

const chromium = ensureChromium();
console.log(`Using Chromium at ${chromium}`);
const env = { CHROMIUM_PATH: chromium };

run('types', 'npm', ['run', '--silent', 'check']);
run('lint', 'npm', ['run', '--silent', 'lint']);
run('unit tests', 'npx', ['vitest', 'run'], env);
run('production build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
run('end-to-end tests', 'npx', ['playwright', 'test'], env);

console.log(`\nAll gates passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
