/**
 * Abuse limits, kept in the database (DESIGN §9): every app instance reads and writes the
 * same counters, so running several behind a proxy gives nobody several budgets. A counter
 * is a fixed window per kind and key (rate-limiter-flexible's SQLite and PostgreSQL stores,
 * in the table `rate_limits`, next to the app's own tables but outside its migrations).
 *
 * Keys are a device id, an account or an address (addressKey: IPv6 by its /64). They are
 * stored hashed: the table never holds an address or an account name.
 *
 * Two ways to use a limit:
 *  - `consume` before the work, for things that cost even when they succeed (registering,
 *    issuing a device credential);
 *  - `check` before the work and `consume` only when it fails, for guesses (sign-in,
 *    recovery codes, check-in codes, enrolment codes), and `reset` after a success where a
 *    clean slate is right (an account's failed sign-ins).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  RateLimiterPostgres,
  RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterAbstract
} from 'rate-limiter-flexible';
import { dbConfigFromEnv, type DbConfig } from './db/index';

export type LimitKind =
  | 'registration_device'
  | 'registration_address'
  | 'checkin_failed_device'
  | 'checkin_failed_address'
  | 'recovery_address'
  | 'recovery_device'
  | 'sign_in_address'
  | 'sign_in_account'
  | 'enrolment_address'
  | 'device_issue_address';

export interface Limit {
  /** How many in one window; the next is refused until the window ends. */
  points: number;
  /** The window, in seconds, from the first one counted. */
  durationS: number;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * Every limit and why it is that number. "Address" means a public address: every phone on
 * a park's Wi-Fi shares one, so address limits are sized for a busy park, not a person.
 */
export const LIMITS: Readonly<Record<LimitKind, Limit>> = {
  /**
   * A phone is one person, signing up themselves and perhaps their children for a few
   * workshops: 20 an hour is far past that. A loop inventing registrations needs a new
   * device credential every 20, and those are limited per address (device_issue_address).
   * Enrolled kiosks and desks register for everyone who walks up: not for them.
   */
  registration_device: { points: 20, durationS: HOUR },
  /**
   * A class of 30 registering at once, each for two or three workshops, is ~100 from one
   * address; an open day at a park can triple it. 300 an hour leaves room for that and
   * still stops a loop from taking a park's seats (a park offers a few hundred a week).
   */
  registration_address: { points: 300, durationS: HOUR },
  /**
   * Failed check-ins (unknown or mistyped codes) of one device. A camera's misreads and a
   * few mistyped codes make a handful an hour; ticket codes are 8 symbols (25^8 ≈ 1.5·10^11),
   * so 20 failures per 10 minutes guess nothing and stop a device walking the code space.
   */
  checkin_failed_device: { points: 20, durationS: 10 * MINUTE },
  /** The same per address: a park's desks and kiosks share one, so three devices' worth. */
  checkin_failed_address: { points: 60, durationS: 10 * MINUTE },
  /**
   * Recovery code tries per address: a whole class may recover progress at once (60 per 10
   * minutes), and guessing a 12-symbol code (25^12 ≈ 6·10^16) stays hopeless at that rate.
   */
  recovery_address: { points: 60, durationS: 10 * MINUTE },
  /** One person mistypes their code a few times, not ten. */
  recovery_device: { points: 10, durationS: 10 * MINUTE },
  /**
   * Failed staff sign-ins per address: a library's staff share one and mistype at opening
   * time, far below 30 per 15 minutes; a password sprayer gets 30 guesses per 15 minutes
   * across every account.
   */
  sign_in_address: { points: 30, durationS: 15 * MINUTE },
  /**
   * Failed sign-ins per account, from anywhere: a forgotten Caps Lock a few times fits in
   * 10, an online guesser gets under 1,000 a day against an argon2id hash of a password
   * that is not on the common list. Then the account waits out the window (a stranger can
   * make it wait, never get in; the audit trail shows it).
   */
  sign_in_account: { points: 10, durationS: 15 * MINUTE },
  /**
   * Enrolment code tries per address: a librarian setting up a park's few kiosks and desks,
   * with typos, stays under 20 per 15 minutes; a code (25^8) lives 15 minutes, so 20 guesses
   * have a chance of about 10^-10.
   */
  enrolment_address: { points: 20, durationS: 15 * MINUTE },
  /**
   * Phone credentials issued per address: a class of 30 opening the app for the first time
   * at once, plus reinstalls and cleared browsers, fits in 120 an hour; minting credentials
   * to dodge the per-device limits does not.
   */
  device_issue_address: { points: 120, durationS: HOUR }
};

