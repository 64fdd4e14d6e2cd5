/**
 * Table shapes as Kysely sees them. Column names are snake_case in SQL; rows are mapped
 * to the camelCase domain types at the edge (see ../catalogue.ts).
 */
import type { Generated } from 'kysely';

export interface SyncStateTable {
  id: number;
  /** Bumped once inside every write transaction; rows written carry the new value. */
  version: number;
  /** Names this database; a cursor from another epoch triggers a full resync. */
  epoch: string;
}

export interface BranchTable {
  id: string;
  slug: string;
  name: string;
  neighbourhood: string;
  comuna: string;
  address: string;
  time_zone: string;
  version: number;
}

export interface CategoryTable {
  id: string;
  slug: string;
  name_es: string;
  name_en: string;
  sort: number;
  version: number;
}

export type AudienceTable = CategoryTable;

export interface WorkshopTable {
  id: string;
  branch_id: string;
  category_id: string;
  /** JSON array of audience ids. */
  audience_ids: string;
  title: string;
  summary: string;
  description: string;
  facilitator: string;
  /** Where it usually happens (a session names its own room). */
  room: Generated<string>;
  accessibility: Generated<string>;
  /** What to bring. */
  bring: Generated<string>;
  /** active | archived */
  status: Generated<string>;
  /** JSON object: field name → HLC stamp of the edit that wrote it (last writer wins). */
  field_stamps: Generated<string>;
  version: number;
}

export interface SessionTable {
  id: string;
  workshop_id: string;
  branch_id: string;
  starts_at: string;
  ends_at: string;
  room: string;
  capacity: number;
  seats_taken: Generated<number>;
  /** Unused seats held in devices' leases. */
  leased: Generated<number>;
  status: string;
  /** The series that made it, if any. */
  series_id: string | null;
  /** Why the library cancelled it (required to cancel). */
  cancel_reason: string | null;
  cancelled_at: string | null;
  /** People who came without registering (their rows are in walk_ins). */
  walk_ins: Generated<number>;
  /** When the seats of people not arrived were released (once per session). */
  released_at: string | null;
  version: number;
}

export interface WalkInTable {
  id: string;
  session_id: string;
  branch_id: string;
  client_id: string;
  name: string | null;
  age_band: string | null;
  comuna: string | null;
  stamp: string;
  created_at: string;
}

export interface SeriesTable {
  id: string;
  workshop_id: string;
  branch_id: string;
  /** RFC 5545 RRULE without DTSTART, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10. */
  rrule: string;
  /** First occurrence, park-local "YYYY-MM-DDTHH:MM". */
  starts_local: string;
  duration_minutes: number;
  room: string;
  capacity: number;
  /** JSON array of park-local dates skipped. */
  exdates: string;
  created_by: string | null;
  created_at: string;
}

export interface TombstoneTable {
  /** `${entity}:${id}`: one tombstone per deleted row, rewritten if deleted again. */
  key: string;
  entity: string;
  row_id: string;
  /** Scope of the deleted row; null for rows every device holds (branches, categories). */
  branch_id: string | null;
  version: number;
}

export interface RegistrationTable {
  id: string;
  session_id: string;
  workshop_id: string;
  branch_id: string;
  client_id: string;
  code: string;
  name: string;
  /** Folded name and contact: two registrations with the same key are one person. */
  person_key: string;
  contact: string | null;
  age_band: string | null;
  comuna: string | null;
  consent_version: string;
  consent_at: string;
  status: string;
  position: number | null;
  reason: string | null;
  /** HLC stamp of the request (clamped by the server); orders the waitlist. */
  stamp: string;
  /** HLC stamp of the earliest check-in, if any. */
  checked_in_stamp: string | null;
  created_at: string;
  /** SHA-256 of the privacy notice text the device showed (null before trust landed). */
  consent_hash: string | null;
  /** When the server received the registration (its own clock). */
  received_at: string | null;
  version: number;
}

export interface ClientTable {
  client_id: string;
  branch_id: string | null;
  last_mutation_id: number;
  pending_count: number;
  last_push_at: string | null;
  last_pull_at: string | null;
  kind: string | null;
  /** The last HLC stamp accepted from this device: its next one is floored to it. */
  last_stamp: string | null;
  /** The app build the device last reported (a pull's appVersion). */
  app_version: string | null;
  /** Bytes its origin stores, as it last reported (navigator.storage.estimate). */
  storage_used: number | string | null;
  /** Since when it has reported changes waiting to be sent; null when none are. */
  pending_since: string | null;
}

export interface MutationOutcomeTable {
  /** `${client_id}:${mutation_id padded}`, so a pull can walk them by key. */
  id: string;
  client_id: string;
  mutation_id: number;
  name: string;
  status: string;
  reason: string | null;
  /** SHA-256 of what the mutation said (name, stamp, arguments); null before 0008. */
  fingerprint: string | null;
  version: number;
}

