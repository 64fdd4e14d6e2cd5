/**
 * The learner on this device (DESIGN §6): a profile made on first use, with no e-mail or
 * password, and a recovery code that carries progress to another device. On a shared
 * kiosk the visitor studies as a guest: nothing leaves the kiosk unless they save their
 * progress with a code, and the kiosk's reset forgets it.
 */
import {
  newRecoveryCode,
  normaliseRecoveryCode,
  progressId,
  scoreAttempt,
  type CourseManifest,
  type LearnerProfile,
  type LearnerState,
  type QuizAttempt
} from '../domain/course';
import type { Table } from 'dexie';
import { getMeta, META, type ParqueDb } from './db';
import { mutate, mutationTables } from './mutate';
import { sha256Hex } from './sha256';

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export async function hashCode(code: string): Promise<string> {
  return sha256Hex(new TextEncoder().encode(code));
}

/** Every progress or attempt row of one learner, whatever the course. */
function ofLearner<T, I>(table: Table<T, string, I>, learnerId: string) {
  return table.where('[learnerId+courseId]').between([learnerId, ''], [learnerId, '\uffff']);
}

export async function currentLearner(db: ParqueDb): Promise<LearnerProfile | undefined> {
  return getMeta<LearnerProfile>(db, META.learner);
}

/** The device's learner, made now if there is none (a guest on a kiosk). */
export async function ensureLearner(db: ParqueDb, guest: boolean): Promise<LearnerProfile> {
  const existing = await currentLearner(db);
  if (existing) return existing;
  const profile: LearnerProfile = {
    id: crypto.randomUUID(),
    code: newRecoveryCode(randomBytes),
    guest,
    createdAt: new Date().toISOString()
  };
  // Hashed before the transaction: a non-Dexie promise inside one would end it.
  const codeHash = await hashCode(profile.code);
  await db.transaction('rw', mutationTables(db), async () => {
    if (await currentLearner(db)) return;
    await db.meta.put({ key: META.learner, value: profile });
    if (!guest) await mutate(db, 'createLearner', { learnerId: profile.id, codeHash });
  });
  return (await currentLearner(db)) ?? profile;
}

/** Marks a lesson read. A guest's progress stays on the kiosk until it is saved. */
export async function completeLesson(
  db: ParqueDb,
  learner: LearnerProfile,
  courseId: string,
  lessonId: string
): Promise<void> {
  const args = { learnerId: learner.id, courseId, lessonId };
  if (!learner.guest) {
    if (await db.progress.get(progressId(learner.id, courseId, lessonId))) return;
    await mutate(db, 'completeLesson', args);
    return;
  }
  const id = progressId(learner.id, courseId, lessonId);
  if (!(await db.progress.get(id))) {
    await db.progress.put({ id, ...args, stamp: new Date().toISOString() });
  }
}

/** Records a quiz attempt and returns it, scored as the server will score it. */
export async function submitAttempt(
  db: ParqueDb,
  learner: LearnerProfile,
  manifest: CourseManifest,
  answers: Record<string, number[]>
): Promise<QuizAttempt> {
  const attemptId = crypto.randomUUID();
  const args = {
    attemptId,
    learnerId: learner.id,
    courseId: manifest.id,
    courseVersion: manifest.version,
    answers
  };
  if (!learner.guest) {
    await mutate(db, 'submitQuizAttempt', args);
  } else if (manifest.quiz) {
    // A kiosk guest's attempt stays on the device (it is never sent), scored the same way.
    await db.attempts.put({
      id: attemptId,
      learnerId: learner.id,
      courseId: manifest.id,
      courseVersion: manifest.version,
      answers,
      ...scoreAttempt(manifest, manifest.version, answers),
      stamp: new Date().toISOString()
    });
  }
  const attempt = await db.attempts.get(attemptId);
  if (!attempt) throw new Error('the attempt was not saved');
  return attempt;
}

export async function setPosition(
  db: ParqueDb,
  learner: LearnerProfile,
  courseId: string,
  lessonId: string
): Promise<void> {
  await db.positions.put({
    id: `${learner.id}:${courseId}`,
    lessonId,
    at: new Date().toISOString()
  });
}

/** Keeps a kiosk guest's progress: it is sent to the library under their recovery code. */
export async function saveGuest(db: ParqueDb): Promise<LearnerProfile | undefined> {
  const learner = await currentLearner(db);
  if (!learner?.guest) return learner;
  const codeHash = await hashCode(learner.code);
  await db.transaction('rw', mutationTables(db), async () => {
    const saved = { ...learner, guest: false };
    await db.meta.put({ key: META.learner, value: saved });
    await mutate(db, 'createLearner', { learnerId: learner.id, codeHash });
    const lessons = await ofLearner(db.progress, learner.id).toArray();
    // The rows stay (same learner): the device's mutators keep existing rows, scores too.
    for (const p of lessons) {
      await mutate(db, 'completeLesson', {
        learnerId: p.learnerId,
        courseId: p.courseId,
        lessonId: p.lessonId
      });
    }
    const attempts = await ofLearner(db.attempts, learner.id).toArray();
    for (const a of attempts) {
      await mutate(db, 'submitQuizAttempt', {
        attemptId: a.id,
        learnerId: a.learnerId,
        courseId: a.courseId,
        courseVersion: a.courseVersion,
        answers: a.answers
      });
    }
  });
  return currentLearner(db);
}

