/** What the course pages read from IndexedDB. */
import type {
  CourseDownload,
  CourseManifest,
  CourseSummary,
  LearnerProfile
} from '../../domain/course';
import { getMeta, META, type ParqueDb } from '../db';
import { courseProgress } from '../learner';

export interface CourseListRow {
  course: CourseSummary;
  download: CourseDownload | undefined;
  /** The server has a newer version than the one downloaded. */
  update: boolean;
  done: number;
  /** The lesson "Continue" opens. */
  resumeAt: string;
}

export async function courseList(db: ParqueDb): Promise<{
  rows: CourseListRow[];
  learner: LearnerProfile | undefined;
}> {
  const learner = await getMeta<LearnerProfile>(db, META.learner);
  const courses = await db.courses.toArray();
  courses.sort((a, b) => a.title.localeCompare(b.title, 'es'));
  const rows = await Promise.all(
    courses.map(async (course) => {
      const download = await db.downloads.get(course.id);
      const p = learner ? await courseProgress(db, learner.id, course.id) : undefined;
      return {
        course,
        download,
        update: download?.status === 'complete' && download.version < course.version,
        done: p?.done.size ?? 0,
        resumeAt: p?.position?.lessonId ?? course.firstLesson
      };
    })
  );
  return { rows, learner };
}

export interface CourseView {
  manifest: CourseManifest | undefined;
  summary: CourseSummary | undefined;
  download: CourseDownload | undefined;
  learner: LearnerProfile | undefined;
  done: Set<string>;
  bestPercent: number | null;
  passed: boolean;
  resumeAt: string | undefined;
}

export async function courseView(db: ParqueDb, courseId: string): Promise<CourseView> {
  const [manifest, summary, download, learner] = await Promise.all([
    db.manifests.get(courseId),
    db.courses.get(courseId),
    db.downloads.get(courseId),
    getMeta<LearnerProfile>(db, META.learner)
  ]);
  const p = learner ? await courseProgress(db, learner.id, courseId) : undefined;
  const best = p?.best;
  return {
    manifest,
    summary,
    download,
    learner,
    done: p?.done ?? new Set(),
    bestPercent: best && best.maxScore ? Math.round((best.score / best.maxScore) * 100) : null,
    passed: p?.attempts.some((a) => a.passed) ?? false,
    resumeAt: p?.position?.lessonId
  };
}
