import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb } from './db/index';
import {
  addressKey,
  createLimitStore,
  LIMITS,
  limitFactor,
  tooManyResponse,
  type LimitKind,
  type LimitStore
} from './limits';
import { postgresUnreachable, tempSchema, TEST_DATABASE_URL } from './test/postgres';

const kinds = Object.keys(LIMITS) as LimitKind[];

describe('addressKey', () => {
  it('keeps an IPv4 address whole', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey(' 10.0.0.1 ')).toBe('10.0.0.1');
    expect(addressKey('203.0.113.7')).not.toBe(addressKey('203.0.113.8'));
  });

  it('keys IPv6 by its /64, whatever the spelling', () => {
    const key = '2001:db8:aa:bb::/64';
    for (const ip of [
      '2001:db8:aa:bb::1',
      '2001:0db8:00aa:00bb:0000:0000:0000:0001',
      '2001:DB8:AA:BB:1234:5678:9abc:def0',
      '[2001:db8:aa:bb::2]',
      'fe80::1%eth0'.replace('fe80::1', '2001:db8:aa:bb::3'),
      '2001:db8:aa:bb:ffff:ffff:1.2.3.4'
    ]) {
      expect(addressKey(ip), ip).toBe(key);
    }
    expect(addressKey('2001:db8:aa:bc::1')).toBe('2001:db8:aa:bc::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::')).toBe('0:0:0:0::/64');
  });

  it('keys an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
    expect(addressKey('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('[::ffff:127.0.0.1]')).toBe('127.0.0.1');
  });

  it('keeps anything else apart from real addresses', () => {
    expect(addressKey('')).toBe('other:');
    expect(addressKey('unix-socket')).toBe('other:unix-socket');
    expect(addressKey('1.2.3')).toBe('other:1.2.3');
  });
});

describe('LIMITS', () => {
  it('has a sensible budget and window for every kind', () => {
    expect(kinds).toHaveLength(10);
    for (const kind of kinds) {
      const { points, durationS } = LIMITS[kind];
      expect(Number.isInteger(points) && points > 0, kind).toBe(true);
      expect(durationS >= 60 && durationS <= 3600, kind).toBe(true);
    }
    // Addresses are shared by a whole park: never tighter than one device.
    expect(LIMITS.registration_address.points).toBeGreaterThan(LIMITS.registration_device.points);
    expect(LIMITS.checkin_failed_address.points).toBeGreaterThan(
      LIMITS.checkin_failed_device.points
    );
    expect(LIMITS.recovery_address.points).toBeGreaterThan(LIMITS.recovery_device.points);
    expect(LIMITS.sign_in_address.points).toBeGreaterThan(LIMITS.sign_in_account.points);
  });

  it('answers a refusal with 429 and Retry-After', async () => {
    const res = tooManyResponse(42, 'too many sign-in attempts');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('42');
    expect(await res.json()).toEqual({
      error: 'too_many',
      message: 'too many sign-in attempts; try again in 42 s',
      retryAfterS: 42
    });
  });
});

const pgProblem = await postgresUnreachable();
if (pgProblem) {
  console.warn(
    `PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${pgProblem}): ` +
      'the PostgreSQL rate-limit tests are skipped.'
  );
}

interface Backend {
  name: string;
  skip: boolean;
  open: () => Promise<{ store: LimitStore; rawKeys: () => Promise<string[]> }>;
  cleanup: () => Promise<void>;
}

function sqliteBackend(): Backend {
  let dir = '';
  return {
    name: 'SQLite',
    skip: false,
    async open() {
      dir = mkdtempSync(join(tmpdir(), 'parque-limits-'));
      // A folder that does not exist yet, and a file nobody has opened.
      const sqlitePath = join(dir, 'new', 'app.db');
      const store = createLimitStore({ sqlitePath }, { factor: 1 });
      await store.ready;
      return {
        store,
        rawKeys: async () => {
          const db = new SQLite(sqlitePath, { readonly: true });
          try {
            return db
              .prepare('select key from rate_limits')
              .all()
              .map((r) => (r as { key: string }).key);
          } finally {
            db.close();
          }
        }
      };
    },
    async cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  };
}

function postgresBackend(): Backend {
  let drop = async () => {};
  return {
    name: 'PostgreSQL',
    skip: pgProblem !== null,
    async open() {
      const schema = await tempSchema('rl_test');
      drop = schema.drop;
      const store = createLimitStore(
        { databaseUrl: TEST_DATABASE_URL, sqlitePath: '/nonexistent' },
        { schema: schema.name, factor: 1 }
      );
      await store.ready;
      return {
        store,
        rawKeys: async () => {
          const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
          await client.connect();
          try {
            const { rows } = await client.query<{ key: string }>(
              `select key from "${schema.name}".rate_limits`
            );
            return rows.map((r) => r.key);
          } finally {
            await client.end();
          }
        }
      };
    },
    cleanup: () => drop()
  };
}

