/**
 * The device's copy of everything it needs offline. One Dexie class, one exported `db`;
 * each schema change is a new version with a tested upgrade.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Audience, Branch, Category, Session, Workshop } from '../domain/catalogue';
import type { Mutation, OutcomeRow } from '../domain/mutation';
import type { Lease } from '../domain/lease';
import type { Registration, RosterEntry } from '../domain/registration';
import type {
  CourseDownload,
  CourseManifest,
  CoursePosition,
  CourseSummary,
  LessonProgress,
  PartialAsset,
  QuizAttempt
} from '../domain/course';

/** Changes numbered under a credential the server refused, waiting for staff. */
export interface UnsentChanges {
  deviceId: string;
  branchId: string;
  kind: 'kiosk' | 'desk';
  refusedAt: string;
  mutations: Mutation[];
}

/** Small facts about this device: its library park, the sync cursor, the last sync time. */
export interface MetaRow {
  key: string;
  value: unknown;
}

export const META = {
  branchId: 'branchId',
  cursor: 'cursor',
  lastSyncAt: 'lastSyncAt',
  /** This device's identity for the sync (a UUID made on first use). */
  clientId: 'clientId',
  /** The hybrid logical clock's last stamp (encoded), so it never goes back. */
  hlc: 'hlc',
  /** The number the next mutation gets: 1, 2, 3… with no gaps. */
  nextMutationId: 'nextMutationId',
  /** The last mutation the server confirmed having applied. */
  lastMutationId: 'lastMutationId',
  /** 'kiosk' (shared, holds seat leases) or 'personal' (a visitor's own phone). */
  deviceKind: 'deviceKind',
  /** The learner profile (LearnerProfile) of whoever studies on this device. */
  learner: 'learner',
  /** The server-issued device credential (DeviceCredential); its id is the clientId. */
  credential: 'credential',
  /** Why the server last refused this device's credential ('device_revoked', …). */
  refused: 'refused',
  /** The digest of the roster snapshot held (the server sends a new one when it differs). */
  rosterDigest: 'rosterDigest'
} as const;

export class ParqueDb extends Dexie {
  branches!: EntityTable<Branch, 'id'>;
  categories!: EntityTable<Category, 'id'>;
  audiences!: EntityTable<Audience, 'id'>;
  workshops!: EntityTable<Workshop, 'id'>;
  sessions!: EntityTable<Session, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;
  registrations!: EntityTable<Registration, 'id'>;
  outbox!: EntityTable<Mutation, 'id'>;
  outcomes!: EntityTable<OutcomeRow, 'id'>;
  leases!: EntityTable<Lease, 'id'>;
  roster!: EntityTable<RosterEntry, 'id'>;
  unsent!: EntityTable<UnsentChanges, 'deviceId'>;
  courses!: EntityTable<CourseSummary, 'id'>;
  manifests!: EntityTable<CourseManifest, 'id'>;
  downloads!: EntityTable<CourseDownload, 'courseId'>;
  partials!: EntityTable<PartialAsset, 'hash'>;
  progress!: EntityTable<LessonProgress, 'id'>;
  attempts!: EntityTable<QuizAttempt, 'id'>;
  positions!: EntityTable<CoursePosition, 'id'>;

  constructor(name = 'parque', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      branches: 'id',
      categories: 'id',
      audiences: 'id',
      workshops: 'id, branchId',
      // Home asks "this park, between two instants"; detail asks "this workshop".
      sessions: 'id, [branchId+startsAt], workshopId',
      meta: 'key'
    });
    // v2 (registrations): tickets, the outbox of unsent mutations and their outcomes.
    this.version(2).stores({
      registrations: 'id, sessionId, code, status',
      outbox: 'id',
      outcomes: 'id, mutationId, status'
    });
    // v3 (seat leases): seats this kiosk may confirm offline.
    this.version(3).stores({
      leases: 'id, sessionId'
    });
    // v4 (check-in): a kiosk's roster of every ticket at its park, looked up by code.
    this.version(4).stores({
      roster: 'id, code, sessionId'
    });
    // v5 (courses): the course list, manifests read or downloaded, download state, bytes of
    // a half-fetched asset, and the learner's progress, attempts and place in each course.
    // The assets themselves live in Cache Storage ('parque-content'), where the service
    // worker can answer <img> and <audio> requests with them.
    this.version(5).stores({
      courses: 'id',
      manifests: 'id',
      downloads: 'courseId',
      partials: 'hash',
      progress: 'id, [learnerId+courseId]',
      attempts: 'id, [learnerId+courseId]',
      positions: 'id'
    });
    // v6 (trust): the roster is a snapshot of today's and tomorrow's tickets keyed by session
    // and code, without registration ids; the old copy (every ticket ever, by id) goes.
    this.version(6)
      .stores({ roster: 'id, code, sessionId' })
      .upgrade((tx) => tx.table('roster').clear());
    // v7 (trust): what a refused kiosk or desk had not sent, set apart from the outbox until
    // a member of staff sends or discards it (client/unsent.ts).
    this.version(7).stores({ unsent: 'deviceId' });
  }
}

/**
 * Drops the roster and the digest that says which one is held, so the next pull brings it
 * again. Call inside a transaction over `roster` and `meta`.
 */
export async function forgetRoster(db: ParqueDb): Promise<void> {
  await db.roster.clear();
  await db.meta.delete(META.rosterDigest);
}

export const CATALOGUE_TABLES = [
  'branches',
  'categories',
  'audiences',
  'workshops',
  'sessions'
] as const;

let instance: ParqueDb | undefined;

/** The app's database, opened on first use (never during server rendering). */
export function getLocalDb(): ParqueDb {
  instance ??= new ParqueDb();
  return instance;
}

export async function getMeta<T>(db: ParqueDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}
