/**
 * Courses (DESIGN §6): a manifest of lessons and quiz items plus content-addressed assets.
 * Lesson bodies are sanitised HTML made at import and stored as assets too, so a phone
 * needs no Markdown parser and a course update downloads only what changed.
 */
import * as v from 'valibot';
import { formatCode, normaliseCode, randomCode } from './codes';

/** Assets are named by the SHA-256 of their bytes, in lowercase hex. */
export const HASH_PATTERN = /^[0-9a-f]{64}$/;
export const isContentHash = (s: string): boolean => HASH_PATTERN.test(s);
export const contentUrl = (hash: string): string => `/api/content/${hash}`;

export const COURSE_LEVELS = ['inicial', 'intermedio', 'avanzado'] as const;
export type CourseLevel = (typeof COURSE_LEVELS)[number];

export interface CourseAsset {
  hash: string;
  size: number;
  type: string;
}

export interface LessonRef {
  /** Stable across re-imports: the file name without its order number ("01-"). */
  id: string;
  title: string;
  minutes: number;
  /** Hash of the lesson's sanitised HTML. */
  body: string;
  /** Hash of the lesson's audio clip, if it has one. */
  audio: string | null;
  /** Paths (keys of the manifest's `files`) of the pictures and files the body shows. */
  media: string[];
}

export const QUIZ_KINDS = ['single', 'multiple', 'truefalse'] as const;
export type QuizKind = (typeof QUIZ_KINDS)[number];

export interface QuizItem {
  id: string;
  kind: QuizKind;
  prompt: string;
  options: string[];
  /** Indexes of the correct options, ascending. */
  answer: number[];
  explain: string;
}

export interface Quiz {
  title: string;
  items: QuizItem[];
}

export interface CourseManifest {
  id: string;
  /** Grows by one each time an import changes anything in the course. */
  version: number;
  title: string;
  summary: string;
  /** Sanitised HTML of the course's introduction (may be empty). */
  intro: string;
  language: string;
  level: CourseLevel;
  minutes: number;
  /** Percent of quiz points needed to pass. */
  passMark: number;
  lessons: LessonRef[];
  quiz: Quiz | null;
  /**
   * The course's files by path ("img/wifi.svg" → hash). Lesson HTML refers to them as
   * asset:img/wifi.svg, resolved with `resolveAssets` when shown.
   */
  files: Record<string, string>;
  /** Every asset the course needs offline, each once. */
  assets: CourseAsset[];
  /** Sum of the assets' sizes in bytes. */
  size: number;
}

/** One row of the course list. */
export interface CourseSummary {
  id: string;
  version: number;
  title: string;
  summary: string;
  language: string;
  level: CourseLevel;
  minutes: number;
  lessons: number;
  hasQuiz: boolean;
  size: number;
  /** Where "Start" opens. */
  firstLesson: string;
}

export function summarise(m: CourseManifest): CourseSummary {
  return {
    id: m.id,
    version: m.version,
    title: m.title,
    summary: m.summary,
    language: m.language,
    level: m.level,
    minutes: m.minutes,
    lessons: m.lessons.length,
    hasQuiz: m.quiz !== null,
    size: m.size,
    firstLesson: m.lessons[0]?.id ?? ''
  };
}

/** Scores answers against a quiz: one point per item answered exactly right. */
export function scoreQuiz(quiz: Quiz, answers: Record<string, number[]>): number {
  let score = 0;
  for (const item of quiz.items) {
    const given = [...new Set(answers[item.id] ?? [])].sort((a, b) => a - b);
    if (given.length === item.answer.length && given.every((g, i) => g === item.answer[i])) {
      score++;
    }
  }
  return score;
}

export function percent(score: number, max: number): number {
  return max === 0 ? 0 : Math.round((score / max) * 100);
}

export function passed(score: number, max: number, passMark: number): boolean {
  return max > 0 && (score / max) * 100 >= passMark;
}

/**
 * What a device records of an attempt it has just made: scored against the manifest the
 * learner took it on (none if the device no longer holds that version; the server's score
 * replaces it on the next pull). One place for a learner's attempt and a kiosk guest's.
 */
export function scoreAttempt(
  manifest: { version: number; passMark: number; quiz: Quiz | null } | undefined,
  courseVersion: number,
  answers: Record<string, number[]>
): { score: number; maxScore: number; passed: boolean } {
  const quiz = manifest?.version === courseVersion ? manifest.quiz : null;
  const maxScore = quiz?.items.length ?? 0;
  const score = quiz ? scoreQuiz(quiz, answers) : 0;
  return { score, maxScore, passed: passed(score, maxScore, manifest?.passMark ?? 100) };
}

