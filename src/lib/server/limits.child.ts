/**
 * One of the two app processes in limits.processes.test.ts: opens the limits on the
 * database it is given, says "ready", then for each "go" on stdin consumes once and says
 * "ok" or "refused"; on "done" prints how many were allowed. The parent sends "go" to both
 * processes at once and waits for both answers, so every step is a real race between
 * two connections, however loaded the machine (a free-running loop could finish before
 * the other process started). Run with `node --import tsx`.
 */
import { createInterface } from 'node:readline';
import { createLimitStore, type LimitKind } from './limits';

interface ChildArgs {
  sqlitePath?: string;
  databaseUrl?: string;
  schema?: string;
  kind: LimitKind;
  key: string;
}

const args = JSON.parse(process.env.PARQUE_LIMITS_CHILD ?? '{}') as ChildArgs;
const store = createLimitStore(
  { sqlitePath: args.sqlitePath ?? '', databaseUrl: args.databaseUrl },
  { schema: args.schema }
);
await store.ready;
const lines = createInterface({ input: process.stdin });
console.log('ready');
let allowed = 0;
let refused = 0;
for await (const line of lines) {
  if (line === 'done') break;
  if (line !== 'go') continue;
  const r = await store.consume(args.kind, args.key);
  if (r.ok) allowed++;
  else refused++;
  console.log(r.ok ? 'ok' : 'refused');
}
console.log(JSON.stringify({ allowed, refused }));
lines.close();
await store.close();
