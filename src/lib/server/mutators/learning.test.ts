import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../domain/hlc';
import type { Mutation, Outcome } from '../../domain/mutation';
import { saveBranches } from '../catalogue';
import { courseFigures, learnerByCode } from '../content/learners';
import { importCourse } from '../content/import';
import { ContentStore, sha256 } from '../content/store';
import { writeTransaction } from '../db/index';
import { push } from '../sync/push';
import { course } from '../test/courses';
import { branch, testDb, type TestDb } from '../test/factories';

const NOW = new Date('2026-11-25T15:00:00.000Z');
const clock = () => NOW;

/** The test course's quiz: q1 single [0], q2 multiple [0, 1], q3 true/false [0]; passMark 60. */
const RIGHT = { q1: [0], q2: [0, 1], q3: [0] };

let t: TestDb;
let contentDir: string;

async function setUp(): Promise<void> {
  t = await testDb();
  contentDir = mkdtempSync(join(tmpdir(), 'parque-content-'));
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a')]);
  });
  await importCourse(t.db, new ContentStore(contentDir), course(), 'prueba', NOW);
}
async function tearDown(): Promise<void> {
  await t.cleanup();
  rmSync(contentDir, { recursive: true, force: true });
}

const importAnother = (files: ReturnType<typeof course>, id: string) =>
  importCourse(t.db, new ContentStore(contentDir), files, id, NOW);

/** A device with its own client id and gap-free mutation numbers. */
function device(node = 'dev') {
  const clientId = crypto.randomUUID();
  let next = 1;
  const make = (name: string, args: unknown, wall = NOW.getTime() - 60_000): Mutation => ({
    id: next++,
    name,
    args,
    at: encodeHlc({ wall, counter: 0, node })
  });
  return {
    clientId,
    make,
    async pushBatch(mutations: Mutation[]): Promise<Outcome[]> {
      const res = await push(
        t.db,
        { clientId, branchId: 'br-a', pendingCount: 0, mutations },
        clock
      );
      return res.outcomes;
    },
    /** Makes and pushes one mutation; returns its outcome. */
    async send(name: string, args: unknown, wall?: number): Promise<Outcome | undefined> {
      const outcomes = await this.pushBatch([make(name, args, wall)]);
      return outcomes[0];
    }
  };
}

function newLearner(code: string = crypto.randomUUID()) {
  return { learnerId: crypto.randomUUID(), codeHash: sha256(code) };
}

const applied = (id?: number) => ({ status: 'applied', reason: null, ...(id ? { id } : {}) });
const rejected = (reason: string) => ({ status: 'rejected', reason });

const progressOf = (learnerId: string) =>
  t.db
    .selectFrom('lesson_progress')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .orderBy('lesson_id')
    .execute();
const attemptsOf = (learnerId: string) =>
  t.db
    .selectFrom('quiz_attempts')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .orderBy('id')
    .execute();