export type LimitResult = { ok: true } | { ok: false; retryAfterS: number };

export interface LimitStore {
  /** Counts `points` (1) against the key; refused once the window's budget is spent. */
  consume(kind: LimitKind, key: string, points?: number): Promise<LimitResult>;
  /** Whether the next one would be refused, without counting anything. */
  check(kind: LimitKind, key: string): Promise<LimitResult>;
  /** Gives points back (a counted attempt that turned out not to be abuse). */
  reward(kind: LimitKind, key: string, points?: number): Promise<void>;
  /** Forgets the key's window (an account's failed sign-ins after it signs in). */
  reset(kind: LimitKind, key: string): Promise<void>;
  /** Settles when the table is there (rejects if the database could not be reached). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface LimitStoreOptions {
  /** Table name (letters, digits, underscores): `rate_limits` unless a test wants its own. */
  table?: string;
  /** PostgreSQL only: the schema of the table (default: the connection's search path). */
  schema?: string;
  /** Multiplies every budget (default: limitFactor(), from PARQUE_LIMIT_FACTOR). */
  factor?: number;
}

/**
 * PARQUE_LIMIT_FACTOR multiplies every budget: the end-to-end suite, whose browsers all
 * come from 127.0.0.1 and make hundreds of devices and registrations in minutes, runs with
 * a large one. Unset (or not a positive number) in production: 1.
 */
export function limitFactor(env: NodeJS.ProcessEnv = process.env): number {
  const factor = Number(env.PARQUE_LIMIT_FACTOR);
  return Number.isFinite(factor) && factor > 0 ? factor : 1;
}

/**
 * The address a limit counts by: an IPv4 address as is; an IPv6 address by its /64 (one
 * home or phone gets a whole /64, so counting single IPv6 addresses would count nothing);
 * an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, how a dual-stack socket reports an
 * IPv4 client) as its IPv4 address.
 */
export function addressKey(ip: string): string {
  let a = ip.trim().toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return `other:${a}`;
  const groups = ipv6Groups(a);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted tail converted). */
function ipv6Groups(a: string): number[] {
  let text = a;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [b0, b1, b2, b3] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

/** Keys are stored as a hash: the table holds no address, device id or account name. */
const hashKey = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);

const isBusy = (e: unknown) =>
  e instanceof Error && 'code' in e && String(e.code).startsWith('SQLITE_BUSY');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SQLite's lock is waited for here, between event-loop turns, not inside better-sqlite3
 * (whose busy wait would block the loop: a write transaction of this same process could
 * then never finish and release the lock). 5 s in all, as the app's own connection.
 */
async function retryBusy<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 5000;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    try {
      return await fn();
    } catch (e) {
      if (!isBusy(e) || Date.now() > deadline) throw e;
      await sleep(delay + Math.random() * delay);
    }
  }
}

async function openStore(
  config: DbConfig,
  options: LimitStoreOptions
): Promise<{ limiters: Map<LimitKind, RateLimiterAbstract>; close: () => Promise<void> }> {
  const tableName = options.table ?? 'rate_limits';
  if (!/^[a-z_][a-z0-9_]*$/i.test(tableName)) throw new Error('invalid rate limit table name');
  const factor = options.factor ?? limitFactor();
  const limiters = new Map<LimitKind, RateLimiterAbstract>();
  const [first, ...rest] = Object.keys(LIMITS) as LimitKind[];
  if (!first) throw new Error('no limits');
  const common = (kind: LimitKind) => ({
    keyPrefix: kind,
    tableName,
    points: Math.max(1, Math.round(LIMITS[kind].points * factor)),
    duration: LIMITS[kind].durationS,
    // Never a per-process shortcut: every instance asks the shared table.
    inMemoryBlockOnConsumed: 0,
    clearExpiredByTimeout: true
  });

  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
    const make = (kind: LimitKind, cb?: (err?: unknown) => void) =>
      new RateLimiterPostgres(
        {
          ...common(kind),
          storeClient: pool,
          storeType: 'pool',
          schemaName: options.schema,
          tableCreated: !cb
        },
        cb
      );
    try {
      // The first limiter creates the table (the library tolerates another instance
      // creating it at the same moment); the others share it.
      await new Promise<void>((resolve, reject) => {
        limiters.set(
          first,
          make(first, (err) =>
            err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()
          )
        );
      });
    } catch (e) {
      await pool.end();
      throw e;
    }
    for (const kind of rest) limiters.set(kind, make(kind));
    return { limiters, close: () => pool.end() };
  }

  mkdirSync(dirname(config.sqlitePath), { recursive: true });
  const sqlite = new SQLite(config.sqlitePath);
  try {
    // Fail at once when another connection holds the write lock; retryBusy waits.
    sqlite.pragma('busy_timeout = 0');
    await retryBusy(async () => {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      // The library's own schema for this table (RateLimiterSQLite), created here so that
      // two processes starting on a new file wait for each other instead of failing.
      sqlite
        .prepare(
          `CREATE TABLE IF NOT EXISTS ${tableName} (
             key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)`
        )
        .run();
    });
  } catch (e) {
    sqlite.close();
    throw e;
  }
  for (const kind of [first, ...rest]) {
    limiters.set(
      kind,
      new RateLimiterSQLite({
        ...common(kind),
        storeClient: sqlite,
        storeType: 'better-sqlite3',
        tableCreated: true
      })
    );
  }
  return {
    limiters,
    close: async () => {
      sqlite.close();
    }
  };
}

