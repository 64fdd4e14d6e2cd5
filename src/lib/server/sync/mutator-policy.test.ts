/**
 * Every mutator × every kind of device that can push (issue 8 §4): which reach the
 * mutator and which are recorded as `rejected: forbidden`, one table that fails when a new
 * mutator is added without a row. Staff and strangers never reach a mutator: the push
 * route is for device credentials only (tests/e2e/authorization.spec.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MUTATOR_ARGS, type MutatorName } from '../../domain/mutation';
import type { DeviceIdentity } from '../auth/types';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { writeTransaction } from '../db/index';
import {
  branch,
  category,
  registerArgs,
  session,
  stampAt,
  testDb,
  workshop,
  type TestDb
} from '../test/factories';
import { push, PushError } from './push';

const NOW = new Date('2026-11-25T15:00:00.000Z');
const CALLERS = ['phone', 'kiosk', 'desk', 'kiosk-other-park'] as const;
type CallerName = (typeof CALLERS)[number];

// A = reaches the mutator (it may still refuse for its own reasons); F = rejected:
// forbidden; P = the whole push is refused (403 wrong_park) before any mutator runs.
//                                        phone kiosk desk kiosk-other-park
const MATRIX: Record<MutatorName, string> = {
  registerAttendee: '                     A     A     A    P',
  cancelRegistration: '                   A     A     A    P',
  cancelByCode: '                         F     A     A    P',
  checkIn: '                              F     A     A    P',
  createLearner: '                        A     A     A    P',
  completeLesson: '                       A     A     A    P',
  submitQuizAttempt: '                    A     A     A    P',
  changeCapacity: '                       F     F     A    P',
  moveSession: '                          F     F     A    P',
  cancelSession: '                        F     F     A    P',
  createSeries: '                         F     F     A    P',
  saveWorkshop: '                         F     F     A    P',
  archiveWorkshop: '                      F     F     A    P',
  addWalkIn: '                            F     F     A    P',
  releaseNoShows: '                       F     F     A    P'
};

const uuid = () => crypto.randomUUID();
const ARGS: Record<MutatorName, () => unknown> = {
  registerAttendee: () => registerArgs('s1'),
  cancelRegistration: () => ({ registrationId: uuid(), code: 'ACDEFGHJ' }),
  cancelByCode: () => ({ code: 'ACDEFGHJ' }),
  checkIn: () => ({ code: 'ACDEFGHJ' }),
  createLearner: () => ({ learnerId: uuid(), codeHash: 'a'.repeat(64) }),
  completeLesson: () => ({ learnerId: uuid(), courseId: 'curso', lessonId: 'leccion' }),
  submitQuizAttempt: () => ({
    attemptId: uuid(),
    learnerId: uuid(),
    courseId: 'curso',
    courseVersion: 1,
    answers: {}
  }),
  changeCapacity: () => ({ sessionId: 's1', capacity: 30 }),
  moveSession: () => ({
    sessionId: 's1',
    startsAt: '2026-11-26T15:00:00.000Z',
    endsAt: '2026-11-26T16:00:00.000Z'
  }),
  cancelSession: () => ({ sessionId: 's1', reason: 'Corte de energía' }),
  createSeries: () => ({
    seriesId: uuid(),
    workshopId: 'w1',
    rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=2',
    startsLocal: '2026-11-26T09:00',
    durationMinutes: 60,
    room: 'Sala',
    capacity: 10,
    exdates: []
  }),
  saveWorkshop: () => ({ workshopId: 'w1', fields: { title: 'Taller' } }),
  archiveWorkshop: () => ({ workshopId: 'w1', archived: true }),
  addWalkIn: () => ({ walkInId: uuid(), sessionId: 's1' }),
  releaseNoShows: () => ({ sessionId: 's1', to: 'waitlist' })
};

let t: TestDb;
beforeEach(async () => {
  t = await testDb();
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a'), branch('br-b')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
    await saveSessions(trx, v, [
      session('s1', 'w1', 'br-a', { startsAt: '2026-11-26T14:00:00.000Z' })
    ]);
  });
});
afterEach(async () => {
  await t.cleanup();
});

function device(name: CallerName): DeviceIdentity {
  if (name === 'phone') return { id: uuid(), kind: 'phone', branchId: null };
  if (name === 'kiosk-other-park') return { id: uuid(), kind: 'kiosk', branchId: 'br-b' };
  return { id: uuid(), kind: name, branchId: 'br-a' };
}

describe('mutator × device', () => {
  it('has a row for every mutator and a cell for every caller', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(MUTATOR_ARGS).sort());
    for (const row of Object.values(MATRIX)) {
      expect(row.trim().split(/\s+/)).toHaveLength(CALLERS.length);
    }
  });

  it('each cell answers as the table says', async () => {
    const wrong: string[] = [];
    for (const [name, row] of Object.entries(MATRIX) as [MutatorName, string][]) {
      const cells = row.trim().split(/\s+/);
      for (const [i, caller] of CALLERS.entries()) {
        const d = device(caller);
        let got: string;
        try {
          const res = await push(
            t.db,
            {
              clientId: d.id,
              branchId: 'br-a',
              pendingCount: 0,
              mutations: [{ id: 1, name, args: ARGS[name](), at: stampAt(NOW.getTime() - 1000) }]
            },
            () => NOW,
            d
          );
          got = res.outcomes[0]?.reason === 'forbidden' ? 'F' : 'A';
        } catch (e) {
          got = e instanceof PushError && e.code === 'wrong_park' ? 'P' : String(e);
        }
        if (got !== cells[i]) wrong.push(`${name} from ${caller}: wanted ${cells[i]}, got ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
