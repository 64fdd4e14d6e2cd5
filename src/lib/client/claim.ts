/**
 * Takes a ticket made at a kiosk home to this phone (issue 8): the server makes the
 * registration one of this device's own, and the next pull brings it here.
 */
import { normaliseTicketCode } from '../domain/registration';
import { withCredential } from './credential';
import type { ParqueDb } from './db';

export type ClaimProblem = 'bad_code' | 'not_found' | 'too_many' | 'offline';

export class ClaimFailed extends Error {
  constructor(readonly problem: ClaimProblem) {
    super(problem);
  }
}

export async function claimTicket(
  db: ParqueDb,
  input: string,
  fetchFn: typeof fetch = fetch
): Promise<{ registrationId: string; branchId: string }> {
  const code = normaliseTicketCode(input);
  if (!code) throw new ClaimFailed('bad_code');
  let res: Response;
  try {
    res = await withCredential(db, fetchFn)('/api/tickets/claim', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store'
    });
  } catch {
    throw new ClaimFailed('offline');
  }
  if (res.status === 404) throw new ClaimFailed('not_found');
  if (res.status === 429) throw new ClaimFailed('too_many');
  if (!res.ok) throw new ClaimFailed(res.status === 400 ? 'bad_code' : 'offline');
  return (await res.json()) as { registrationId: string; branchId: string };
}
