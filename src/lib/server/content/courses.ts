/**
 * Reading published courses: the list, the current manifest, a past version's manifest.
 * Drafts never reach learners: only `published_version` (and the versions before it) of a
 * course offered in at least one park (see publishing.ts).
 */
import { summarise, type CourseManifest, type CourseSummary } from '../../domain/course';
import type { Db } from '../db/index';

/**
 * The courses offered in `park`, or, for a device without a park (a phone that has not
 * chosen one), in any park.
 */
export async function listCourses(db: Db, park: string | null = null): Promise<CourseSummary[]> {
  let q = db
    .selectFrom('courses')
    .innerJoin('course_versions', (j) =>
      j
        .onRef('course_versions.course_id', '=', 'courses.id')
        .onRef('course_versions.version', '=', 'courses.published_version')
    )
    .select('course_versions.manifest')
    .orderBy('courses.title');
  q = park
    ? q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('course_parks')
            .select('course_parks.course_id')
            .whereRef('course_parks.course_id', '=', 'courses.id')
            .where('course_parks.branch_id', '=', park)
        )
      )
    : q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('course_parks')
            .select('course_parks.course_id')
            .whereRef('course_parks.course_id', '=', 'courses.id')
        )
      );
  const rows = await q.execute();
  return rows.map((r) => summarise(JSON.parse(r.manifest) as CourseManifest));
}

/**
 * The published manifest; null for a course only ever a draft, and unknown ids. A course
 * taken out of every park's list still answers: a phone that downloaded it keeps it current.
 */
export async function getManifest(db: Db, id: string): Promise<CourseManifest | null> {
  const row = await db
    .selectFrom('courses')
    .innerJoin('course_versions', (j) =>
      j
        .onRef('course_versions.course_id', '=', 'courses.id')
        .onRef('course_versions.version', '=', 'courses.published_version')
    )
    .select('course_versions.manifest')
    .where('courses.id', '=', id)
    .executeTakeFirst();
  return row ? (JSON.parse(row.manifest) as CourseManifest) : null;
}

/** A version learners have had (the published one or an earlier one), never a draft. */
export async function getManifestVersion(
  db: Db,
  id: string,
  version: number
): Promise<CourseManifest | null> {
  const row = await db
    .selectFrom('course_versions')
    .innerJoin('courses', 'courses.id', 'course_versions.course_id')
    .select('course_versions.manifest')
    .where('course_versions.course_id', '=', id)
    .where('course_versions.version', '=', version)
    .where('courses.published_version', '>=', version)
    .executeTakeFirst();
  return row ? (JSON.parse(row.manifest) as CourseManifest) : null;
}