/**
 * Learner recovery codes: 12 symbols of the code alphabet (25^12 ≈ 6·10^16), shown as
 * ABCD-EFGH-JKMN. Only a hash of the code leaves the device.
 */
export const RECOVERY_LENGTH = 12;

export const newRecoveryCode = (randomBytes: (n: number) => Uint8Array): string =>
  randomCode(RECOVERY_LENGTH, randomBytes);

export const normaliseRecoveryCode = (input: string): string | null =>
  normaliseCode(input, RECOVERY_LENGTH);

export const formatRecoveryCode = formatCode;

const uuid = v.pipe(v.string(), v.uuid('must be a UUID'));
const slug = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a course or lesson id')
);
const hash = v.pipe(v.string(), v.regex(HASH_PATTERN, 'must be a SHA-256 hash in hex'));

/** A learner profile made on the device; the server keeps only the code's hash. */
export const CreateLearnerArgsSchema = v.object({
  learnerId: uuid,
  codeHash: hash
});
export type CreateLearnerArgs = v.InferOutput<typeof CreateLearnerArgsSchema>;

/** A lesson read to the end. Progress only grows: completing twice changes nothing. */
export const CompleteLessonArgsSchema = v.object({
  learnerId: uuid,
  courseId: slug,
  lessonId: slug
});
export type CompleteLessonArgs = v.InferOutput<typeof CompleteLessonArgsSchema>;

/** One quiz attempt, appended; the server scores it against the version taken. */
export const QuizAttemptArgsSchema = v.object({
  attemptId: uuid,
  learnerId: uuid,
  courseId: slug,
  courseVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  answers: v.pipe(
    v.record(
      v.pipe(v.string(), v.maxLength(16)),
      v.pipe(
        v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9))),
        v.maxLength(10)
      )
    ),
    v.check((r) => Object.keys(r).length <= 100, 'at most 100 answers')
  )
});
export type QuizAttemptArgs = v.InferOutput<typeof QuizAttemptArgsSchema>;

export const RecoverRequestSchema = v.object({
  code: v.pipe(
    v.string(),
    v.maxLength(32),
    v.check((c) => normaliseRecoveryCode(c) !== null, 'must be a recovery code')
  )
});

/** What a recovery code brings back to a new device. */
export interface LearnerState {
  learnerId: string;
  lessons: { courseId: string; lessonId: string; completedAt: string }[];
  attempts: {
    id: string;
    courseId: string;
    score: number;
    maxScore: number;
    passed: boolean;
    at: string;
  }[];
}

/** On the device: a lesson this learner finished (earliest stamp kept). */
export interface LessonProgress {
  /** `${learnerId}:${courseId}:${lessonId}` */
  id: string;
  learnerId: string;
  courseId: string;
  lessonId: string;
  stamp: string;
}

/** On the device: one quiz attempt, scored against the manifest the learner had. */
export interface QuizAttempt {
  id: string;
  learnerId: string;
  courseId: string;
  courseVersion: number;
  answers: Record<string, number[]>;
  score: number;
  maxScore: number;
  passed: boolean;
  stamp: string;
}

/** The learner using this device: no e-mail, no password, a recovery code (DESIGN §6). */
export interface LearnerProfile {
  id: string;
  code: string;
  /** A visitor trying a course at a shared kiosk: kept only while the visit lasts. */
  guest: boolean;
  createdAt: string;
}

/** Where the learner is in a course: the lesson to open next time. */
export interface CoursePosition {
  /** `${learnerId}:${courseId}` */
  id: string;
  lessonId: string;
  at: string;
}

/** A course's offline copy on the device. */
export interface CourseDownload {
  courseId: string;
  version: number;
  status: 'downloading' | 'paused' | 'complete';
  /** While an update is under way: the new version's hashes (the old manifest still reads). */
  pending?: string[];
  bytesDone: number;
  bytesTotal: number;
  updatedAt: string;
}

/** The bytes of an asset received before the connection dropped, to resume with a Range. */
export interface PartialAsset {
  hash: string;
  data: ArrayBuffer;
}

export const progressId = (learnerId: string, courseId: string, lessonId: string): string =>
  `${learnerId}:${courseId}:${lessonId}`;

/** Points a lesson's asset:<path> references at the content store. */
export function resolveAssets(html: string, files: Record<string, string>): string {
  return html.replace(/(src|href)="asset:([^"]*)"/g, (_, attr: string, path: string) => {
    let name = path;
    try {
      name = decodeURI(path);
    } catch {
      // Left as written; it then matches no file.
    }
    const hash = files[name];
    return hash ? `${attr}="${contentUrl(hash)}"` : `${attr}=""`;
  });
}
