/**
 * Schema migrations, one set for SQLite and PostgreSQL: only types and statements both
 * understand (text ids, ISO instants as text, integer versions).
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { DEFAULT_LEASE_POLICY } from '../../domain/lease';

const migrations: Record<string, Migration> = {
  '0001_catalogue': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sync_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('epoch', 'text', (c) => c.notNull())
        .execute();
      const epoch = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
      await sql`insert into sync_state (id, version, epoch) values (1, 0, ${epoch})`.execute(db);

      await db.schema
        .createTable('branches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('neighbourhood', 'text', (c) => c.notNull())
        .addColumn('comuna', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();

      for (const table of ['categories', 'audiences']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('name_es', 'text', (c) => c.notNull())
          .addColumn('name_en', 'text', (c) => c.notNull())
          .addColumn('sort', 'integer', (c) => c.notNull())
          .addColumn('version', 'bigint', (c) => c.notNull())
          .execute();
      }

      await db.schema
        .createTable('workshops')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
        .addColumn('audience_ids', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('facilitator', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workshop_id', 'text', (c) =>
          c.notNull().references('workshops.id').onDelete('cascade')
        )
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text', (c) => c.notNull())
        .addColumn('room', 'text', (c) => c.notNull())
        .addColumn('capacity', 'integer', (c) => c.notNull())
        .addColumn('seats_taken', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('tombstones')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('row_id', 'text', (c) => c.notNull())
        .addColumn('branch_id', 'text')
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();

      // A pull filters by scope and version and walks by id.
      for (const t of ['branches', 'categories', 'audiences']) {
        await db.schema.createIndex(`${t}_version`).on(t).column('version').execute();
      }
      for (const t of ['workshops', 'sessions', 'tombstones']) {
        await db.schema
          .createIndex(`${t}_branch_version`)
          .on(t)
          .columns(['branch_id', 'version'])
          .execute();
      }
      await db.schema
        .createIndex('sessions_workshop')
        .on('sessions')
        .column('workshop_id')
        .execute();
    }
  }
};

migrations['0002_registrations'] = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('registrations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('workshop_id', 'text', (c) => c.notNull())
      .addColumn('branch_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('person_key', 'text', (c) => c.notNull())
      .addColumn('contact', 'text')
      .addColumn('age_band', 'text')
      .addColumn('comuna', 'text')
      .addColumn('consent_version', 'text', (c) => c.notNull())
      .addColumn('consent_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('position', 'integer')
      .addColumn('reason', 'text')
      .addColumn('stamp', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('registrations_session_status')
      .on('registrations')
      .columns(['session_id', 'status'])
      .execute();
    await db.schema
      .createIndex('registrations_client_version')
      .on('registrations')
      .columns(['client_id', 'version'])
      .execute();
    await db.schema.createIndex('registrations_code').on('registrations').column('code').execute();

    // One row per device that has pushed: how far its mutations got, for exactly-once.
    await db.schema
      .createTable('clients')
      .addColumn('client_id', 'text', (c) => c.primaryKey())
      .addColumn('branch_id', 'text')
      .addColumn('last_mutation_id', 'integer', (c) => c.notNull())
      .addColumn('pending_count', 'integer', (c) => c.notNull())
      .addColumn('last_push_at', 'text')
      .addColumn('last_pull_at', 'text')
      .execute();

    // What became of each mutation, pulled back by the device that sent it.
    await db.schema
      .createTable('mutation_outcomes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('mutation_id', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('mutation_outcomes_client_version')
      .on('mutation_outcomes')
      .columns(['client_id', 'version'])
      .execute();
  }
};

migrations['0003_seat_leases'] = {
  async up(db: Kysely<unknown>) {
    // Unused seats held in leases; the pool is capacity − seats_taken − leased (DESIGN §5).
    await db.schema
      .alterTable('sessions')
      .addColumn('leased', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('leases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('branch_id', 'text', (c) => c.notNull())
      .addColumn('seats', 'integer', (c) => c.notNull())
      .addColumn('used', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('leases_client_version')
      .on('leases')
      .columns(['client_id', 'version'])
      .execute();
    await db.schema
      .createIndex('leases_session_status')
      .on('leases')
      .columns(['session_id', 'status'])
      .execute();
  }
};

migrations['0004_check_in'] = {
  async up(db: Kysely<unknown>) {
    // HLC stamp of the earliest check-in: two kiosks checking in one ticket offline merge.
    await db.schema.alterTable('registrations').addColumn('checked_in_stamp', 'text').execute();
    // 'kiosk' once a device asks for seat leases: kiosks also receive the park's roster of
    // ticket codes, to check people in offline.
    await db.schema.alterTable('clients').addColumn('kind', 'text').execute();
    await db.schema
      .createIndex('registrations_branch_version')
      .on('registrations')
      .columns(['branch_id', 'version'])
      .execute();
  }
};

migrations['0005_courses'] = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('content_assets')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('courses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('manifest', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('course_versions')
      .addColumn('course_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('manifest', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('course_versions_pk', ['course_id', 'version'])
      .execute();
    await db.schema
      .createTable('learners')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('lesson_progress')
      .addColumn('learner_id', 'text', (c) => c.notNull())
      .addColumn('course_id', 'text', (c) => c.notNull())
      .addColumn('lesson_id', 'text', (c) => c.notNull())
      .addColumn('stamp', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('lesson_progress_pk', ['learner_id', 'course_id', 'lesson_id'])
      .execute();
    await db.schema
      .createTable('quiz_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('learner_id', 'text', (c) => c.notNull())
      .addColumn('course_id', 'text', (c) => c.notNull())
      .addColumn('course_version', 'integer', (c) => c.notNull())
      .addColumn('score', 'integer', (c) => c.notNull())
      .addColumn('max_score', 'integer', (c) => c.notNull())
      .addColumn('passed', 'integer', (c) => c.notNull())
      .addColumn('answers', 'text', (c) => c.notNull())
      .addColumn('stamp', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('quiz_attempts_course_learner')
      .on('quiz_attempts')
      .columns(['course_id', 'learner_id'])
      .execute();
  }
};

migrations['0006_trust'] = {
  async up(db: Kysely<unknown>) {
    // Staff accounts (DESIGN §9): argon2id hashes, a role, the parks a librarian or
    // facilitator works in, and a back-off after failed sign-ins.
    await db.schema
      .createTable('staff')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('staff_parks')
      .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addPrimaryKeyConstraint('staff_parks_pk', ['staff_id', 'branch_id'])
      .execute();
    // Server-side sessions: the cookie holds a random token, the table its SHA-256, so a
    // copy of the database cannot be replayed as a cookie.
    await db.schema
      .createTable('staff_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('staff_sessions_staff')
      .on('staff_sessions')
      .column('staff_id')
      .execute();

    // Devices hold a server-issued id and secret (stored as SHA-256: the secret is 256
    // random bits, so a slow hash adds nothing). Phones get one on first contact; kiosks
    // and desks by enrolment, bound to one park.
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('branch_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text')
      .addColumn('enrolled_by', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_by', 'text')
      .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('devices_branch_kind')
      .on('devices')
      .columns(['branch_id', 'kind', 'status'])
      .execute();
    // One-time enrolment codes: short, typed at a kiosk, so stored hashed and expiring.
    await db.schema
      .createTable('enrolments')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('device_id', 'text')
      .execute();

    // Append-only security events: who, when, from which device, what.
    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('staff_id', 'text')
      .addColumn('device_id', 'text')
      .addColumn('branch_id', 'text')
      .addColumn('subject', 'text')
      .addColumn('detail', 'text')
      .execute();
    await db.schema
      .createIndex('audit_events_at')
      .on('audit_events')
      .columns(['at', 'id'])
      .execute();

    // The last stamp accepted from each device: its next one may not be earlier (§ honest data).
    await db.schema.alterTable('clients').addColumn('last_stamp', 'text').execute();
    // The server's own time of consent and the hash of the notice text the device showed.
    await db.schema.alterTable('registrations').addColumn('consent_hash', 'text').execute();
    await db.schema.alterTable('registrations').addColumn('received_at', 'text').execute();
  }
};

migrations['0007_lease_ttl'] = {
  async up(db: Kysely<unknown>) {
    // A lease goes back unless its kiosk renews it (by pulling) before renew_by (DESIGN §5).
    // Nullable only because SQLite cannot add a NOT NULL column without a default; every
    // row gets one here and every insert names it.
    await db.schema.alterTable('leases').addColumn('renew_by', 'text').execute();
    // Leases held today: a full TTL from now (the default: the environment's TTL applies
    // from the first renewal on). Spent ones keep their session's start, which is past use.
    const renewBy = new Date(Date.now() + DEFAULT_LEASE_POLICY.ttlHours * 3_600_000);
    await sql`update leases set renew_by = case when status = 'active' then ${renewBy.toISOString()} else expires_at end`.execute(
      db
    );
    // Send the active rows again, so each kiosk learns its renewBy on its next pull (until
    // then a stored lease without one spends nothing).
    await sql`update sync_state set version = version + 1 where id = 1`.execute(db);
    await sql`update leases set version = (select version from sync_state where id = 1) where status = 'active'`.execute(
      db
    );
    // The sweep looks for active leases past renew_by.
    await db.schema
      .createIndex('leases_status_renew_by')
      .on('leases')
      .columns(['status', 'renew_by'])
      .execute();
  }
};

migrations['0008_mutation_fingerprint'] = {
  async up(db: Kysely<unknown>) {
    // What each applied mutation said (issue 11, 2d): a device that sends a different
    // mutation under a number already applied is not the device that sent it first (a
    // cloned kiosk image, a restored VM snapshot), and must not have its change skipped.
    await db.schema.alterTable('mutation_outcomes').addColumn('fingerprint', 'text').execute();
  }
};

migrations['0009_console'] = {
  async up(db: Kysely<unknown>) {
    // The librarian console (issue 9). A workshop's fields a librarian edits, each merged
    // last-writer-wins by HLC stamp: field_stamps holds, per field, the stamp of the edit
    // that wrote it (JSON object; fields never edited since the seed have none).
    await db.schema
      .alterTable('workshops')
      .addColumn('room', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('workshops')
      .addColumn('accessibility', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('workshops')
      .addColumn('bring', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    // active | archived: an archived workshop leaves the catalogue and gets no new sessions.
    await db.schema
      .alterTable('workshops')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .execute();
    await db.schema
      .alterTable('workshops')
      .addColumn('field_stamps', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();

    // A session made by a series keeps the series' id ("this and the following").
    await db.schema.alterTable('sessions').addColumn('series_id', 'text').execute();
    // Why the library cancelled a session (required when it does), and when.
    await db.schema.alterTable('sessions').addColumn('cancel_reason', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('cancelled_at', 'text').execute();
    await db.schema
      .createIndex('sessions_series')
      .on('sessions')
      .columns(['series_id', 'starts_at'])
      .execute();

    // A recurring series as the librarian defined it (RFC 5545 RRULE, park-local times).
    // Its sessions are rows of `sessions`; the series itself never leaves the server.
    await db.schema
      .createTable('series')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id'))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      /** The RRULE (without DTSTART), e.g. FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=10. */
      .addColumn('rrule', 'text', (c) => c.notNull())
      /** The first occurrence's park-local date and time, "YYYY-MM-DDTHH:MM". */
      .addColumn('starts_local', 'text', (c) => c.notNull())
      .addColumn('duration_minutes', 'integer', (c) => c.notNull())
      .addColumn('room', 'text', (c) => c.notNull())
      .addColumn('capacity', 'integer', (c) => c.notNull())
      /** JSON array of park-local dates ("YYYY-MM-DD") skipped: holidays and exceptions. */
      .addColumn('exdates', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    // People who came without registering (issue 9 §4): counted in the session's
    // attendance, never given a seat. Name, age band and comuna are each optional.
    await db.schema
      .createTable('walk_ins')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
      .addColumn('branch_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('age_band', 'text')
      .addColumn('comuna', 'text')
      .addColumn('stamp', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('walk_ins_session').on('walk_ins').column('session_id').execute();
    // Their count travels with the session (no names): every desk and the console see it.
    await db.schema
      .alterTable('sessions')
      .addColumn('walk_ins', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // When the desk released the seats of people not arrived (once per session: the people
    // it then confirmed from the waitlist are at the door, not no-shows).
    await db.schema.alterTable('sessions').addColumn('released_at', 'text').execute();

    // What each device last said of itself on a pull (issue 9, item 6): its app version,
    // the storage its origin uses (bytes), and since when it has had changes waiting.
    await db.schema.alterTable('clients').addColumn('app_version', 'text').execute();
    await db.schema.alterTable('clients').addColumn('storage_used', 'bigint').execute();
    await db.schema.alterTable('clients').addColumn('pending_since', 'text').execute();

    // Courses in the console (issue 9 §7): an upload is a draft until a librarian publishes
    // it. `courses.version` is the latest import; `published_version` the one learners get
    // (null: never published). Every course imported before this was published at once, and
    // offered in every park: they stay so.
    await db.schema.alterTable('courses').addColumn('published_version', 'integer').execute();
    await sql`update courses set published_version = version`.execute(db);
    // The parks a course is offered in; a phone without a park sees courses offered anywhere.
    await db.schema
      .createTable('course_parks')
      .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('published_by', 'text')
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('course_parks_pk', ['course_id', 'branch_id'])
      .execute();
    await sql`insert into course_parks (course_id, branch_id, published_by, published_at)
      select c.id, b.id, null, c.updated_at from courses c cross join branches b`.execute(db);
  }
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations)
};