export interface LeaseTable {
  id: string;
  session_id: string;
  client_id: string;
  branch_id: string;
  /** Seats granted (grows when renewed). */
  seats: number;
  /** Seats spent by registrations the server has applied. */
  used: number;
  /** active | expired (session started, or not renewed in time) | returned (given back) */
  status: string;
  /** The session's start: after it, unused seats go back to the pool. */
  expires_at: string;
  /**
   * Unless the kiosk renews the lease (its pulls do) before this instant, the unused seats
   * go back to the pool and the waitlist: PARQUE_LEASE_TTL_HOURS after the last renewal.
   */
  renew_by: string;
  version: number;
}

/** One stored file, named by the SHA-256 of its bytes; the bytes live in the content folder. */
export interface ContentAssetTable {
  hash: string;
  size: number;
  type: string;
  created_at: string;
}

export interface CourseTable {
  id: string;
  version: number;
  title: string;
  /** The current manifest as JSON (CourseManifest). */
  manifest: string;
  /** SHA-256 of the manifest without its version: an import that changes nothing keeps it. */
  digest: string;
  size: number;
  updated_at: string;
  /** The version learners get; null while the course is only a draft (never published). */
  published_version: Generated<number | null>;
}

/** Where a course is offered: a park's kiosks and phones list it. */
export interface CourseParkTable {
  course_id: string;
  branch_id: string;
  published_by: string | null;
  published_at: string;
}

/** Every published manifest, so an attempt is scored against the version taken. */
export interface CourseVersionTable {
  course_id: string;
  version: number;
  manifest: string;
  published_at: string;
}

export interface LearnerTable {
  id: string;
  /** SHA-256 of the recovery code; the code itself never reaches the server. */
  code_hash: string;
  created_at: string;
}

export interface LessonProgressTable {
  learner_id: string;
  course_id: string;
  lesson_id: string;
  /** The earliest completion stamp: completing again changes nothing. */
  stamp: string;
}

export interface QuizAttemptTable {
  id: string;
  learner_id: string;
  course_id: string;
  course_version: number;
  score: number;
  max_score: number;
  passed: number;
  answers: string;
  stamp: string;
}

export type StaffRole = 'admin' | 'librarian' | 'facilitator';

export interface StaffTable {
  id: string;
  /** Sign-in name, stored lower-cased. */
  email: string;
  name: string;
  /** argon2id PHC string. */
  password_hash: string;
  role: StaffRole;
  /** active | disabled */
  status: string;
  must_change_password: Generated<number>;
  failed_sign_ins: Generated<number>;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface StaffParkTable {
  staff_id: string;
  branch_id: string;
}

export interface StaffSessionTable {
  /** SHA-256 (hex) of the cookie's token. */
  id: string;
  staff_id: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry; idle expiry is counted from last_seen_at. */
  expires_at: string;
}

export type DeviceKind = 'phone' | 'kiosk' | 'desk';

export interface DeviceTable {
  id: string;
  /** SHA-256 (hex) of the device's secret. */
  secret_hash: string;
  kind: DeviceKind;
  /** The park a kiosk or desk is bound to; null for phones. */
  branch_id: string | null;
  /** active | revoked */
  status: string;
  label: string | null;
  created_at: string;
  last_seen_at: string | null;
  enrolled_by: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  version: Generated<number>;
}

export interface EnrolmentTable {
  /** SHA-256 (hex) of the normalised one-time code. */
  code_hash: string;
  branch_id: string;
  kind: 'kiosk' | 'desk';
  label: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
}

export interface AuditEventTable {
  id: string;
  at: string;
  /** e.g. sign_in, sign_in_failed, enrolment_created, device_enrolled, device_revoked. */
  kind: string;
  staff_id: string | null;
  device_id: string | null;
  branch_id: string | null;
  /** What the event is about (a staff id, a device id), never a password or a name. */
  subject: string | null;
  /** JSON with non-personal details. */
  detail: string | null;
}

export interface Database {
  staff: StaffTable;
  staff_parks: StaffParkTable;
  staff_sessions: StaffSessionTable;
  devices: DeviceTable;
  enrolments: EnrolmentTable;
  audit_events: AuditEventTable;
  content_assets: ContentAssetTable;
  courses: CourseTable;
  course_versions: CourseVersionTable;
  course_parks: CourseParkTable;
  learners: LearnerTable;
  lesson_progress: LessonProgressTable;
  quiz_attempts: QuizAttemptTable;
  leases: LeaseTable;
  registrations: RegistrationTable;
  clients: ClientTable;
  mutation_outcomes: MutationOutcomeTable;
  sync_state: SyncStateTable;
  branches: BranchTable;
  categories: CategoryTable;
  audiences: AudienceTable;
  workshops: WorkshopTable;
  sessions: SessionTable;
  series: SeriesTable;
  walk_ins: WalkInTable;
  tombstones: TombstoneTable;
}
