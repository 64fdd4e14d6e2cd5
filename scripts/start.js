#!/usr/bin/env node
// `npm start`: build the app, seed an empty database with the demo catalogue, serve it.
import { spawnSync, spawn } from 'node:child_process';

const env = { ...process.env };
env.PORT ??= '3000';
// Without ORIGIN, adapter-node assumes HTTPS behind a proxy: same-origin form posts over
// plain http://localhost would be refused. Set ORIGIN to the public URL in production.
env.ORIGIN ??= `http://localhost:${env.PORT}`;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['tsx', 'scripts/seed.ts']);
console.log(`\nParque is running at http://localhost:${env.PORT}/ (Ctrl+C to stop)\n`);
// scripts/serve.js wraps the build so the prerendered shell gets the same security
// headers as every other response (docs/SECURITY.md).
const server = spawn('node', ['scripts/serve.js'], { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
