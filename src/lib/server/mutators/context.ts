/** What a server mutator gets: the open write transaction and who is asking. */
import type { Tx } from '../db/index';
import type { AuditKind } from '../auth/audit';

/**
 * Who sent the change: an enrolled device through the push (a desk working offline), or a
 * signed-in member of staff through the console (applied on the server at once). The
 * audit log records both.
 */
export interface Actor {
  deviceId: string | null;
  staffId: string | null;
}

export interface MutationContext {
  trx: Tx;
  /** The version this transaction writes (every row it touches carries it). */
  version: number;
  clientId: string;
  branchId: string;
  /** The mutation's HLC stamp, clamped to the server's clock. */
  stamp: string;
  now: Date;
  /** Absent in protocol tests that call the push with no credential. */
  actor?: Actor;
}

/**
 * What a staff mutator changed, for the append-only audit log (issue 9 §9): which row, and
 * the fields before and after. Never a visitor's name or contact.
 */
export interface EditRecord {
  kind: AuditKind;
  subject: string;
  detail?: Record<string, string | number | boolean | null>;
}

/** A refusal that will never succeed: recorded as rejected, and the device moves on. */
export class MutationRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
