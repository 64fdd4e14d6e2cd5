import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { resolveAssets } from '$lib/domain/course';
import { parksOf } from '$lib/server/auth/staff';
import { staffInPark } from '$lib/server/auth/types';
import {
  getConsoleCourse,
  latestManifest,
  publishIn,
  PublishError,
  unpublishIn
} from '$lib/server/content/publishing';
import { getContentStore } from '$lib/server/content/store';
import { getDb } from '$lib/server/db/instance';
import { requireStaff } from '../../../guard.server';
import { MANAGES_COURSES } from '../../roles.server';
import type { Actions, PageServerLoad } from './$types';

/** The lesson's HTML as the learner's phone shows it (sanitised at import). */
async function lessonHtml(hash: string, files: Record<string, string>): Promise<string | null> {
  try {
    const bytes = await getContentStore().readVerified(hash);
    return bytes ? resolveAssets(bytes.toString('utf8'), files) : null;
  } catch {
    return null;
  }
}

export const load = (async ({ locals, url, params }) => {
  const staff = requireStaff(locals, url);
  const db = await getDb();
  const [course, manifest] = await Promise.all([
    getConsoleCourse(db, params.id),
    latestManifest(db, params.id)
  ]);
  if (!course || !manifest) error(404, 'not_found');
  const wanted = params.lesson;
  const index = Math.max(
    0,
    manifest.lessons.findIndex((l) => l.id === wanted)
  );
  const lesson = manifest.lessons[index];
  const parks = await parksOf(db, staff);
  return {
    course,
    manifest: {
      title: manifest.title,
      summary: manifest.summary,
      intro: resolveAssets(manifest.intro, manifest.files),
      lessons: manifest.lessons.map((l) => ({ id: l.id, title: l.title, minutes: l.minutes })),
      quiz: manifest.quiz
    },
    lesson: lesson
      ? {
          index,
          id: lesson.id,
          title: lesson.title,
          audio: lesson.audio,
          html: await lessonHtml(lesson.body, manifest.files)
        }
      : null,
    parks: parks.map((p) => ({ ...p, offered: course.parks.includes(p.id) })),
    manages: MANAGES_COURSES.includes(staff.role)
  };
}) satisfies PageServerLoad;

const ParkForm = v.object({ branchId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });

type Problem = 'forbidden' | PublishError['problem'];

async function change(
  kind: 'publish' | 'unpublish',
  { request, locals, url, params }: Parameters<Actions[string]>[0]
) {
  const staff = requireStaff(locals, url);
  const refuse = (status: number, problem: Problem) => fail(status, { problem });
  if (!MANAGES_COURSES.includes(staff.role)) return refuse(403, 'forbidden');
  const form = v.safeParse(ParkForm, Object.fromEntries(await request.formData()));
  if (!form.success || !staffInPark(staff, form.output.branchId)) return refuse(403, 'park');
  const db = await getDb();
  try {
    if (kind === 'publish') {
      const { version } = await publishIn(db, staff, params.id ?? '', form.output.branchId);
      return { published: { branchId: form.output.branchId, version } };
    }
    await unpublishIn(db, staff, params.id ?? '', form.output.branchId);
    return { unpublished: { branchId: form.output.branchId } };
  } catch (e) {
    if (!(e instanceof PublishError)) throw e;
    return refuse(e.problem === 'not_found' ? 404 : 409, e.problem);
  }
}

export const actions = {
  publish: async (event) => change('publish', event),
  unpublish: async (event) => change('unpublish', event)
} satisfies Actions;
