/** Reading published courses: the list, the current manifest, a past version's manifest. */
import { summarise, type CourseManifest, type CourseSummary } from '../../domain/course';
import type { Db } from '../db/index';

export async function listCourses(db: Db): Promise<CourseSummary[]> {
  const rows = await db.selectFrom('courses').select('manifest').orderBy('title').execute();
  return rows.map((r) => summarise(JSON.parse(r.manifest) as CourseManifest));
}

export async function getManifest(db: Db, id: string): Promise<CourseManifest | null> {
  const row = await db
    .selectFrom('courses')
    .select('manifest')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (JSON.parse(row.manifest) as CourseManifest) : null;
}

export async function getManifestVersion(
  db: Db,
  id: string,
  version: number
): Promise<CourseManifest | null> {
  const row = await db
    .selectFrom('course_versions')
    .select('manifest')
    .where('course_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? (JSON.parse(row.manifest) as CourseManifest) : null;
}