const refused = (res: RateLimiterRes): LimitResult => ({
  ok: false,
  retryAfterS: Math.max(1, Math.ceil(res.msBeforeNext / 1000))
});

/** Limits on the given database (tests; the app uses the functions below). */
export function createLimitStore(config: DbConfig, options: LimitStoreOptions = {}): LimitStore {
  const opened = openStore(config, options);
  const ready = opened.then(() => undefined);
  // An unhandled rejection would end the process; callers see the error on first use.
  ready.catch(() => {});
  const limiter = async (kind: LimitKind) => {
    const found = (await opened).limiters.get(kind);
    if (!found) throw new Error(`unknown limit kind: ${String(kind)}`);
    return found;
  };
  return {
    ready,
    async consume(kind, key, points = 1) {
      const l = await limiter(kind);
      try {
        await retryBusy(() => l.consume(hashKey(key), points));
        return { ok: true };
      } catch (e) {
        if (e instanceof RateLimiterRes) return refused(e);
        throw e;
      }
    },
    async check(kind, key) {
      const l = await limiter(kind);
      const res = await retryBusy(() => l.get(hashKey(key)));
      return res && res.consumedPoints >= l.points ? refused(res) : { ok: true };
    },
    async reward(kind, key, points = 1) {
      const l = await limiter(kind);
      await retryBusy(() => l.reward(hashKey(key), points));
    },
    async reset(kind, key) {
      const l = await limiter(kind);
      await retryBusy(() => l.delete(hashKey(key)));
    },
    async close() {
      await (await opened).close();
    }
  };
}

/** This process's store on the app's database, opened on first use. */
let shared: LimitStore | undefined;

function store(): LimitStore {
  if (!shared) {
    const s = createLimitStore(dbConfigFromEnv());
    // A database that was down is tried again on the next call.
    s.ready.catch(() => {
      if (shared === s) shared = undefined;
    });
    shared = s;
  }
  return shared;
}

/** Counts one (or `points`) against `key`; `{ ok: false, retryAfterS }` once spent. */
export const consume = (kind: LimitKind, key: string, points = 1) =>
  store().consume(kind, key, points);

/** Whether the next attempt would be refused, counting nothing. */
export const check = (kind: LimitKind, key: string) => store().check(kind, key);

/** Gives back points counted by `consume`. */
export const reward = (kind: LimitKind, key: string, points = 1) =>
  store().reward(kind, key, points);

/** Forgets `key`'s window for this kind. */
export const reset = (kind: LimitKind, key: string) => store().reset(kind, key);

/** The answer to a refused request: 429 with Retry-After, in the API's error shape. */
export function tooManyResponse(retryAfterS: number, message = 'too many tries'): Response {
  return new Response(
    JSON.stringify({
      error: 'too_many',
      message: `${message}; try again in ${retryAfterS} s`,
      retryAfterS
    }),
    {
      status: 429,
      headers: {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'retry-after': String(retryAfterS)
      }
    }
  );
}

/** Several limits on one attempt (a device and its address): which kind, for which key. */
export type LimitKeys = readonly (readonly [LimitKind, string])[];

/**
 * For guesses (codes): the 429 to answer if any of `keys` is spent, else null. Pair it
 * with `countFailure` when the guess turns out wrong.
 */
export async function refuseIfSpent(keys: LimitKeys, message: string): Promise<Response | null> {
  for (const [kind, key] of keys) {
    const c = await check(kind, key);
    if (!c.ok) return tooManyResponse(c.retryAfterS, message);
  }
  return null;
}

/** Counts a failed guess against every one of `keys`. */
export async function countFailure(keys: LimitKeys): Promise<void> {
  for (const [kind, key] of keys) await consume(kind, key);
}
