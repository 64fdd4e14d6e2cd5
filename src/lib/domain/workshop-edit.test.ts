import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHlc } from './hlc';
import {
  mergeFields,
  parseFieldStamps,
  WORKSHOP_REJECTIONS,
  WORKSHOP_TEXT_LIMITS,
  workshopFieldProblems,
  type FieldStamps
} from './workshop-edit';

const stamp = (wall: number, node = 'a', counter = 0) => encodeHlc({ wall, counter, node });

interface Texts {
  title: string;
  room: string;
  bring: string;
}
const START: Texts = { title: 'Correo', room: 'Sala 1', bring: '' };

describe('mergeFields', () => {
  it('writes a field when the edit is later than the stamp that holds it', () => {
    const r = mergeFields(START, { title: stamp(100) }, { title: 'Correo y más' }, stamp(200));
    expect(r.next.title).toBe('Correo y más');
    expect(r.nextStamps.title).toBe(stamp(200));
    expect(r.applied).toEqual(['title']);
    expect(r.overwritten).toEqual([]);
  });

  it('reports, and keeps, a field whose stored stamp is later', () => {
    const stamps = { title: stamp(300, 'console') };
    const r = mergeFields(START, stamps, { title: 'Viejo', room: 'Sala 2' }, stamp(200, 'desk'));
    expect(r.next).toEqual({ ...START, room: 'Sala 2' });
    expect(r.nextStamps).toEqual({ title: stamp(300, 'console'), room: stamp(200, 'desk') });
    expect(r.applied).toEqual(['room']);
    expect(r.overwritten).toEqual(['title']);
  });

  it('writes fields never stamped (seeded), and leaves fields not sent alone', () => {
    const r = mergeFields(START, {}, { bring: 'Cédula' }, stamp(1));
    expect(r.next).toEqual({ ...START, bring: 'Cédula' });
    expect(r.nextStamps).toEqual({ bring: stamp(1) });
  });

  it('writes nothing for the same edit again (an equal stamp)', () => {
    const once = mergeFields(START, {}, { room: 'Sala 9' }, stamp(5));
    const again = mergeFields(once.next, once.nextStamps, { room: 'Sala 9' }, stamp(5));
    expect(again.applied).toEqual([]);
    expect(again.next).toEqual(once.next);
  });

  it('does not change its inputs', () => {
    const stamps: FieldStamps = { title: stamp(1) };
    const current = { ...START };
    mergeFields(current, stamps, { title: 'X' }, stamp(2));
    expect(current).toEqual(START);
    expect(stamps).toEqual({ title: stamp(1) });
  });

  // Any order of arrival of the same edits ends in the same workshop, and each field holds
  // the value of the latest-stamped edit that sent it.
  it('is commutative: every order of the same edits ends the same', () => {
    const field = fc.constantFrom('title', 'room', 'bring');
    const edit = fc.record({
      wall: fc.integer({ min: 0, max: 50 }),
      counter: fc.integer({ min: 0, max: 3 }),
      node: fc.constantFrom('desk-1', 'desk-2', 's-librarian'),
      fields: fc.dictionary(field, fc.string({ maxLength: 4 }), { minKeys: 1 })
    });
    const edits = fc
      .uniqueArray(edit, {
        minLength: 1,
        maxLength: 8,
        // Distinct stamps: a stamp names one edit (node ids make ties impossible).
        selector: (e) => stamp(e.wall, e.node, e.counter)
      })
      .chain((list) =>
        fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))
      );
    fc.assert(
      fc.property(edits, ([inOrder, shuffled]) => {
        const run = (list: typeof inOrder) =>
          list.reduce(
            (acc, e) => {
              const r = mergeFields(
                acc.next,
                acc.stamps,
                e.fields as Partial<Texts>,
                stamp(e.wall, e.node, e.counter)
              );
              return { next: r.next, stamps: r.nextStamps };
            },
            { next: START, stamps: {} as FieldStamps }
          );
        const a = run(inOrder);
        const b = run(shuffled);
        expect(b).toEqual(a);
        for (const f of ['title', 'room', 'bring'] as const) {
          const senders = inOrder.filter((e) => f in e.fields);
          const last = senders
            .sort((x, y) =>
              stamp(x.wall, x.node, x.counter) < stamp(y.wall, y.node, y.counter) ? -1 : 1
            )
            .at(-1);
          expect(a.next[f]).toBe(last ? last.fields[f] : START[f]);
        }
      })
    );
  });
});

describe('workshopFieldProblems', () => {
  it('refuses a blank title and texts longer than the catalogue holds', () => {
    expect(workshopFieldProblems({ title: '   ' })).toEqual([
      { field: 'title', code: WORKSHOP_REJECTIONS.titleEmpty }
    ]);
    expect(
      workshopFieldProblems({ room: 'x'.repeat(WORKSHOP_TEXT_LIMITS.room + 1), summary: 'ok' })
    ).toEqual([{ field: 'room', code: WORKSHOP_REJECTIONS.tooLong }]);
    expect(
      workshopFieldProblems({ description: 'x'.repeat(WORKSHOP_TEXT_LIMITS.description) })
    ).toEqual([]);
  });
});

describe('parseFieldStamps', () => {
  it('reads stamps and ignores anything else', () => {
    expect(parseFieldStamps('{"title":"s1","room":3}')).toEqual({ title: 's1' });
    expect(parseFieldStamps('not json')).toEqual({});
    expect(parseFieldStamps('[1]')).toEqual({});
    expect(parseFieldStamps(null)).toEqual({});
  });
});
