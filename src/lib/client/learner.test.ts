import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  formatRecoveryCode,
  normaliseRecoveryCode,
  progressId,
  type CourseManifest,
  type LearnerProfile,
  type LearnerState
} from '../domain/course';
import { encodeHlc } from '../domain/hlc';
import { saveBranches } from '../server/catalogue';
import { getManifest } from '../server/content/courses';
import { importCourse } from '../server/content/import';
import { publishEverywhere } from '../server/content/publishing';
import { learnerByCode } from '../server/content/learners';
import { ContentStore, sha256 } from '../server/content/store';
import { writeTransaction } from '../server/db/index';
import { course } from '../server/test/courses';
import { branch, testDb, type TestDb } from '../server/test/factories';
import { inProcessServer, type InProcessServer } from '../test/in-process-server';
import { getMeta, META, ParqueDb } from './db';
import {
  completeLesson,
  courseProgress,
  currentLearner,
  ensureLearner,
  forgetGuest,
  hashCode,
  recoverLearner,
  RecoveryError,
  saveGuest,
  setPosition,
  submitAttempt
} from './learner';
import { pushAll } from './sync/push';

/** The test course's quiz: q1 single [0], q2 multiple [0, 1], q3 true/false [0]; passMark 60. */
const RIGHT = { q1: [0], q2: [0, 1], q3: [0] };

let t: TestDb;
let contentDir: string;
let server: InProcessServer;
let manifest: CourseManifest;

beforeAll(async () => {
  t = await testDb();
  contentDir = mkdtempSync(join(tmpdir(), 'parque-content-'));
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a')]);
  });
  await importCourse(t.db, new ContentStore(contentDir), course(), 'prueba');
  await publishEverywhere(t.db, 'prueba');
  const m = await getManifest(t.db, 'prueba');
  if (!m) throw new Error('the test course was not imported');
  manifest = m;
  server = inProcessServer(t.db);
});
afterAll(async () => {
  await t.cleanup();
  rmSync(contentDir, { recursive: true, force: true });
});

