/** What a server mutator gets: the open write transaction and who is asking. */
import type { Tx } from '../db/index';

export interface MutationContext {
  trx: Tx;
  /** The version this transaction writes (every row it touches carries it). */
  version: number;
  clientId: string;
  branchId: string;
  /** The mutation's HLC stamp, clamped to the server's clock. */
  stamp: string;
  now: Date;
}

/** A refusal that will never succeed: recorded as rejected, and the device moves on. */
export class MutationRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
