import { json } from '@sveltejs/kit';
import { listCourses } from '$lib/server/content/courses';
import {
  CourseImportError,
  COURSE_LIMITS,
  importCourse,
  readCourseZip
} from '$lib/server/content/import';
import { getContentStore } from '$lib/server/content/store';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import { BodyTooLargeError, readBodyLimited } from '$lib/server/http-guard';
import type { RequestHandler } from './$types';

/** The published courses, for the course list (each with its size and version). */
export const GET = (async () =>
  json(await listCourses(await getDb()), {
    headers: { 'cache-control': 'no-cache' }
  })) satisfies RequestHandler;

/**
 * A zip of a course folder, from the staff console or a script with a staff session: for
 * admins and librarians (the policy table lets nobody else reach this).
 */
export const POST = (async ({ request, url, locals }) => {
  const staff = locals.caller.staff;
  if (!staff || (staff.role !== 'admin' && staff.role !== 'librarian')) {
    return jsonError(401, 'unauthenticated', 'publishing a course needs a librarian sign-in');
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBodyLimited(request, COURSE_LIMITS.courseBytes);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return e.response();
    throw e;
  }
  const id = url.searchParams.get('id') ?? '';
  try {
    const result = await importCourse(await getDb(), getContentStore(), readCourseZip(bytes), id);
    return json(result, { status: result.changed ? 201 : 200 });
  } catch (e) {
    if (e instanceof CourseImportError) {
      return json(
        { error: 'invalid_course', message: e.message, problems: e.problems },
        { status: 422 }
      );
    }
    throw e;
  }
}) satisfies RequestHandler;