const open: ParqueDb[] = [];
let seq = 0;
function device(): ParqueDb {
  const db = new ParqueDb(`learner-test-${++seq}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

const outbox = (db: ParqueDb) => db.outbox.orderBy('id').toArray();
const rowsOf = async (db: ParqueDb, learnerId: string) => ({
  progress: await db.progress.where('[learnerId+courseId]').equals([learnerId, 'prueba']).toArray(),
  attempts: await db.attempts.where('[learnerId+courseId]').equals([learnerId, 'prueba']).toArray()
});

/**
 * A fetch that answers the recovery request with `status` and `body` (and a phone's first
 * contact with a credential, as the server does).
 */
function answering(status: number, body: unknown = {}) {
  return vi.fn<typeof fetch>((input) => {
    const first = String(input) === '/api/devices';
    return Promise.resolve(
      new Response(
        JSON.stringify(
          first ? { deviceId: crypto.randomUUID(), secret: 's'.repeat(43), kind: 'phone' } : body
        ),
        { status: first ? 201 : status, headers: { 'content-type': 'application/json' } }
      )
    );
  });
}

/** The calls a mocked fetch got for the recovery endpoint. */
const recoverCalls = (fetchFn: ReturnType<typeof answering>) =>
  fetchFn.mock.calls.filter(([url]) => String(url) === '/api/learners/recover');

/** The real server behind fetch: sync through push/pull, recovery through learnerByCode. */
const withRecovery: typeof fetch = async (input, init) => {
  const url = new URL(String(input), 'http://parque.test');
  if (url.pathname !== '/api/learners/recover') return server.fetch(input, init);
  const { code } = JSON.parse(String(init?.body)) as { code: string };
  const state = await learnerByCode(t.db, normaliseRecoveryCode(code) ?? '');
  return state ? Response.json(state) : Response.json({ error: 'not_found' }, { status: 404 });
};

describe('ensureLearner', () => {
  it('makes one profile and one createLearner entry; calling again keeps them', async () => {
    const db = device();
    const me = await ensureLearner(db, false);
    expect(me.guest).toBe(false);
    expect(me.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(normaliseRecoveryCode(me.code)).toBe(me.code);
    expect(normaliseRecoveryCode(formatRecoveryCode(me.code))).toBe(me.code);

    const entries = await outbox(db);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      id: 1,
      name: 'createLearner',
      // Only the hash leaves the device, and it is the hash the server looks codes up by.
      args: { learnerId: me.id, codeHash: sha256(me.code) }
    });
    expect(await hashCode(me.code)).toBe(sha256(me.code));

    expect(await ensureLearner(db, false)).toEqual(me);
    expect(await ensureLearner(db, true)).toEqual(me);
    expect(await currentLearner(db)).toEqual(me);
    expect(await db.outbox.count()).toBe(1);
  });

  it('two calls at once still make a single learner', async () => {
    const db = device();
    const [a, b] = await Promise.all([ensureLearner(db, false), ensureLearner(db, false)]);
    expect(a).toEqual(b);
    expect(await db.outbox.count()).toBe(1);
  });

  it('makes different codes on different devices', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add((await ensureLearner(device(), false)).code);
    expect(codes.size).toBe(5);
  });
});

describe('a signed-in learner', () => {
  it('queues completeLesson once per lesson and scores an attempt as the server will', async () => {
    const db = device();
    await db.manifests.put(manifest);
    const me = await ensureLearner(db, false);
    await completeLesson(db, me, 'prueba', 'inicio');
    await completeLesson(db, me, 'prueba', 'inicio');
    const attempt = await submitAttempt(db, me, manifest, { q1: [0], q2: [0], q3: [0] });
    expect(attempt).toMatchObject({ score: 2, maxScore: 3, passed: true, courseVersion: 1 });
    expect((await outbox(db)).map((m) => m.name)).toEqual([
      'createLearner',
      'completeLesson',
      'submitQuizAttempt'
    ]);

    await pushAll(db, 'br-a', server.fetch);
    expect(await db.outbox.count()).toBe(0);
    const row = await t.db
      .selectFrom('quiz_attempts')
      .select(['score', 'max_score', 'passed'])
      .where('id', '=', attempt.id)
      .executeTakeFirst();
    expect(row).toEqual({ score: 2, max_score: 3, passed: 1 });
  });
});

describe('a guest on a kiosk', () => {
  async function guestWithProgress(db: ParqueDb) {
    await db.manifests.put(manifest);
    const guest = await ensureLearner(db, true);
    await completeLesson(db, guest, 'prueba', 'inicio');
    await completeLesson(db, guest, 'prueba', 'final');
    await completeLesson(db, guest, 'prueba', 'final');
    const attempt = await submitAttempt(db, guest, manifest, RIGHT);
    await setPosition(db, guest, 'prueba', 'final');
    return { guest, attempt };
  }

  it('keeps progress on the kiosk only: rows, and no outbox entries', async () => {
    const db = device();
    const { guest, attempt } = await guestWithProgress(db);
    expect(guest.guest).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    expect(attempt).toMatchObject({ score: 3, maxScore: 3, passed: true, learnerId: guest.id });
    const { progress, attempts } = await rowsOf(db, guest.id);
    expect(progress.map((p) => p.id).sort()).toEqual([
      progressId(guest.id, 'prueba', 'final'),
      progressId(guest.id, 'prueba', 'inicio')
    ]);
    expect(attempts).toEqual([attempt]);
    const seen = await courseProgress(db, guest.id, 'prueba');
    expect([...seen.done].sort()).toEqual(['final', 'inicio']);
    expect(seen.best?.id).toBe(attempt.id);
    expect(seen.position?.lessonId).toBe('final');
  });

  it('forgetGuest removes the guest and all their rows, and nobody else’s', async () => {
    const db = device();
    const { guest } = await guestWithProgress(db);
    const other = crypto.randomUUID();
    await db.progress.put({
      id: progressId(other, 'prueba', 'inicio'),
      learnerId: other,
      courseId: 'prueba',
      lessonId: 'inicio',
      stamp: '2026-01-01T00:00:00.000Z'
    });
    await forgetGuest(db);
    expect(await currentLearner(db)).toBeUndefined();
    expect(await rowsOf(db, guest.id)).toEqual({ progress: [], attempts: [] });
    expect(await db.positions.count()).toBe(0);
    expect(await db.progress.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('forgetGuest after saveGuest forgets the learner on the kiosk but still sends their progress', async () => {
    const db = device();
    const { guest } = await guestWithProgress(db);
    await saveGuest(db);
    await forgetGuest(db);
    expect(await currentLearner(db)).toBeUndefined();
    expect(await rowsOf(db, guest.id)).toEqual({ progress: [], attempts: [] });
    expect((await outbox(db)).map((m) => m.name)).toEqual([
      'createLearner',
      'completeLesson',
      'completeLesson',
      'submitQuizAttempt'
    ]);
    // The next visitor starts afresh.
    const next = await ensureLearner(db, true);
    expect(next.id).not.toBe(guest.id);
  });

  it('saveGuest queues createLearner, the lessons and the attempts in order, and keeps the rows', async () => {
    const db = device();
    const { guest, attempt } = await guestWithProgress(db);
    const saved = await saveGuest(db);
    expect(saved).toEqual({ ...guest, guest: false });
    expect(await currentLearner(db)).toEqual(saved);

    const entries = await outbox(db);
    expect(entries.map((m) => m.id)).toEqual([1, 2, 3, 4]);
    expect(entries.map((m) => m.name)).toEqual([
      'createLearner',
      'completeLesson',
      'completeLesson',
      'submitQuizAttempt'
    ]);
    expect(entries[0]?.args).toEqual({ learnerId: guest.id, codeHash: sha256(guest.code) });
    expect(entries.slice(1, 3).map((m) => m.args)).toEqual(
      expect.arrayContaining([
        { learnerId: guest.id, courseId: 'prueba', lessonId: 'inicio' },
        { learnerId: guest.id, courseId: 'prueba', lessonId: 'final' }
      ])
    );
    expect(entries[3]?.args).toEqual({
      attemptId: attempt.id,
      learnerId: guest.id,
      courseId: 'prueba',
      courseVersion: 1,
      answers: RIGHT
    });

    const { progress, attempts } = await rowsOf(db, guest.id);
    expect(progress.map((p) => p.lessonId).sort()).toEqual(['final', 'inicio']);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ id: attempt.id, score: 3, maxScore: 3, passed: true });
    // Saving twice queues nothing more.
    await saveGuest(db);
    expect(await db.outbox.count()).toBe(4);

    // And the library gets it all under the guest's code.
    await pushAll(db, 'br-a', server.fetch);
    const state = await learnerByCode(t.db, guest.code);
    expect(state?.learnerId).toBe(guest.id);
    expect(state?.lessons.map((l) => l.lessonId).sort()).toEqual(['final', 'inicio']);
    expect(state?.attempts).toEqual([
      expect.objectContaining({ id: attempt.id, score: 3, maxScore: 3, passed: true })
    ]);
  });

  it('saveGuest keeps the score of an attempt on a course updated since', async () => {
    const db = device();
    const { guest, attempt } = await guestWithProgress(db);
    // The course was updated (and read again) on the kiosk before the guest saved.
    await db.manifests.put({ ...manifest, version: 2 });
    await saveGuest(db);
    const [row] = (await rowsOf(db, guest.id)).attempts;
    expect(row).toMatchObject({ id: attempt.id, score: 3, maxScore: 3, passed: true });
  });
});

describe('recoverLearner', () => {
  const CODE = 'ACDEFGHJKMNP';
  const recovered: LearnerState = {
    learnerId: '0b7c6c1e-5d3a-4f6e-9a1b-2c3d4e5f6a7b',
    lessons: [
      {
        courseId: 'prueba',
        lessonId: 'inicio',
        completedAt: encodeHlc({ wall: 1_700_000_000_000, counter: 0, node: 'x' })
      }
    ],
    attempts: [
      {
        id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
        courseId: 'prueba',
        score: 1,
        maxScore: 3,
        passed: false,
        at: encodeHlc({ wall: 1_700_000_000_000, counter: 1, node: 'x' })
      }
    ]
  };

  it('adopts the learner, writes their progress and re-sends what was done here under the new id', async () => {
    const db = device();
    await db.manifests.put(manifest);
    const before = await ensureLearner(db, false);
    await completeLesson(db, before, 'prueba', 'final');
    const local = await submitAttempt(db, before, manifest, RIGHT);
    await setPosition(db, before, 'prueba', 'final');
    const queued = await db.outbox.count();

    const fetchFn = answering(200, recovered);
    const me = await recoverLearner(db, ' acde-fghj-kmnp ', fetchFn);
    expect(recoverCalls(fetchFn)).toHaveLength(1);
    const [url, init] = recoverCalls(fetchFn)[0] ?? [];
    expect(url).toBe('/api/learners/recover');
    expect(init?.method).toBe('POST');
    // The device's credential travels in the header, never in the URL.
    expect(new Headers(init?.headers).get('authorization')).toMatch(/^Device [0-9a-f-]{36}\./);
    expect(JSON.parse(String(init?.body))).toEqual({ code: CODE });

    expect(me).toMatchObject({ id: recovered.learnerId, code: CODE, guest: false });
    expect(await currentLearner(db)).toEqual(me);

    const { progress, attempts } = await rowsOf(db, recovered.learnerId);
    expect(progress.map((p) => p.lessonId).sort()).toEqual(['final', 'inicio']);
    expect(progress.find((p) => p.lessonId === 'inicio')?.stamp).toBe(
      recovered.lessons[0]?.completedAt
    );
    // The attempt made here gets a new id: its old one may be the old profile's on the server.
    const moved = attempts.find((a) => a.id !== recovered.attempts[0]?.id);
    expect(attempts).toHaveLength(2);
    expect(moved?.id).not.toBe(local.id);
    expect(moved).toMatchObject({ score: local.score, passed: local.passed });
    expect(attempts.find((a) => a.id === recovered.attempts[0]?.id)).toMatchObject({
      score: 1,
      maxScore: 3,
      passed: false
    });
    // Nothing is left under the old profile on this device.
    expect(await rowsOf(db, before.id)).toEqual({ progress: [], attempts: [] });
    expect(await db.positions.get(`${recovered.learnerId}:prueba`)).toMatchObject({
      lessonId: 'final'
    });
    expect(await db.positions.get(`${before.id}:prueba`)).toBeUndefined();

    const resent = (await outbox(db)).slice(queued);
    expect(resent.map((m) => [m.name, m.args])).toEqual([
      ['completeLesson', { learnerId: recovered.learnerId, courseId: 'prueba', lessonId: 'final' }],
      [
        'submitQuizAttempt',
        {
          attemptId: moved?.id,
          learnerId: recovered.learnerId,
          courseId: 'prueba',
          courseVersion: 1,
          answers: RIGHT
        }
      ]
    ]);
  });

  it('on a device with no learner yet, adopts the learner and queues nothing', async () => {
    const db = device();
    const me = await recoverLearner(db, CODE, answering(200, recovered));
    expect(me.id).toBe(recovered.learnerId);
    expect(await db.outbox.count()).toBe(0);
    expect((await courseProgress(db, me.id, 'prueba')).done).toEqual(new Set(['inicio']));
  });

  it.each([
    [404, 'unknown'],
    [429, 'too_many'],
    [400, 'bad_code'],
    [500, 'offline']
  ] as const)(
    'HTTP %i → RecoveryError %s, and the device keeps its learner',
    async (status, why) => {
      const db = device();
      const me = await ensureLearner(db, false);
      const err = await recoverLearner(db, CODE, answering(status)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RecoveryError);
      expect((err as RecoveryError).reason).toBe(why);
      expect(await currentLearner(db)).toEqual(me);
      expect(await db.outbox.count()).toBe(1);
    }
  );

  it('a malformed code is bad_code without asking the server', async () => {
    const db = device();
    for (const input of [
      '',
      'ACDE-FGHJ-KMN',
      'ACDE-FGHJ-KMNPQ',
      'BBBB-FGHJ-KMNP',
      'ACDE-FGHJ-KMN0'
    ]) {
      const fetchFn = answering(200, recovered);
      await expect(recoverLearner(db, input, fetchFn)).rejects.toMatchObject({
        reason: 'bad_code'
      });
      expect(fetchFn).not.toHaveBeenCalled();
    }
    expect(await currentLearner(db)).toBeUndefined();
  });

  it('a network failure is offline', async () => {
    const db = device();
    const fetchFn = vi.fn<typeof fetch>(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(recoverLearner(db, CODE, fetchFn)).rejects.toMatchObject({ reason: 'offline' });
    await expect(recoverLearner(db, CODE, fetchFn)).rejects.toBeInstanceOf(RecoveryError);
    expect(await currentLearner(db)).toBeUndefined();
  });
});

describe('round trip through the real server', () => {
  it('device B recovers A’s code and sees A’s lessons; its own progress joins them', async () => {
    const a = device();
    await a.manifests.put(manifest);
    const ana: LearnerProfile = await ensureLearner(a, false);
    await completeLesson(a, ana, 'prueba', 'inicio');
    await completeLesson(a, ana, 'prueba', 'final');
    const tried = await submitAttempt(a, ana, manifest, { q1: [0] });
    await pushAll(a, 'br-a', server.fetch);
    expect(await a.outbox.count()).toBe(0);
    expect(await getMeta(a, META.lastMutationId)).toBe(4);

    // B is a kiosk where Ana had started as a guest before remembering her code.
    const b = device();
    await b.manifests.put(manifest);
    const guest = await ensureLearner(b, true);
    await completeLesson(b, guest, 'prueba', 'final');
    const passedHere = await submitAttempt(b, guest, manifest, RIGHT);

    const me = await recoverLearner(b, formatRecoveryCode(ana.code).toLowerCase(), withRecovery);
    expect(me).toMatchObject({ id: ana.id, code: ana.code, guest: false });
    const seen = await courseProgress(b, ana.id, 'prueba');
    expect([...seen.done].sort()).toEqual(['final', 'inicio']);
    expect(seen.attempts.map((x) => x.id).sort()).toEqual([tried.id, passedHere.id].sort());
    expect(seen.best?.id).toBe(passedHere.id);

    await pushAll(b, 'br-a', withRecovery);
    expect(await b.outbox.count()).toBe(0);
    const state = await learnerByCode(t.db, ana.code);
    expect(state?.lessons.map((l) => l.lessonId).sort()).toEqual(['final', 'inicio']);
    expect(state?.attempts.map((x) => [x.id, x.score, x.passed]).sort()).toEqual(
      [
        [tried.id, 1, false],
        [passedHere.id, 3, true]
      ].sort()
    );

    // A code nobody has is 'unknown', through the same path.
    await expect(recoverLearner(device(), 'QRTU-VWXY-3467', withRecovery)).rejects.toMatchObject({
      reason: 'unknown'
    });
  });

  it('an attempt made under a previous (saved) profile ends up the recovered learner’s on the server', async () => {
    const a = device();
    const ana = await ensureLearner(a, false);
    await pushAll(a, 'br-a', server.fetch);

    // B is Ana's phone, where she had made another profile and taken the quiz with it.
    const b = device();
    await b.manifests.put(manifest);
    const before = await ensureLearner(b, false);
    await completeLesson(b, before, 'prueba', 'inicio');
    const passedHere = await submitAttempt(b, before, manifest, RIGHT);

    await recoverLearner(b, ana.code, withRecovery);
    const local = await courseProgress(b, ana.id, 'prueba');
    expect(local.done).toEqual(new Set(['inicio']));
    expect(local.best).toMatchObject({ score: 3, passed: true, answers: passedHere.answers });

    await pushAll(b, 'br-a', server.fetch);
    expect(await b.outbox.count()).toBe(0);
    // Whatever device Ana recovers on next must see what this one shows her. (Today the
    // server files the attempt under `before`: the original submitQuizAttempt reaches it
    // first, and the re-sent one with the same attemptId is taken as a duplicate.)
    const state = await learnerByCode(t.db, ana.code);
    expect(state?.lessons.map((l) => l.lessonId)).toEqual(['inicio']);
    expect(state?.attempts.map((x) => [x.score, x.passed])).toEqual([[3, true]]);
  });
});