/**
 * Ends a visit at a shared kiosk: forgets its learner (a guest, or one who saved with a
 * code) and their rows on the kiosk. Saved progress is already in the outbox and reaches
 * the library; a guest's is gone. Never called on a personal phone.
 */
export async function forgetGuest(db: ParqueDb): Promise<void> {
  await db.transaction('rw', [db.meta, db.progress, db.attempts, db.positions], async () => {
    const learner = await currentLearner(db);
    if (!learner) return;
    await ofLearner(db.progress, learner.id).delete();
    await ofLearner(db.attempts, learner.id).delete();
    await db.positions.where('id').startsWith(`${learner.id}:`).delete();
    await db.meta.delete(META.learner);
  });
}

export class RecoveryError extends Error {
  constructor(readonly reason: 'bad_code' | 'unknown' | 'offline' | 'too_many') {
    super(reason);
  }
}

/**
 * Carries a learner to this device: asks the library for the progress saved under the
 * code, adopts that learner, and re-sends any progress made here under the old profile.
 */
export async function recoverLearner(
  db: ParqueDb,
  input: string,
  fetchFn: typeof fetch = fetch
): Promise<LearnerProfile> {
  const code = normaliseRecoveryCode(input);
  if (!code) throw new RecoveryError('bad_code');
  let res: Response;
  try {
    const { withCredential } = await import('./credential');
    res = await withCredential(db, fetchFn)('/api/learners/recover', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code })
    });
  } catch {
    throw new RecoveryError('offline');
  }
  if (res.status === 404) throw new RecoveryError('unknown');
  if (res.status === 429) throw new RecoveryError('too_many');
  if (!res.ok) throw new RecoveryError(res.status === 400 ? 'bad_code' : 'offline');
  const state = (await res.json()) as LearnerState;
  const previous = await currentLearner(db);
  const profile: LearnerProfile = {
    id: state.learnerId,
    code,
    guest: false,
    createdAt: new Date().toISOString()
  };
  await db.transaction('rw', [...mutationTables(db), db.positions], async () => {
    await db.meta.put({ key: META.learner, value: profile });
    for (const l of state.lessons) {
      await db.progress.put({
        id: progressId(state.learnerId, l.courseId, l.lessonId),
        learnerId: state.learnerId,
        courseId: l.courseId,
        lessonId: l.lessonId,
        stamp: l.completedAt
      });
    }
    for (const a of state.attempts) {
      await db.attempts.put({
        id: a.id,
        learnerId: state.learnerId,
        courseId: a.courseId,
        courseVersion: 0,
        answers: {},
        score: a.score,
        maxScore: a.maxScore,
        passed: a.passed,
        stamp: a.at
      });
    }
    if (!previous || previous.id === state.learnerId) return;
    // Progress made here before recovering joins the recovered learner's.
    for (const p of await ofLearner(db.progress, previous.id).toArray()) {
      await db.progress.delete(p.id);
      const id = progressId(state.learnerId, p.courseId, p.lessonId);
      if (!(await db.progress.get(id))) {
        await db.progress.put({ ...p, id, learnerId: state.learnerId });
      }
      await mutate(db, 'completeLesson', {
        learnerId: state.learnerId,
        courseId: p.courseId,
        lessonId: p.lessonId
      });
    }
    for (const a of await ofLearner(db.attempts, previous.id).toArray()) {
      // A saved profile's attempt may already be on the server under its id, so it gets a
      // new one; a guest's never left the kiosk. The row moves first, with its score, so the
      // device keeps what the learner saw.
      const attemptId = previous.guest ? a.id : crypto.randomUUID();
      await db.attempts.delete(a.id);
      await db.attempts.put({ ...a, id: attemptId, learnerId: state.learnerId });
      await mutate(db, 'submitQuizAttempt', {
        attemptId,
        learnerId: state.learnerId,
        courseId: a.courseId,
        courseVersion: a.courseVersion,
        answers: a.answers
      });
    }
    for (const pos of await db.positions.where('id').startsWith(`${previous.id}:`).toArray()) {
      await db.positions.delete(pos.id);
      await db.positions.put({ ...pos, id: `${state.learnerId}:${pos.id.split(':')[1]}` });
    }
  });
  return profile;
}

/** The learner's place and results in one course. */
export async function courseProgress(db: ParqueDb, learnerId: string, courseId: string) {
  const [done, attempts, position] = await Promise.all([
    db.progress.where('[learnerId+courseId]').equals([learnerId, courseId]).toArray(),
    db.attempts.where('[learnerId+courseId]').equals([learnerId, courseId]).toArray(),
    db.positions.get(`${learnerId}:${courseId}`)
  ]);
  const best = attempts.reduce<QuizAttempt | undefined>(
    (b, a) => (!b || a.score / (a.maxScore || 1) > b.score / (b.maxScore || 1) ? a : b),
    undefined
  );
  return { done: new Set(done.map((d) => d.lessonId)), attempts, best, position };
}
