/**
 * Learners on the server: what a recovery code brings back, and the figures librarians
 * see (aggregates only: no learner is ever listed, DESIGN §8).
 */
import type { CourseManifest, LearnerState } from '../../domain/course';
import type { Db } from '../db/index';
import { sha256 } from './store';

export async function learnerByCode(db: Db, code: string): Promise<LearnerState | null> {
  const learner = await db
    .selectFrom('learners')
    .select('id')
    .where('code_hash', '=', sha256(code))
    .executeTakeFirst();
  if (!learner) return null;
  const [lessons, attempts] = await Promise.all([
    db
      .selectFrom('lesson_progress')
      .select(['course_id', 'lesson_id', 'stamp'])
      .where('learner_id', '=', learner.id)
      .execute(),
    db
      .selectFrom('quiz_attempts')
      .select(['id', 'course_id', 'score', 'max_score', 'passed', 'stamp'])
      .where('learner_id', '=', learner.id)
      .execute()
  ]);
  return {
    learnerId: learner.id,
    lessons: lessons.map((l) => ({
      courseId: l.course_id,
      lessonId: l.lesson_id,
      completedAt: l.stamp
    })),
    attempts: attempts.map((a) => ({
      id: a.id,
      courseId: a.course_id,
      score: Number(a.score),
      maxScore: Number(a.max_score),
      passed: Number(a.passed) === 1,
      at: a.stamp
    }))
  };
}

export interface CourseFigures {
  courseId: string;
  title: string;
  version: number;
  lessons: number;
  /** Learners with at least one lesson read or one attempt. */
  started: number;
  /** Learners who read every lesson of the current version and passed the quiz (if any). */
  completed: number;
  /** Mean of each learner's best quiz score, in percent; null before any attempt. */
  averageScore: number | null;
  attempts: number;
}

export async function courseFigures(db: Db): Promise<CourseFigures[]> {
  // Completion is measured against the version learners get (a newer draft has none yet).
  const courses = await db
    .selectFrom('courses')
    .leftJoin('course_versions', (j) =>
      j
        .onRef('course_versions.course_id', '=', 'courses.id')
        .onRef('course_versions.version', '=', 'courses.published_version')
    )
    .select(['courses.id', 'courses.manifest', 'course_versions.manifest as published'])
    .execute();
  const figures: CourseFigures[] = [];
  for (const c of courses) {
    const m = JSON.parse(c.published ?? c.manifest) as CourseManifest;
    const lessonIds = new Set(m.lessons.map((l) => l.id));
    const progress = await db
      .selectFrom('lesson_progress')
      .select(['learner_id', 'lesson_id'])
      .where('course_id', '=', c.id)
      .execute();
    const attempts = await db
      .selectFrom('quiz_attempts')
      .select(['learner_id', 'score', 'max_score', 'passed'])
      .where('course_id', '=', c.id)
      .execute();
    const read = new Map<string, Set<string>>();
    for (const p of progress) {
      if (!read.has(p.learner_id)) read.set(p.learner_id, new Set());
      if (lessonIds.has(p.lesson_id)) read.get(p.learner_id)?.add(p.lesson_id);
    }
    const best = new Map<string, { pct: number; passed: boolean }>();
    for (const a of attempts) {
      const pct = Number(a.max_score) ? (Number(a.score) / Number(a.max_score)) * 100 : 0;
      const prev = best.get(a.learner_id);
      best.set(a.learner_id, {
        pct: Math.max(prev?.pct ?? 0, pct),
        passed: (prev?.passed ?? false) || Number(a.passed) === 1
      });
    }
    const learners = new Set([...read.keys(), ...best.keys()]);
    let completed = 0;
    for (const l of learners) {
      const allRead = (read.get(l)?.size ?? 0) === lessonIds.size;
      if (allRead && (!m.quiz || best.get(l)?.passed)) completed++;
    }
    const scores = [...best.values()].map((b) => b.pct);
    figures.push({
      courseId: c.id,
      title: m.title,
      version: m.version,
      lessons: lessonIds.size,
      started: learners.size,
      completed,
      averageScore: scores.length
        ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length)
        : null,
      attempts: attempts.length
    });
  }
  return figures.sort((a, b) => a.title.localeCompare(b.title, 'es'));
}
