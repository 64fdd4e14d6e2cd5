import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MUTATOR_ARGS } from '../../domain/mutation';
import { ROSTER_EXPORTERS } from '../exports/roster';
import { decide, MUTATOR_POLICY, ROUTE_POLICY } from './policy';
import type { Caller } from './types';

const API = join(process.cwd(), 'src/routes/api');

/** Every `+server.ts` under src/routes/api as a SvelteKit route id and its methods. */
function apiRoutes(dir = API): { id: string; methods: string[] }[] {
  const out: { id: string; methods: string[] }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...apiRoutes(path));
    else if (name === '+server.ts') {
      const id = '/api/' + relative(API, dir).split(sep).join('/');
      const text = readFileSync(path, 'utf8');
      const methods = [...text.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
        (m) => m[1]!
      );
      out.push({ id: id.replace(/\/$/, ''), methods });
    }
  }
  return out;
}

const phone: Caller = {
  device: { id: 'p', kind: 'phone', branchId: null },
  staff: null,
  problem: null
};

describe('the access policy', () => {
  it('has a row for every API route and method, and none for routes that do not exist', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(5);
    for (const r of routes) {
      for (const method of r.methods) {
        expect(ROUTE_POLICY[r.id]?.[method as 'GET'], `${method} ${r.id}`).toBeDefined();
      }
    }
    const ids = new Set(routes.map((r) => r.id));
    for (const id of Object.keys(ROUTE_POLICY)) expect(ids.has(id), id).toBe(true);
  });

  it('lets the roster export through for exactly the roles the console offers it to', () => {
    expect([...(ROUTE_POLICY['/api/sessions/[id]/roster.csv']?.GET ?? [])].sort()).toEqual(
      [...ROSTER_EXPORTERS].sort()
    );
  });

  it('has a rule for every mutator', () => {
    expect(Object.keys(MUTATOR_POLICY).sort()).toEqual(Object.keys(MUTATOR_ARGS).sort());
  });

  it('refuses a route it does not know (fail closed) and a method it does not list', () => {
    expect(decide('/api/new-thing', 'GET', phone)).toMatchObject({ ok: false, status: 500 });
    expect(decide('/api/branches', 'DELETE', phone)).toMatchObject({ ok: false, status: 405 });
  });

  it('a bad credential is refused everywhere but on public routes', () => {
    const forged: Caller = {
      device: null,
      staff: null,
      problem: { status: 401, code: 'bad_credential', message: 'x' }
    };
    expect(decide('/api/sync/pull', 'GET', forged)).toMatchObject({ ok: false, status: 401 });
    expect(decide('/api/branches', 'GET', forged)).toEqual({ ok: true });
  });
});
