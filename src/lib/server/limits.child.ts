/**
 * One of the two app processes in limits.processes.test.ts: opens the limits on the
 * database it is given, says "ready", waits for "go" on stdin, then consumes `attempts`
 * times and prints how many were allowed. Run with `node --import tsx`.
 */
import { createInterface } from 'node:readline';
import { createLimitStore, type LimitKind } from './limits';

interface ChildArgs {
  sqlitePath?: string;
  databaseUrl?: string;
  schema?: string;
  kind: LimitKind;
  key: string;
  attempts: number;
}

const args = JSON.parse(process.env.PARQUE_LIMITS_CHILD ?? '{}') as ChildArgs;
const store = createLimitStore(
  { sqlitePath: args.sqlitePath ?? '', databaseUrl: args.databaseUrl },
  { schema: args.schema }
);
await store.ready;
const lines = createInterface({ input: process.stdin });
console.log('ready');
for await (const line of lines) if (line === 'go') break;
let allowed = 0;
let refused = 0;
for (let i = 0; i < args.attempts; i++) {
  const r = await store.consume(args.kind, args.key);
  if (r.ok) allowed++;
  else refused++;
}
console.log(JSON.stringify({ allowed, refused }));
lines.close();
await store.close();
