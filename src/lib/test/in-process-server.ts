/**
 * fetch() answered in process by the real server code over a real SQLite file: lets
 * unit tests run a device (Dexie on fake-indexeddb) against the actual push and pull.
 * `drop` loses the response after the server has committed, as a flaky network does.
 */
import * as v from 'valibot';
import { DEFAULT_LEASE_POLICY, type LeasePolicy } from '../domain/lease';
import { PushRequestSchema } from '../domain/mutation';
import { grantLeases } from '../server/leases';
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
        if (url.pathname === '/api/sync/pull') {
          const q = url.searchParams;
          res = json(
            await pull(current(), {
              branch: q.get('branch') ?? '',
              client: q.get('client') ?? undefined,
              cursor: q.get('cursor') ?? undefined,
              limit: q.has('limit') ? Number(q.get('limit')) : undefined
            })
          );
        } else if (url.pathname === '/api/sync/push') {
          const body = v.parse(PushRequestSchema, JSON.parse(String(init?.body)));
          res = json(await push(current(), body, server.now));
        } else if (url.pathname === '/api/sync/leases') {
          const body = JSON.parse(String(init?.body)) as { clientId: string; branchId: string };
          const granted = await grantLeases(current(), {
            ...body,
            now: server.now(),
            policy: server.leasePolicy
          });
          res = json({ granted });
        } else {
          res = json({ error: 'not_found' }, 404);
        }
      } catch (e) {
        if (e instanceof PullError || e instanceof PushError) {
          const extra = e instanceof PushError ? { lastMutationId: e.lastMutationId } : {};
          res = json({ error: e.code, message: e.message, ...extra }, e.status);
        } else throw e;
      }
      if (server.dropResponses) throw new TypeError('Failed to fetch');
      return res;
    }) as typeof fetch
  };
  return server;
}
