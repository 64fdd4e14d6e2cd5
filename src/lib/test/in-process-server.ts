/**
 * fetch() answered in process by the real server code over a real SQLite file: lets
 * unit tests run a device (Dexie on fake-indexeddb) against the actual push and pull.
 * `drop` loses the response after the server has committed, as a flaky network does.
 * Requests pass the same credential check and policy table as the app's hooks do.
 */
import * as v from 'valibot';
import { DEFAULT_LEASE_POLICY, type LeasePolicy } from '../domain/lease';
import { PushRequestSchema } from '../domain/mutation';
import {
  authenticateDevice,
  isCredentialProblem,
  issuePhoneCredential,
  enrolDevice,
  EnrolmentError
} from '../server/auth/devices';
import { decide } from '../server/auth/policy';
import type { Caller } from '../server/auth/types';
import { grantLeases, releaseLeases, renewLeases } from '../server/leases';
import type { Db } from '../server/db/index';
import { pull, PullError } from '../server/sync/pull';
import { push, PushError } from '../server/sync/push';

export interface InProcessServer {
  fetch: typeof fetch;
  requests: string[];
  /** When true, every request fails as if the network were down. */
  offline: boolean;
  /** When true, the server does the work but the response never arrives. */
  dropResponses: boolean;
  now: () => Date;
  leasePolicy: LeasePolicy;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export function inProcessServer(
  database: Db | (() => Db),
  now: () => Date = () => new Date()
): InProcessServer {
  // A getter lets a test restart the server (close and reopen the database) under devices.
  const current = typeof database === 'function' ? database : () => database;
  const server: InProcessServer = {
    requests: [],
    offline: false,
    dropResponses: false,
    now,
    leasePolicy: DEFAULT_LEASE_POLICY,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://parque.test');
      server.requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
      if (server.offline) throw new TypeError('Failed to fetch');
      let res: Response;
      try {
        const db = current();
        const method = init?.method ?? 'GET';
        const header = new Headers(init?.headers).get('authorization');
        const found = await authenticateDevice(db, header, server.now());
        const caller: Caller = isCredentialProblem(found)
          ? { device: null, staff: null, problem: found }
          : { device: found, staff: null, problem: null };
        const decision = decide(url.pathname, method, caller);
        const device = caller.device;
        if (!decision.ok) {
          res = json({ error: decision.code, message: decision.message }, decision.status);
        } else if (url.pathname === '/api/devices') {
          res = json(await issuePhoneCredential(db, server.now()), 201);
        } else if (url.pathname === '/api/devices/enrol') {
          const { code } = JSON.parse(String(init?.body)) as { code: string };
          try {
            res = json(await enrolDevice(db, code, { previous: device }, server.now()), 201);
          } catch (e) {
            if (!(e instanceof EnrolmentError)) throw e;
            res = json({ error: 'bad_code', message: e.message }, 400);
          }
        } else if (!device) {
          res = json({ error: 'unauthenticated' }, 401);
        } else if (url.pathname === '/api/sync/pull') {
          const q = url.searchParams;
          const branch = q.get('branch') ?? '';
          if ((q.get('client') ?? device.id) !== device.id) {
            res = json({ error: 'wrong_client' }, 403);
          } else if (device.branchId !== null && branch !== device.branchId) {
            res = json({ error: 'wrong_park' }, 403);
          } else {
            // As the route does: a kiosk's pull renews its seat leases before the read.
            if (device.kind === 'kiosk') {
              await renewLeases(db, device.id, server.now(), server.leasePolicy);
            }
            res = json(
              await pull(db, {
                branch,
                client: device.id,
                roster: device.kind !== 'phone' && device.branchId === branch,
                rosterDigest: q.get('rosterDigest') ?? undefined,
                now: server.now(),
                cursor: q.get('cursor') ?? undefined,
                limit: q.has('limit') ? Number(q.get('limit')) : undefined
              })
            );
          }
        } else if (url.pathname === '/api/sync/push') {
          const body = v.parse(PushRequestSchema, JSON.parse(String(init?.body)));
          res = json(await push(db, body, server.now, device));
        } else if (url.pathname === '/api/sync/leases') {
          const body = JSON.parse(String(init?.body)) as {
            clientId: string;
            branchId: string;
            release?: boolean;
          };
          if (body.clientId !== device.id || body.branchId !== device.branchId) {
            res = json({ error: 'forbidden' }, 403);
          } else if (body.release) {
            res = json({ granted: 0, returned: await releaseLeases(db, device.id, server.now()) });
          } else {
            const granted = await grantLeases(db, {
              clientId: device.id,
              branchId: body.branchId,
              now: server.now(),
              policy: server.leasePolicy
            });
            res = json({ granted });
          }
        } else {
          res = json({ error: 'not_found' }, 404);
        }
      } catch (e) {
        if (e instanceof PullError || e instanceof PushError) {
          const extra =
            e instanceof PushError ? { lastMutationId: e.lastMutationId, applied: e.applied } : {};
          res = json({ error: e.code, message: e.message, ...extra }, e.status);
        } else throw e;
      }
      if (server.dropResponses) throw new TypeError('Failed to fetch');
      return res;
    }) as typeof fetch
  };
  return server;
}
