/**
 * Small factories for server tests: a fresh migrated database and catalogue rows.
 *
 * `testDb()` is SQLite unless PARQUE_TEST_BACKEND=postgres, which the `postgres` Vitest
 * project sets (vitest.config.ts): the sync suites then run, unchanged, on a schema of their
 * own on the test PostgreSQL server (DESIGN §9, issue 11 §4).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Branch, Category, Session, Workshop } from '../../domain/catalogue';
import { encodeHlc } from '../../domain/hlc';
import {
  newTicketCode,
  PRIVACY_NOTICE_VERSION,
  type RegisterArgs
} from '../../domain/registration';
import { migrate, openDb, type Db } from '../db/index';
import { tempSchema, TEST_DATABASE_URL } from './postgres';

export interface TestDb {
  db: Db;
  /**
   * Where the data lives, for another process or handle: the SQLite file, or a
   * postgres:// URL whose connections work in the test's schema (see `openTestDb`).
   */
  path: string;
  cleanup: () => Promise<void>;
}

/** The backend `testDb()` opens in this Vitest project. */
export const TEST_BACKEND: 'sqlite' | 'postgres' =
  process.env.PARQUE_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/** A fresh, migrated database on this project's backend. */
export function testDb(): Promise<TestDb> {
  return TEST_BACKEND === 'postgres' ? postgresTestDb() : sqliteTestDb();
}

/** Another handle on a test database, from its `path` (a second app instance, a child). */
export function openTestDb(path: string): Db {
  return path.startsWith('postgres')
    ? openDb({ databaseUrl: path, sqlitePath: '/nonexistent' })
    : openDb({ sqlitePath: path });
}

/** A real SQLite file in a temporary folder, migrated. */
export async function sqliteTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'parque-test-'));
  const path = join(dir, 'test.db');
  const db = openDb({ sqlitePath: path });
  await migrate(db);
  return {
    db,
    path,
    cleanup: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** A schema of its own on the test PostgreSQL server, migrated, dropped on cleanup. */
export async function postgresTestDb(prefix = 'parque_test'): Promise<TestDb> {
  const schema = await tempSchema(prefix);
  // Every pooled connection starts in the test's own schema.
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema.name}`);
  const path = url.toString();
  const db = openTestDb(path);
  await migrate(db);
  return {
    db,
    path,
    cleanup: async () => {
      await db.destroy();
      await schema.drop();
    }
  };
}

type Row<T> = Omit<T, 'version'>;

export const branch = (id: string, over: Partial<Row<Branch>> = {}): Row<Branch> => ({
  id,
  slug: id,
  name: `Parque Biblioteca ${id}`,
  neighbourhood: 'Barrio',
  comuna: 'Comuna 1',
  address: 'Calle 1 # 2-3',
  timeZone: 'America/Bogota',
  ...over
});

export const category = (id: string): Row<Category> => ({
  id,
  slug: id,
  nameEs: `Tema ${id}`,
  nameEn: `Topic ${id}`,
  sort: 1
});

export const workshop = (
  id: string,
  branchId: string,
  over: Partial<Row<Workshop>> = {}
): Row<Workshop> => ({
  id,
  branchId,
  categoryId: 'cat-1',
  audienceIds: ['aud-1'],
  title: `Taller ${id}`,
  summary: 'Resumen',
  description: 'Descripción',
  facilitator: 'Equipo',
  ...over
});

export const session = (
  id: string,
  workshopId: string,
  branchId: string,
  over: Partial<Row<Session>> = {}
): Row<Session> => ({
  id,
  workshopId,
  branchId,
  startsAt: '2026-11-25T14:00:00.000Z',
  endsAt: '2026-11-25T16:00:00.000Z',
  room: 'Sala',
  capacity: 20,
  seatsTaken: 0,
  status: 'scheduled',
  ...over
});

/** Arguments for registerAttendee, valid unless overridden. */
export function registerArgs(sessionId: string, over: Record<string, unknown> = {}): RegisterArgs {
  return {
    registrationId: crypto.randomUUID(),
    sessionId,
    code: randomCode(),
    name: `Persona ${Math.random().toString(36).slice(2, 8)}`,
    consent: { noticeVersion: PRIVACY_NOTICE_VERSION, acceptedAt: '2026-11-25T14:00:00.000Z' },
    ...over
  } as RegisterArgs;
}

export function randomCode(): string {
  return newTicketCode((n) => crypto.getRandomValues(new Uint8Array(n)));
}

/** An HLC stamp at a given wall time for a node. */
export const stampAt = (wall: number, node = 'test', counter = 0) =>
  encodeHlc({ wall, counter, node });