for (const backend of [sqliteBackend(), postgresBackend()]) {
  describe.skipIf(backend.skip)(`limits on ${backend.name}`, () => {
    let store: LimitStore;
    let rawKeys: () => Promise<string[]>;

    beforeAll(async () => {
      ({ store, rawKeys } = await backend.open());
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });

    it.each(kinds)('%s allows its budget in a window, then refuses until it ends', async (kind) => {
      const { points, durationS } = LIMITS[kind];
      const key = `key-${kind}`;
      if (points > 1) expect(await store.consume(kind, key, points - 1)).toEqual({ ok: true });
      expect(await store.check(kind, key)).toEqual({ ok: true });
      expect(await store.consume(kind, key)).toEqual({ ok: true });
      const checked = await store.check(kind, key);
      const refused = await store.consume(kind, key);
      for (const r of [checked, refused]) {
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.retryAfterS).toBeGreaterThan(durationS - 30);
          expect(r.retryAfterS).toBeLessThanOrEqual(durationS);
        }
      }
      // Another key, and the same key under another kind, have budgets of their own.
      expect(await store.consume(kind, `${key}-other`)).toEqual({ ok: true });
      const otherKind = kinds.find((k) => k !== kind) ?? kind;
      expect(await store.consume(otherKind, key)).toEqual({ ok: true });
    });

    it('check counts nothing; reward gives back; reset forgets', async () => {
      const key = 'librarian@example.org';
      for (let i = 0; i < 20; i++) await store.check('sign_in_account', key);
      for (let i = 0; i < LIMITS.sign_in_account.points; i++) {
        expect(await store.consume('sign_in_account', key)).toEqual({ ok: true });
      }
      expect((await store.check('sign_in_account', key)).ok).toBe(false);
      await store.reward('sign_in_account', key);
      expect(await store.check('sign_in_account', key)).toEqual({ ok: true });
      expect(await store.consume('sign_in_account', key)).toEqual({ ok: true });
      expect((await store.consume('sign_in_account', key)).ok).toBe(false);
      await store.reset('sign_in_account', key);
      expect(await store.consume('sign_in_account', key)).toEqual({ ok: true });
    });

    it('stores keys hashed: no address, device id or account name in the table', async () => {
      await store.consume('sign_in_address', addressKey('198.51.100.23'));
      const keys = await rawKeys();
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) {
        expect(k).toMatch(/^[a-z_]+:[A-Za-z0-9_-]{32}$/);
        expect(k).not.toMatch(/198\.51|librarian|key-/);
      }
    });
  });
}

describe('the rate_limits table and the app schema', () => {
  it('leave each other alone: migrations before and after, on one SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parque-limits-'));
    const sqlitePath = join(dir, 'app.db');
    try {
      const before = openDb({ sqlitePath });
      await migrate(before);
      await before.destroy();
      const store = createLimitStore({ sqlitePath });
      expect(await store.consume('recovery_device', 'd')).toEqual({ ok: true });
      const after = openDb({ sqlitePath });
      await migrate(after);
      await migrate(after);
      const row = await after.selectFrom('sync_state').select('version').executeTakeFirstOrThrow();
      expect(Number(row.version)).toBeGreaterThanOrEqual(0);
      await after.destroy();
      expect(await store.consume('recovery_device', 'd')).toEqual({ ok: true });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('waits for a write lock held in this process without blocking the event loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parque-limits-'));
    const sqlitePath = join(dir, 'app.db');
    const store = createLimitStore({ sqlitePath }, { factor: 1 });
    await store.ready;
    // As a Kysely write transaction of the app would, between two of its statements.
    const app = new SQLite(sqlitePath);
    try {
      app.exec('BEGIN IMMEDIATE');
      setTimeout(() => app.exec('COMMIT'), 200);
      const t0 = performance.now();
      expect(await store.consume('recovery_device', 'd')).toEqual({ ok: true });
      // It waited for the commit, which needed the event loop to run.
      expect(performance.now() - t0).toBeGreaterThan(150);
    } finally {
      await store.close();
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with the database error when the database cannot be opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parque-limits-'));
    try {
      // A file where the folder should be.
      writeFileSync(join(dir, 'file'), '');
      const store = createLimitStore({ sqlitePath: join(dir, 'file', 'app.db') });
      await expect(store.consume('recovery_device', 'd')).rejects.toThrow(/EEXIST|ENOTDIR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PARQUE_LIMIT_FACTOR', () => {
  it('multiplies every budget (for the end-to-end suite), and is 1 unless set sensibly', async () => {
    expect(limitFactor({})).toBe(1);
    expect(limitFactor({ PARQUE_LIMIT_FACTOR: '0' })).toBe(1);
    expect(limitFactor({ PARQUE_LIMIT_FACTOR: 'lots' })).toBe(1);
    expect(limitFactor({ PARQUE_LIMIT_FACTOR: '50' })).toBe(50);
    const dir = mkdtempSync(join(tmpdir(), 'parque-limits-'));
    const store = createLimitStore({ sqlitePath: join(dir, 'app.db') }, { factor: 3 });
    try {
      const budget = LIMITS.recovery_device.points * 3;
      expect(await store.consume('recovery_device', 'd', budget)).toEqual({ ok: true });
      expect((await store.check('recovery_device', 'd')).ok).toBe(false);
      expect((await store.consume('recovery_device', 'd')).ok).toBe(false);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
