/**
 * Drafts and publishing (issue 9 §7). An import lands as a draft: `courses.version` is the
 * latest import, `courses.published_version` the version learners get. Publishing in a park
 * makes the latest version the published one and offers the course there (course_parks);
 * unpublishing takes it out of that park's list. The content is one for every park, so
 * publishing a new version changes what every park that offers the course gets: a librarian
 * may do that only when the course is offered in none but their own parks.
 */
import type { CourseManifest } from '../../domain/course';
import { audit } from '../auth/audit';
import { staffInPark, type StaffIdentity } from '../auth/types';
import { writeTransaction, type Db } from '../db/index';

export interface ConsoleCourse {
  id: string;
  title: string;
  /** The latest import. */
  version: number;
  /** What learners get; null while only a draft. */
  publishedVersion: number | null;
  size: number;
  updatedAt: string;
  /** Parks the course is offered in. */
  parks: string[];
}

/** Every course, drafts included, with where it is offered: for the console. */
export async function listConsoleCourses(db: Db): Promise<ConsoleCourse[]> {
  const [rows, parks] = await Promise.all([
    db
      .selectFrom('courses')
      .select(['id', 'title', 'version', 'published_version', 'size', 'updated_at'])
      .orderBy('title')
      .execute(),
    db.selectFrom('course_parks').select(['course_id', 'branch_id']).execute()
  ]);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    version: Number(r.version),
    publishedVersion: r.published_version === null ? null : Number(r.published_version),
    size: Number(r.size),
    updatedAt: r.updated_at,
    parks: parks.filter((p) => p.course_id === r.id).map((p) => p.branch_id)
  }));
}

export async function getConsoleCourse(db: Db, id: string): Promise<ConsoleCourse | null> {
  return (await listConsoleCourses(db)).find((c) => c.id === id) ?? null;
}

/** The latest import's manifest (a draft or the published one), for the preview. */
export async function latestManifest(db: Db, id: string): Promise<CourseManifest | null> {
  const row = await db
    .selectFrom('courses')
    .select('manifest')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (JSON.parse(row.manifest) as CourseManifest) : null;
}

export type PublishProblem = 'not_found' | 'park' | 'other_parks';

export class PublishError extends Error {
  constructor(readonly problem: PublishProblem) {
    super(problem);
  }
}

/**
 * Publishes the latest version of a course in one park. Refused (PublishError, nothing
 * written) for a course or park that does not exist, a park the member of staff does not
 * work in, and, for a librarian, a new version while another park offers the course.
 */
export async function publishIn(
  db: Db,
  staff: Pick<StaffIdentity, 'id' | 'role' | 'branchIds'>,
  courseId: string,
  branchId: string,
  now = new Date()
): Promise<{ version: number }> {
  return writeTransaction(db, async (trx) => {
    const course = await trx
      .selectFrom('courses')
      .select(['version', 'published_version'])
      .where('id', '=', courseId)
      .executeTakeFirst();
    const park = await trx
      .selectFrom('branches')
      .select('id')
      .where('id', '=', branchId)
      .executeTakeFirst();
    if (!course) throw new PublishError('not_found');
    if (!park || !staffInPark(staff as StaffIdentity, branchId)) throw new PublishError('park');
    const version = Number(course.version);
    const newVersion = course.published_version === null || Number(course.published_version) !== version;
    if (newVersion && staff.role !== 'admin') {
      const offered = await trx
        .selectFrom('course_parks')
        .select('branch_id')
        .where('course_id', '=', courseId)
        .execute();
      if (offered.some((p) => !staff.branchIds.includes(p.branch_id))) {
        throw new PublishError('other_parks');
      }
    }
    await trx
      .updateTable('courses')
      .set({ published_version: version })
      .where('id', '=', courseId)
      .execute();
    await trx
      .insertInto('course_parks')
      .values({
        course_id: courseId,
        branch_id: branchId,
        published_by: staff.id,
        published_at: now.toISOString()
      })
      .onConflict((oc) => oc.columns(['course_id', 'branch_id']).doNothing())
      .execute();
    await audit(
      trx,
      {
        kind: 'course_published',
        staffId: staff.id,
        branchId,
        subject: courseId,
        detail: { version, newVersion }
      },
      now
    );
    return { version };
  });
}

/** Takes a course out of one park's list (the version stays published where else it is). */
export async function unpublishIn(
  db: Db,
  staff: Pick<StaffIdentity, 'id' | 'role' | 'branchIds'>,
  courseId: string,
  branchId: string,
  now = new Date()
): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const course = await trx
      .selectFrom('courses')
      .select('id')
      .where('id', '=', courseId)
      .executeTakeFirst();
    if (!course) throw new PublishError('not_found');
    if (!staffInPark(staff as StaffIdentity, branchId)) throw new PublishError('park');
    const gone = await trx
      .deleteFrom('course_parks')
      .where('course_id', '=', courseId)
      .where('branch_id', '=', branchId)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw new PublishError('park');
    await audit(
      trx,
      { kind: 'course_unpublished', staffId: staff.id, branchId, subject: courseId },
      now
    );
  });
}

/**
 * Publishes the latest version in every park (the demo seed and the command line, which
 * an operator runs: what they import is offered at once, as before the console).
 */
export async function publishEverywhere(db: Db, courseId: string, now = new Date()): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const course = await trx
      .selectFrom('courses')
      .select('version')
      .where('id', '=', courseId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('courses')
      .set({ published_version: Number(course.version) })
      .where('id', '=', courseId)
      .execute();
    const parks = await trx.selectFrom('branches').select('id').execute();
    for (const p of parks) {
      await trx
        .insertInto('course_parks')
        .values({
          course_id: courseId,
          branch_id: p.id,
          published_by: null,
          published_at: now.toISOString()
        })
        .onConflict((oc) => oc.columns(['course_id', 'branch_id']).doNothing())
        .execute();
    }
  });
}