describe('learning mutators through push', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('a learner made on a device can complete lessons and submit attempts', async () => {
    const d = device();
    const me = newLearner();
    const wall = NOW.getTime() - 30_000;
    const attemptId = crypto.randomUUID();
    const outcomes = await d.pushBatch([
      d.make('createLearner', me),
      d.make('completeLesson', { learnerId: me.learnerId, courseId: 'prueba', lessonId: 'inicio' }),
      d.make(
        'submitQuizAttempt',
        {
          attemptId,
          learnerId: me.learnerId,
          courseId: 'prueba',
          courseVersion: 1,
          answers: RIGHT
        },
        wall
      )
    ]);
    expect(outcomes).toEqual([applied(1), applied(2), applied(3)]);
    const learners = await t.db.selectFrom('learners').selectAll().execute();
    expect(learners).toEqual([
      { id: me.learnerId, code_hash: me.codeHash, created_at: NOW.toISOString() }
    ]);
    expect(await progressOf(me.learnerId)).toEqual([
      {
        learner_id: me.learnerId,
        course_id: 'prueba',
        lesson_id: 'inicio',
        stamp: encodeHlc({ wall: NOW.getTime() - 60_000, counter: 0, node: 'dev' })
      }
    ]);
    const [attempt] = await attemptsOf(me.learnerId);
    expect(attempt).toMatchObject({
      id: attemptId,
      course_id: 'prueba',
      course_version: 1,
      score: 3,
      max_score: 3,
      passed: 1,
      stamp: encodeHlc({ wall, counter: 0, node: 'dev' })
    });
    expect(JSON.parse(attempt?.answers ?? 'null')).toEqual(RIGHT);
  });

  it('refuses progress for an unknown learner or an unknown course, and writes nothing', async () => {
    const d = device();
    const me = newLearner();
    const stranger = crypto.randomUUID();
    expect(
      await d.send('completeLesson', {
        learnerId: stranger,
        courseId: 'prueba',
        lessonId: 'inicio'
      })
    ).toMatchObject(rejected('learner_unknown'));
    expect(
      await d.send('submitQuizAttempt', {
        attemptId: crypto.randomUUID(),
        learnerId: stranger,
        courseId: 'prueba',
        courseVersion: 1,
        answers: RIGHT
      })
    ).toMatchObject(rejected('learner_unknown'));
    expect(await d.send('createLearner', me)).toMatchObject(applied());
    expect(
      await d.send('completeLesson', {
        learnerId: me.learnerId,
        courseId: 'no-existe',
        lessonId: 'inicio'
      })
    ).toMatchObject(rejected('course_unknown'));
    expect(await t.db.selectFrom('lesson_progress').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('quiz_attempts').selectAll().execute()).toEqual([]);
  });

  it('rejects arguments that do not match the schema', async () => {
    const d = device();
    const out = await d.send('completeLesson', {
      learnerId: 'not-a-uuid',
      courseId: 'prueba',
      lessonId: 'inicio'
    });
    expect(out?.status).toBe('rejected');
    expect(out?.reason).toMatch(/^invalid_args: learnerId: /);
  });

  it('createLearner again with the same id and code hash is a no-op, from any device', async () => {
    const me = newLearner();
    const a = device('a');
    const b = device('b');
    expect(await a.send('createLearner', me)).toMatchObject(applied());
    expect(await a.send('createLearner', me)).toMatchObject(applied());
    expect(await b.send('createLearner', me)).toMatchObject(applied());
    expect(await t.db.selectFrom('learners').selectAll().execute()).toHaveLength(1);
  });

  it('refuses a code hash already taken by another learner, and a learner id with another hash', async () => {
    const me = newLearner('AAAA');
    const d = device();
    await d.send('createLearner', me);
    expect(
      await d.send('createLearner', { learnerId: crypto.randomUUID(), codeHash: me.codeHash })
    ).toMatchObject(rejected('code_in_use'));
    expect(
      await d.send('createLearner', { learnerId: me.learnerId, codeHash: sha256('BBBB') })
    ).toMatchObject(rejected('code_in_use'));
    expect(await t.db.selectFrom('learners').select(['id', 'code_hash']).execute()).toEqual([
      { id: me.learnerId, code_hash: me.codeHash }
    ]);
  });

  it('completing a lesson again keeps the earliest stamp, whichever arrives first', async () => {
    const me = newLearner();
    await device('d').send('createLearner', me);
    const args = { learnerId: me.learnerId, courseId: 'prueba', lessonId: 'final' };
    const base = NOW.getTime() - 3_600_000;
    // Four devices (a device's own stamps only grow: the server floors them, issue 8).
    for (const offset of [2000, 5000, 1000, 3000]) {
      expect(await device('d').send('completeLesson', args, base + offset)).toMatchObject(
        applied()
      );
    }
    const rows = await progressOf(me.learnerId);
    expect(rows.map((r) => r.stamp)).toEqual([
      encodeHlc({ wall: base + 1000, counter: 0, node: 'd' })
    ]);
  });
});

