import { fail } from '@sveltejs/kit';
import { audit } from '$lib/server/auth/audit';
import type { StaffIdentity } from '$lib/server/auth/types';
import {
  COURSE_LIMITS,
  CourseImportError,
  formatProblem,
  importCourse,
  readCourseZip
} from '$lib/server/content/import';
import { courseFigures } from '$lib/server/content/learners';
import { listConsoleCourses } from '$lib/server/content/publishing';
import { getContentStore } from '$lib/server/content/store';
import { getDb } from '$lib/server/db/instance';
import { requireStaff } from '../guard.server';
import { MANAGES_COURSES } from './roles.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  const db = await getDb();
  const [courses, figures, parks] = await Promise.all([
    listConsoleCourses(db),
    courseFigures(db),
    db.selectFrom('branches').select(['id', 'name']).orderBy('name').execute()
  ]);
  return {
    courses,
    figures,
    parks,
    manages: mayManage(staff),
    maxMegabytes: COURSE_LIMITS.courseBytes / 1024 / 1024
  };
}) satisfies PageServerLoad;

function mayManage(staff: StaffIdentity): boolean {
  return MANAGES_COURSES.includes(staff.role);
}

/** A fallback course id from the zip's name (course.md's `id:` wins). */
function idFromName(name: string): string {
  return name
    .replace(/\.zip$/i, '')
    .trim()
    .toLowerCase()
    .slice(0, 64);
}

export const actions = {
  upload: async ({ request, locals, url }) => {
    const staff = requireStaff(locals, url);
    if (!mayManage(staff)) return fail(403, { uploadError: 'forbidden' as const });
    const file = (await request.formData()).get('course');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, { uploadError: 'no_file' as const });
    }
    // The body was already held to the course limit (http-guard's BODY_LIMITS).
    if (file.size > COURSE_LIMITS.courseBytes)
      return fail(413, { uploadError: 'too_large' as const });
    const db = await getDb();
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await importCourse(
        db,
        getContentStore(),
        readCourseZip(bytes),
        idFromName(file.name)
      );
      await audit(db, {
        kind: 'course_uploaded',
        staffId: staff.id,
        subject: result.id,
        detail: { version: result.version, changed: result.changed, size: result.size }
      });
      return {
        uploaded: {
          id: result.id,
          version: result.version,
          changed: result.changed,
          warnings: result.warnings.map(formatProblem)
        }
      };
    } catch (e) {
      if (!(e instanceof CourseImportError)) throw e;
      await audit(db, {
        kind: 'course_upload_refused',
        staffId: staff.id,
        detail: { problems: e.problems.length }
      });
      return fail(422, {
        uploadError: 'invalid' as const,
        problems: e.problems.map(formatProblem)
      });
    }
  }
} satisfies Actions;
