import { timingSafeEqual } from 'node:crypto';
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
import type { RequestHandler } from './$types';

/** The published courses, for the course list (each with its size and version). */
export const GET = (async () =>
  json(await listCourses(await getDb()), {
    headers: { 'cache-control': 'no-cache' }
  })) satisfies RequestHandler;

function authorised(header: string | null): boolean {
  const token = process.env.PARQUE_ADMIN_TOKEN;
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * A zip of a course folder, for the staff console. Until staff sign-in exists the upload
 * needs the PARQUE_ADMIN_TOKEN bearer token; without that setting uploads are off.
 */
export const POST = (async ({ request, url }) => {
  if (!process.env.PARQUE_ADMIN_TOKEN) {
    return jsonError(403, 'disabled', 'course upload is off: set PARQUE_ADMIN_TOKEN to enable it');
  }
  if (!authorised(request.headers.get('authorization'))) {
    return jsonError(401, 'unauthorised', 'a valid "Authorization: Bearer <token>" is needed');
  }
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > COURSE_LIMITS.courseBytes) {
    return jsonError(
      413,
      'too_large',
      `a course zip may be at most ${COURSE_LIMITS.courseBytes} bytes`
    );
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > COURSE_LIMITS.courseBytes) {
    return jsonError(
      413,
      'too_large',
      `a course zip may be at most ${COURSE_LIMITS.courseBytes} bytes`
    );
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