describe('server scoring of quiz attempts', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  async function attempt(
    answers: Record<string, number[]>,
    extra: Record<string, unknown> = {},
    courseVersion = 1,
    courseId = 'prueba'
  ) {
    const me = newLearner();
    const d = device();
    await d.send('createLearner', me);
    const attemptId = crypto.randomUUID();
    const outcome = await d.send('submitQuizAttempt', {
      attemptId,
      learnerId: me.learnerId,
      courseId,
      courseVersion,
      answers,
      ...extra
    });
    const row = await t.db
      .selectFrom('quiz_attempts')
      .select(['score', 'max_score', 'passed', 'course_version'])
      .where('id', '=', attemptId)
      .executeTakeFirst();
    return { outcome, row, me, d, attemptId };
  }

  it.each([
    ['all right', RIGHT, 3, 1],
    ['all right, options in another order and repeated', { q1: [0, 0], q2: [1, 0], q3: [0] }, 3, 1],
    ['two of three (67% ≥ 60%)', { q1: [0], q2: [0], q3: [0] }, 2, 1],
    ['one of three (33%)', { q1: [0], q2: [0, 1, 2], q3: [1] }, 1, 0],
    ['none answered', {}, 0, 0],
    ['answers to items that do not exist count for nothing', { q4: [0], q9: [1] }, 0, 0]
  ])('%s → %i of 3', async (_label, answers, score, pass) => {
    const { outcome, row } = await attempt(answers);
    expect(outcome).toMatchObject(applied());
    expect(row).toEqual({ score, max_score: 3, passed: pass, course_version: 1 });
  });

  it('ignores whatever score the device believes it got', async () => {
    const { outcome, row } = await attempt(
      { q1: [1], q2: [2], q3: [1] },
      { score: 3, maxScore: 3, passed: true }
    );
    expect(outcome).toMatchObject(applied());
    expect(row).toEqual({ score: 0, max_score: 3, passed: 0, course_version: 1 });
  });

  it('scores against the manifest of the version taken, not the current one', async () => {
    const v2 = await importAnother(
      course({
        'course.md':
          '---\ntitle: Curso de prueba\nsummary: Un curso corto.\nlanguage: es\nlevel: inicial\nminutes: 20\npassMark: 100\n---\nBienvenida.\n',
        'quiz.md':
          '---\ntitle: Prueba\n---\n## ¿Uno?\n- [ ] Sí\n- [x] No\n> Porque no.\n\n## El cielo es azul.\n- [x] Verdadero\n- [ ] Falso\n> Casi siempre.\n'
      }),
      'prueba'
    );
    expect(v2).toMatchObject({ version: 2, changed: true });
    expect((await attempt(RIGHT, {}, 1)).row).toEqual({
      score: 3,
      max_score: 3,
      passed: 1,
      course_version: 1
    });
    expect((await attempt(RIGHT, {}, 2)).row).toEqual({
      score: 0,
      max_score: 2,
      passed: 0,
      course_version: 2
    });
    // v2 asks for 100%: one of two fails, two of two passes.
    expect((await attempt({ q1: [1] }, {}, 2)).row).toEqual({
      score: 1,
      max_score: 2,
      passed: 0,
      course_version: 2
    });
    expect((await attempt({ q1: [1], q2: [0] }, {}, 2)).row).toEqual({
      score: 2,
      max_score: 2,
      passed: 1,
      course_version: 2
    });
  });

  it('rejects an attempt on a version or a course that does not exist, or has no quiz', async () => {
    await importAnother(
      course({
        'course.md':
          '---\ntitle: Curso sin prueba\nsummary: Sin quiz.\nlanguage: es\nlevel: inicial\nminutes: 10\npassMark: 60\n---\n',
        'quiz.md': null
      }),
      'sin-prueba'
    );
    for (const [version, id] of [
      [2, 'prueba'],
      [1, 'no-existe'],
      [1, 'sin-prueba']
    ] as const) {
      const { outcome, row } = await attempt(RIGHT, {}, version, id);
      expect(outcome).toMatchObject(rejected('course_unknown'));
      expect(row).toBeUndefined();
    }
  });

  it('appends an attempt once: a re-send keeps the first answers and score', async () => {
    const { me, attemptId, d } = await attempt({ q1: [1] });
    const other = device('other');
    const again = {
      attemptId,
      learnerId: me.learnerId,
      courseId: 'prueba',
      courseVersion: 1,
      answers: RIGHT
    };
    expect(await d.send('submitQuizAttempt', again)).toMatchObject(applied());
    expect(await other.send('submitQuizAttempt', again)).toMatchObject(applied());
    const rows = await attemptsOf(me.learnerId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ score: 0, passed: 0 });
  });
});

