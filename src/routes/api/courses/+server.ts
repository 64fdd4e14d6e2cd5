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

/** A park id as the catalogue writes them (the query is a preference, never trusted further). */
const PARK = /^[a-z0-9-]{1,64}$/;

/**
 * The published courses, for the course list (each with its size and version): those
 * offered in the device's park. A kiosk's or desk's park is the one its credential is bound
 * to; a phone says which park it chose (`?park=`; courses are public, so that is only a
 * filter); a phone without one gets the courses offered anywhere.
 */
export const GET = (async ({ url, locals }) => {
  const asked = url.searchParams.get('park');
  const park = locals.caller.device?.branchId ?? (asked && PARK.test(asked) ? asked : null);
  return json(await listCourses(await getDb(), park), {
    headers: { 'cache-control': 'no-cache' }
  });
}) satisfies RequestHandler;

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
