/**
 * Runs a mutator on the device: the optimistic change and its outbox entry are written in
 * one Dexie transaction, with the next gap-free number and a fresh HLC stamp, so a closed
 * tab or a crash loses nothing and invents nothing (DESIGN §4).
 */
import { decodeHlc, encodeHlc, receive, tick, type Hlc } from '../domain/hlc';
import type { Mutation, MutatorArgs, MutatorName } from '../domain/mutation';
import { getMeta, META, type ParqueDb } from './db';
import { clientIdOf } from './identity';
import { clientMutators, prepareArgs } from './mutators';
import { mutated } from './sync/notify';

/** The tables a mutator may touch, locked together with the outbox. */
export function mutationTables(db: ParqueDb) {
  return [
    db.meta,
    db.outbox,
    db.registrations,
    db.sessions,
    db.workshops,
    db.leases,
    db.roster,
    db.progress,
    db.attempts,
    db.manifests
  ];
}

async function nextStamp(db: ParqueDb, clientId: string, now: number): Promise<string> {
  const saved = await getMeta<string>(db, META.hlc);
  const prev: Hlc = saved ? decodeHlc(saved) : { wall: 0, counter: 0, node: clientId };
  const stamp = encodeHlc(tick(prev, now));
  await db.meta.put({ key: META.hlc, value: stamp });
  return stamp;
}

/** Folds the server's time into the clock, so a slow device's stamps catch up. */
export async function observeServerTime(db: ParqueDb, serverTime: string): Promise<void> {
  const saved = await getMeta<string>(db, META.hlc);
  if (!saved) return;
  const wall = Date.parse(serverTime);
  if (Number.isNaN(wall)) return;
  const next = receive(decodeHlc(saved), { wall, counter: 0, node: 'server' }, Date.now());
  await db.meta.put({ key: META.hlc, value: encodeHlc(next) });
}

export async function mutate<N extends MutatorName>(
  db: ParqueDb,
  name: N,
  args: MutatorArgs<N>,
  now: () => number = Date.now
): Promise<Mutation> {
  const mutation = await db.transaction('rw', mutationTables(db), async () => {
    const clientId = await clientIdOf(db);
    const at = await nextStamp(db, clientId, now());
    const id = (await getMeta<number>(db, META.nextMutationId)) ?? 1;
    await db.meta.put({ key: META.nextMutationId, value: id + 1 });
    const prepare = prepareArgs[name] as
      ((d: ParqueDb, a: MutatorArgs<N>, n: Date) => Promise<MutatorArgs<N>>) | undefined;
    const final = prepare ? await prepare(db, args, new Date(now())) : args;
    const mutation: Mutation = { id, name, args: final, at };
    await clientMutators[name](db, final as never, at);
    await db.outbox.add(mutation);
    return mutation;
  });
  mutated();
  return mutation;
}