describe('merges commute and are idempotent (property)', () => {
  beforeAll(setUp);
  afterAll(tearDown);

  const LESSONS = ['inicio', 'final', 'extra'] as const;
  /** Candidate answers per item, with whether each is right. */
  const CHOICES: Record<'q1' | 'q2' | 'q3', [number[], boolean][]> = {
    q1: [
      [[0], true],
      [[1], false],
      [[], false]
    ],
    q2: [
      [[0, 1], true],
      [[1, 0], true],
      [[0], false],
      [[0, 1, 2], false]
    ],
    q3: [
      [[0], true],
      [[1], false]
    ]
  };
  const answerSet = fc.record({
    q1: fc.nat(CHOICES.q1.length - 1),
    q2: fc.nat(CHOICES.q2.length - 1),
    q3: fc.nat(CHOICES.q3.length - 1)
  });
  type Pick = { q1: number; q2: number; q3: number };
  const answersOf = (p: Pick) => ({
    q1: CHOICES.q1[p.q1]![0],
    q2: CHOICES.q2[p.q2]![0],
    q3: CHOICES.q3[p.q3]![0]
  });
  const scoreOf = (p: Pick) =>
    Number(CHOICES.q1[p.q1]![1]) + Number(CHOICES.q2[p.q2]![1]) + Number(CHOICES.q3[p.q3]![1]);

  /** One copy of an event on one device: its wall time and a sort key per ordering. */
  const copy = fc.record({
    wall: fc.integer({ min: 1, max: 86_400_000 }),
    keyA: fc.double({ min: 0, max: 1, noNaN: true }),
    keyB: fc.double({ min: 0, max: 1, noNaN: true })
  });
  const event = fc.record({
    what: fc.oneof(
      fc.record({ kind: fc.constant('lesson' as const), lesson: fc.constantFrom(...LESSONS) }),
      fc.record({ kind: fc.constant('attempt' as const), attempt: fc.nat(4) })
    ),
    // Which of up to three devices sent it (a lesson read on two phones, an attempt re-sent).
    copies: fc.array(fc.option(copy, { nil: undefined }), { minLength: 3, maxLength: 3 })
  });
  const schedule = fc.array(
    fc.record({ device: fc.nat(2), size: fc.integer({ min: 1, max: 4 }), retry: fc.boolean() }),
    { maxLength: 30 }
  );
  const scenario = fc.record({
    devices: fc.integer({ min: 2, max: 3 }),
    attempts: fc.array(answerSet, { minLength: 5, maxLength: 5 }),
    events: fc.array(event, { minLength: 1, maxLength: 12 }),
    orderA: schedule,
    orderB: schedule
  });
  type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

  const NODES = ['dev0', 'dev1', 'dev2'];
  const stamp = (wall: number, d: number) =>
    encodeHlc({ wall: NOW.getTime() - wall, counter: 0, node: NODES[d]! });

  /** What the server must hold whatever the order: the oracle, from the multiset alone. */
  function expected(s: Scenario) {
    const lessons = new Map<string, string>();
    const attempts = new Map<number, number>();
    for (const e of s.events) {
      e.copies.forEach((c, d) => {
        if (!c || d >= s.devices) return;
        if (e.what.kind === 'lesson') {
          const at = stamp(c.wall, d);
          const prev = lessons.get(e.what.lesson);
          if (!prev || at < prev) lessons.set(e.what.lesson, at);
        } else {
          attempts.set(e.what.attempt, scoreOf(s.attempts[e.what.attempt]!));
        }
      });
    }
    return {
      lessons: Object.fromEntries([...lessons].sort(([a], [b]) => a.localeCompare(b))),
      attempts: Object.fromEntries([...attempts].sort(([a], [b]) => a - b)),
      best: attempts.size ? Math.max(...attempts.values()) : null
    };
  }

  /** Pushes the scenario for a fresh learner in one ordering; returns the server's state. */
  async function play(s: Scenario, order: 'A' | 'B') {
    const me = newLearner();
    const setup = device('setup');
    expect(await setup.send('createLearner', me)).toMatchObject(applied());
    const attemptIds: string[] = s.attempts.map(() => crypto.randomUUID());
    const outboxes: Mutation[][] = [];
    const clients: ReturnType<typeof device>[] = [];
    for (let d = 0; d < s.devices; d++) {
      const dev = device(NODES[d]);
      clients.push(dev);
      const mine = s.events
        .flatMap((e) => {
          const c = e.copies[d];
          return c ? [{ e, c }] : [];
        })
        // A device's outbox is in its clock's order (its stamps only grow; the server
        // floors any that go back, issue 8); the two orders differ in how the devices'
        // pushes interleave, are batched and retried.
        .sort((x, y) => y.c.wall - x.c.wall || x.c.keyA - y.c.keyA);
      outboxes.push(
        mine.map(({ e, c }) =>
          e.what.kind === 'lesson'
            ? dev.make(
                'completeLesson',
                { learnerId: me.learnerId, courseId: 'prueba', lessonId: e.what.lesson },
                NOW.getTime() - c.wall
              )
            : dev.make(
                'submitQuizAttempt',
                {
                  attemptId: attemptIds[e.what.attempt],
                  learnerId: me.learnerId,
                  courseId: 'prueba',
                  courseVersion: 1,
                  answers: answersOf(s.attempts[e.what.attempt]!)
                },
                NOW.getTime() - c.wall
              )
        )
      );
    }
    const sent = outboxes.map(() => 0);
    const outcomes: Outcome[] = [];
    const pushNext = async (d: number, size: number, retry: boolean) => {
      const batch = outboxes[d]!.slice(sent[d], sent[d]! + size);
      if (batch.length === 0) return;
      outcomes.push(...(await clients[d]!.pushBatch(batch)));
      // A lost response: the device sends the same batch again, and the server skips it.
      if (retry) expect(await clients[d]!.pushBatch(batch)).toEqual([]);
      sent[d] = sent[d]! + batch.length;
    };
    for (const step of order === 'A' ? s.orderA : s.orderB) {
      await pushNext(step.device % s.devices, step.size, step.retry);
    }
    for (let d = s.devices - 1; d >= 0; d--) {
      await pushNext(d, outboxes[d]!.length, false);
    }
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(outcomes).toHaveLength(outboxes.reduce((n, o) => n + o.length, 0));

    const lessons = await progressOf(me.learnerId);
    const attempts = await attemptsOf(me.learnerId);
    return {
      lessons: Object.fromEntries(lessons.map((l) => [l.lesson_id, l.stamp])),
      attempts: Object.fromEntries(
        attempts
          .map((a) => [attemptIds.indexOf(a.id), Number(a.score)] as const)
          .sort(([a], [b]) => a - b)
      ),
      best: attempts.length ? Math.max(...attempts.map((a) => Number(a.score))) : null
    };
  }

  it('any interleaving, order and duplication of the same progress ends in the same state', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const want = expected(s);
        const a = await play(s, 'A');
        const b = await play(s, 'B');
        expect(a).toEqual(want);
        expect(b).toEqual(a);
      }),
      { numRuns: 100 }
    );
  });
});

