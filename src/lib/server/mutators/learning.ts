/**
 * Course progress on the server. Every merge commutes (DESIGN §6): a lesson completed
 * keeps its earliest stamp, attempts are appended once each and scored here against the
 * manifest version the learner took, and the best score is whatever attempt scored best.
 */
import {
  passed,
  scoreQuiz,
  type CompleteLessonArgs,
  type CreateLearnerArgs,
  type QuizAttemptArgs
} from '../../domain/course';
import { REJECTIONS } from '../../domain/rejections';
import type { MutationContext } from './context';
import { MutationRejected } from './context';
import type { CourseManifest } from '../../domain/course';

export async function createLearner(ctx: MutationContext, a: CreateLearnerArgs): Promise<void> {
  const { trx } = ctx;
  const existing = await trx
    .selectFrom('learners')
    .select(['id', 'code_hash'])
    .where((eb) => eb.or([eb('id', '=', a.learnerId), eb('code_hash', '=', a.codeHash)]))
    .execute();
  if (existing.some((l) => l.id === a.learnerId && l.code_hash === a.codeHash)) return;
  if (existing.length) throw new MutationRejected(REJECTIONS.codeInUse);
  await trx
    .insertInto('learners')
    .values({ id: a.learnerId, code_hash: a.codeHash, created_at: ctx.now.toISOString() })
    .execute();
}

async function requireLearner(ctx: MutationContext, learnerId: string): Promise<void> {
  const row = await ctx.trx
    .selectFrom('learners')
    .select('id')
    .where('id', '=', learnerId)
    .executeTakeFirst();
  if (!row) throw new MutationRejected(REJECTIONS.learnerUnknown);
}

export async function completeLesson(ctx: MutationContext, a: CompleteLessonArgs): Promise<void> {
  const { trx } = ctx;
  await requireLearner(ctx, a.learnerId);
  const course = await trx
    .selectFrom('courses')
    .select('id')
    .where('id', '=', a.courseId)
    .executeTakeFirst();
  if (!course) throw new MutationRejected(REJECTIONS.courseUnknown);
  const key = { learner_id: a.learnerId, course_id: a.courseId, lesson_id: a.lessonId };
  const row = await trx
    .selectFrom('lesson_progress')
    .select('stamp')
    .where('learner_id', '=', key.learner_id)
    .where('course_id', '=', key.course_id)
    .where('lesson_id', '=', key.lesson_id)
    .executeTakeFirst();
  if (!row) {
    await trx
      .insertInto('lesson_progress')
      .values({ ...key, stamp: ctx.stamp })
      .execute();
  } else if (ctx.stamp < row.stamp) {
    await trx
      .updateTable('lesson_progress')
      .set({ stamp: ctx.stamp })
      .where('learner_id', '=', key.learner_id)
      .where('course_id', '=', key.course_id)
      .where('lesson_id', '=', key.lesson_id)
      .execute();
  }
}

export async function submitQuizAttempt(ctx: MutationContext, a: QuizAttemptArgs): Promise<void> {
  const { trx } = ctx;
  await requireLearner(ctx, a.learnerId);
  const seen = await trx
    .selectFrom('quiz_attempts')
    .select('id')
    .where('id', '=', a.attemptId)
    .executeTakeFirst();
  if (seen) return;
  const version = await trx
    .selectFrom('course_versions')
    .select('manifest')
    .where('course_id', '=', a.courseId)
    .where('version', '=', a.courseVersion)
    .executeTakeFirst();
  if (!version) throw new MutationRejected(REJECTIONS.courseUnknown);
  const manifest = JSON.parse(version.manifest) as CourseManifest;
  if (!manifest.quiz) throw new MutationRejected(REJECTIONS.courseUnknown);
  const max = manifest.quiz.items.length;
  const score = scoreQuiz(manifest.quiz, a.answers);
  await trx
    .insertInto('quiz_attempts')
    .values({
      id: a.attemptId,
      learner_id: a.learnerId,
      course_id: a.courseId,
      course_version: a.courseVersion,
      score,
      max_score: max,
      passed: passed(score, max, manifest.passMark) ? 1 : 0,
      answers: JSON.stringify(a.answers),
      stamp: ctx.stamp
    })
    .execute();
}