describe('courseFigures', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('counts started and completed learners and averages each learner’s best score', async () => {
    await importAnother(
      course({
        'course.md':
          '---\ntitle: Curso sin prueba\nsummary: Sin quiz.\nlanguage: es\nlevel: inicial\nminutes: 10\npassMark: 60\n---\n',
        'quiz.md': null
      }),
      'sin-prueba'
    );
    const d = device();
    const learner = async () => {
      const me = newLearner();
      await d.send('createLearner', me);
      return me.learnerId;
    };
    const read = async (learnerId: string, lessonId: string, courseId = 'prueba') =>
      expect(await d.send('completeLesson', { learnerId, courseId, lessonId })).toMatchObject(
        applied()
      );
    const quiz = async (learnerId: string, answers: Record<string, number[]>) =>
      expect(
        await d.send('submitQuizAttempt', {
          attemptId: crypto.randomUUID(),
          learnerId,
          courseId: 'prueba',
          courseVersion: 1,
          answers
        })
      ).toMatchObject(applied());

    // Ana read everything and passed on her second try (33%, then 100%): completed.
    const ana = await learner();
    await read(ana, 'inicio');
    await read(ana, 'final');
    await quiz(ana, { q1: [0] });
    await quiz(ana, RIGHT);
    // Beto read everything but never passed (0%, then 33%): started only.
    const beto = await learner();
    await read(beto, 'inicio');
    await read(beto, 'final');
    await quiz(beto, {});
    await quiz(beto, { q3: [0] });
    // Carla read one lesson: started only.
    const carla = await learner();
    await read(carla, 'inicio');
    // Dora read one lesson and one that is no longer in the course: started only.
    const dora = await learner();
    await read(dora, 'inicio');
    await read(dora, 'retirada');
    // Eva read every lesson of the course without a quiz: completed there.
    const eva = await learner();
    await read(eva, 'inicio', 'sin-prueba');
    await read(eva, 'final', 'sin-prueba');
    // Fede made a learner and did nothing: not counted anywhere.
    await learner();

    const figures = await courseFigures(t.db);
    expect(figures).toEqual([
      {
        courseId: 'prueba',
        title: 'Curso de prueba',
        version: 1,
        lessons: 2,
        started: 4,
        completed: 1,
        // Mean of the best: (100 + 33.3) / 2 = 66.7, not the mean of all four attempts (41.7).
        averageScore: 67,
        attempts: 4
      },
      {
        courseId: 'sin-prueba',
        title: 'Curso sin prueba',
        version: 1,
        lessons: 2,
        started: 1,
        completed: 1,
        averageScore: null,
        attempts: 0
      }
    ]);
  });

  it('reports a course nobody has started as zeros', async () => {
    expect(await courseFigures(t.db)).toEqual([
      {
        courseId: 'prueba',
        title: 'Curso de prueba',
        version: 1,
        lessons: 2,
        started: 0,
        completed: 0,
        averageScore: null,
        attempts: 0
      }
    ]);
  });
});

describe('learnerByCode', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('returns the lessons and attempts of the learner with sha256(code), and null otherwise', async () => {
    const code = 'ACDEFGHJKMNP';
    const me = newLearner(code);
    const someoneElse = newLearner('QRTUVWXY3467');
    const d = device('d');
    const wall = NOW.getTime() - 10_000;
    await d.send('createLearner', me);
    await d.send('createLearner', someoneElse);
    await d.send('completeLesson', {
      learnerId: me.learnerId,
      courseId: 'prueba',
      lessonId: 'inicio'
    });
    await d.send(
      'completeLesson',
      { learnerId: me.learnerId, courseId: 'prueba', lessonId: 'final' },
      wall
    );
    await device('e').send('completeLesson', {
      learnerId: someoneElse.learnerId,
      courseId: 'prueba',
      lessonId: 'inicio'
    });
    const attemptId = crypto.randomUUID();
    await d.send(
      'submitQuizAttempt',
      {
        attemptId,
        learnerId: me.learnerId,
        courseId: 'prueba',
        courseVersion: 1,
        answers: { q1: [0], q2: [0, 1] }
      },
      wall
    );

    const state = await learnerByCode(t.db, code);
    expect(state?.learnerId).toBe(me.learnerId);
    expect(
      [...(state?.lessons ?? [])].sort((a, b) => a.lessonId.localeCompare(b.lessonId))
    ).toEqual([
      {
        courseId: 'prueba',
        lessonId: 'final',
        completedAt: encodeHlc({ wall, counter: 0, node: 'd' })
      },
      {
        courseId: 'prueba',
        lessonId: 'inicio',
        completedAt: encodeHlc({ wall: NOW.getTime() - 60_000, counter: 0, node: 'd' })
      }
    ]);
    expect(state?.attempts).toEqual([
      {
        id: attemptId,
        courseId: 'prueba',
        score: 2,
        maxScore: 3,
        passed: true,
        at: encodeHlc({ wall, counter: 0, node: 'd' })
      }
    ]);
    expect(await learnerByCode(t.db, 'XXXXXXXXXXXX')).toBeNull();
    expect((await learnerByCode(t.db, 'QRTUVWXY3467'))?.lessons).toHaveLength(1);
  });
});
